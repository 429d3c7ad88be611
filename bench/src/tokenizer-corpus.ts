/** A fixed, generated corpus (same bytes every run): prose, code, numbers and non-Latin text. */
import { seededRandom as rng } from '@llm/mocks';

const PROSE =
  'the a of and to in is that for it as was with be by on not he this are or his from at which but have an they you were her she there been one all we their has would when if so no will can more out up into do any your what some could them other than then now only its time over also new these two may first people way after back most where our down made many well'.split(
    ' ',
  );
const RARE = ['tokenization', 'idempotency', 'observability', 'Kubernetes', 'asynchronous', 'middleware', 'throughput', 'backpressure', 'serialization', 'circumstances'];
const CODE = [
  'export async function handler(req: Request): Promise<Response> {\n  const body = await req.json();\n  return new Response(JSON.stringify({ ok: true, id: body.id }), { status: 200 });\n}\n',
  'for (let i = 0; i < items.length; i++) {\n  if (items[i].price > 100) total += items[i].price * 0.9;\n}\n',
  'SELECT user_id, COUNT(*) AS orders FROM orders WHERE created_at > NOW() - INTERVAL \'7 days\' GROUP BY user_id;\n',
  'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n',
];
const OTHER = ['Größenordnung und Straße', 'café déjà vu', '東京は日本の首都です。', 'Привет, как дела?', 'مرحبا بالعالم', '🚀✨ emoji 👍🏽', '한국어 텍스트'];

function sentence(next: () => number): string {
  const words: string[] = [];
  const n = 6 + Math.floor(next() * 18);
  for (let i = 0; i < n; i++) {
    const r = next();
    words.push(r < 0.06 ? RARE[Math.floor(next() * RARE.length)]! : r < 0.1 ? String(Math.floor(next() * 100000)) : PROSE[Math.floor(next() * PROSE.length)]!);
  }
  const s = words.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}${next() < 0.2 ? '?' : '.'}`;
}

/** `count` documents of roughly 0.5–4 KB each. */
export function tokenizerCorpus(count = 400, seed = 42): string[] {
  const next = rng(seed);
  const docs: string[] = [];
  for (let d = 0; d < count; d++) {
    const parts: string[] = [];
    const target = 500 + Math.floor(next() * 3500);
    let length = 0;
    while (length < target) {
      const r = next();
      const part = r < 0.8 ? sentence(next) : r < 0.93 ? CODE[Math.floor(next() * CODE.length)]! : OTHER[Math.floor(next() * OTHER.length)]!;
      parts.push(part);
      length += part.length + 1;
    }
    docs.push(parts.join(next() < 0.5 ? ' ' : '\n'));
  }
  return docs;
}
