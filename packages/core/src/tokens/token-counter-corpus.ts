/**
 * A fixed corpus for measuring token counters: English and non-English prose (Latin, Cyrillic,
 * Greek, Arabic, Devanagari, Chinese, Japanese, Korean scripts), code, JSON, numbers and URLs,
 * emoji (skin tones, ZWJ sequences, flags) and odd whitespace. The OpenAI counter's test checks
 * exact counts on it; the estimate's error is measured on it (see docs/cost-and-budgets.md).
 * Never change a sample without regenerating the expected counts that depend on it.
 */
export interface CorpusSample {
  id: string;
  kind: 'prose' | 'non-english' | 'code' | 'data' | 'emoji' | 'mixed';
  text: string;
}

export const TOKEN_COUNTER_CORPUS: readonly CorpusSample[] = Object.freeze([
  {
    id: 'english-prose',
    kind: 'prose',
    text:
      'The quick brown fox jumps over the lazy dog. Budgets are checked before a call is sent: the worst case is the prompt ' +
      "plus every token the model may still write, priced at the model's rates. When the call ends, the reservation is settled " +
      'to what it really cost, and the difference goes back to the pool for the next caller.',
  },
  {
    id: 'english-dialogue',
    kind: 'prose',
    text: `"Can you summarise the meeting?" she asked.\n\n"Sure — three points: (1) ship v2.3 on Friday; (2) don't touch the billing code; (3) Bob's on call."\n`,
  },
  {
    id: 'german',
    kind: 'non-english',
    text: 'Die Kostenüberschreitung wurde rechtzeitig erkannt: Donaudampfschifffahrtsgesellschaftskapitän Müller hat die Übersicht über alle Ausgaben für Straßenbahnführerausbildung geprüft.',
  },
  {
    id: 'french-spanish',
    kind: 'non-english',
    text: "L'été dernier, nous avons déjà dépensé 75 % du budget. ¿Cuánto cuesta una llamada? Según el año y la región, la tarifa cambia.",
  },
  {
    id: 'russian',
    kind: 'non-english',
    text: 'Бюджет проверяется до отправки запроса: учитывается худший случай — все токены запроса и максимальный ответ модели. Съешь же ещё этих мягких французских булок, да выпей чаю.',
  },
  {
    id: 'greek-arabic',
    kind: 'non-english',
    text: 'Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. نص حكيم له سر قاطع وذو شأن عظيم مكتوب على ثوب أخضر ومغلف بجلد أزرق.',
  },
  {
    id: 'hindi',
    kind: 'non-english',
    text: 'ऋषियों को सताने वाले दुष्ट राक्षसों के राजा रावण का सर्वनाश करने वाले विष्णुवतार भगवान श्रीराम।',
  },
  {
    id: 'chinese',
    kind: 'non-english',
    text: '在发送请求之前，系统会先估算最坏情况下的费用：提示词的全部令牌加上模型可能生成的最大输出。如果超出预算，请求将被拒绝，不会到达供应商。',
  },
  {
    id: 'japanese',
    kind: 'non-english',
    text: 'いろはにほへと ちりぬるを。予算を超えると、リクエストは送信される前に拒否されます。カタカナのテキストも含めます：トークン、コスト、バジェット。',
  },
  {
    id: 'korean',
    kind: 'non-english',
    text: '다람쥐 헌 쳇바퀴에 타고파. 요청을 보내기 전에 최악의 비용을 계산합니다. 예산을 넘으면 요청은 거절됩니다.',
  },
  {
    id: 'typescript',
    kind: 'code',
    text: `export async function settle(store: BudgetStore, id: string, usd: number): Promise<void> {
  if (!Number.isFinite(usd) || usd < 0) throw new RangeError(\`bad amount: \${usd}\`);
  const started = performance.now();
  await store.settle(id, Math.round(usd * 1e12) / 1e12);
  logger.debug('settled', { id, ms: performance.now() - started });
}
`,
  },
  {
    id: 'python',
    kind: 'code',
    text: `def fib(n: int) -> list[int]:
    """Return the first n Fibonacci numbers."""
    out = [0, 1]
    while len(out) < n:
        out.append(out[-1] + out[-2])
    return out[:n]

if __name__ == "__main__":
    print(fib(10))  # [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
`,
  },
  {
    id: 'json',
    kind: 'data',
    text: '{"model":"gpt-4o-mini","usage":{"prompt_tokens":1234,"completion_tokens":56,"total_tokens":1290,"prompt_tokens_details":{"cached_tokens":1024}},"cost":{"total_usd":0.000219,"source":"computed"},"tags":{"user":"u_8f3a","feature":"search"}}',
  },
  {
    id: 'numbers-urls',
    kind: 'data',
    text: 'Call +1 (555) 010-9999 before 2025-06-30T23:59:59Z; pay $1,234,567.89 via https://example.com/billing/invoices?id=INV-000042&currency=USD#top or 3.14159265358979.',
  },
  {
    id: 'emoji',
    kind: 'emoji',
    text: 'Done ✅ Shipped 🚀🚀🚀 Team: 👩‍💻👨🏽‍🔬🧑🏿‍🚀 Family: 👨‍👩‍👧‍👦 Flags: 🇫🇷🇯🇵🇧🇷 Hearts ❤️🧡💛💚💙💜 Hands 👍🏻👍🏼👍🏽👍🏾👍🏿',
  },
  {
    id: 'mixed-markdown',
    kind: 'mixed',
    text: '## Résumé 📊\n\n| model | $/MTok in | $/MTok out |\n|---|---:|---:|\n| gpt-4o | 2.50 | 10.00 |\n| claude-sonnet | 3.00 | 15.00 |\n\n> 注意: prices change — check `genai-prices` 🔄\n\t- item\u00a0one\n\t- item   two\r\n',
  },
]);
