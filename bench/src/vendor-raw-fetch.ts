/**
 * The floor every vendor path is measured against: Node's `fetch`, the vendor's wire format read by
 * hand (split on blank lines, `JSON.parse` per event), nothing else. What parsing the wire costs.
 */
import { StreamTally, type StreamRun, type VendorCall, type VendorName } from './vendor-call.js';

interface Wire {
  /** Line end of the SSE framing: Google frames with CRLF, the others with LF. */
  eol: '\n' | '\r\n';
  jsonUrl(baseUrl: string, model: string): string;
  streamUrl(baseUrl: string, model: string): string;
  headers(apiKey: string): Record<string, string>;
  body(model: string, prompt: string, stream: boolean): unknown;
  /** The text of a whole reply. */
  replyText(reply: unknown): string;
  /** The text delta of one event's JSON (and its SSE event name), or undefined. */
  deltaText(json: unknown, event: string | undefined): string | undefined;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a raw wire reader, as an application would write it

const chatCompletions: Wire = {
  eol: '\n',
  jsonUrl: (base) => `${base}/chat/completions`,
  streamUrl: (base) => `${base}/chat/completions`,
  headers: (apiKey) => ({ authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }),
  body: (model, prompt, stream) => ({ model, messages: [{ role: 'user', content: prompt }], ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}) }),
  replyText: (reply) => (reply as Json).choices[0]?.message?.content ?? '',
  deltaText: (json) => (json as Json).choices?.[0]?.delta?.content ?? undefined,
};

const WIRES: Record<VendorName, Wire> = {
  openai: chatCompletions,
  groq: chatCompletions,
  openrouter: chatCompletions,
  anthropic: {
    eol: '\n',
    jsonUrl: (base) => `${base}/v1/messages`,
    streamUrl: (base) => `${base}/v1/messages`,
    headers: (apiKey) => ({ 'x-api-key': apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }),
    body: (model, prompt, stream) => ({ model, max_tokens: 1024, messages: [{ role: 'user', content: prompt }], ...(stream ? { stream: true } : {}) }),
    replyText: (reply) => ((reply as Json).content as Json[]).map((b) => (b.type === 'text' ? b.text : '')).join(''),
    deltaText: (json, event) => (event === 'content_block_delta' && (json as Json).delta?.type === 'text_delta' ? (json as Json).delta.text : undefined),
  },
  google: {
    eol: '\r\n',
    jsonUrl: (base, model) => `${base}/v1beta/models/${model}:generateContent`,
    streamUrl: (base, model) => `${base}/v1beta/models/${model}:streamGenerateContent?alt=sse`,
    headers: (apiKey) => ({ 'x-goog-api-key': apiKey, 'content-type': 'application/json' }),
    body: (_model, prompt) => ({ contents: [{ role: 'user', parts: [{ text: prompt }] }] }),
    replyText: (reply) => ((reply as Json).candidates?.[0]?.content?.parts as Json[]).map((p) => p.text ?? '').join(''),
    deltaText: (json) => (json as Json).candidates?.[0]?.content?.parts?.[0]?.text ?? undefined,
  },
};

/** Raw fetch for one vendor: the base URL is the fake server's (with the vendor's path prefix, as its SDK takes it). */
export function rawFetchCall(vendor: VendorName, baseUrl: string, apiKey: string, model: string, prompt: string): VendorCall {
  const wire = WIRES[vendor];
  const headers = wire.headers(apiKey);
  const jsonBody = JSON.stringify(wire.body(model, prompt, false));
  const streamBody = JSON.stringify(wire.body(model, prompt, true));
  const eol = wire.eol;
  const blank = eol + eol;
  return {
    json: async () => {
      const res = await fetch(wire.jsonUrl(baseUrl, model), { method: 'POST', headers, body: jsonBody });
      if (!res.ok) throw new Error(`raw fetch: HTTP ${res.status}`);
      return wire.replyText(await res.json());
    },
    stream: async (): Promise<StreamRun> => {
      const run = new StreamTally();
      const res = await fetch(wire.streamUrl(baseUrl, model), { method: 'POST', headers, body: streamBody });
      if (!res.ok || !res.body) throw new Error(`raw fetch: HTTP ${res.status}`);
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const bytes of res.body) {
        buffer += decoder.decode(bytes, { stream: true });
        for (let end = buffer.indexOf(blank); end !== -1; end = buffer.indexOf(blank)) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + blank.length);
          let event: string | undefined;
          let data = '';
          for (const line of frame.split(eol)) {
            if (line.startsWith('data:')) data = line.slice(line[5] === ' ' ? 6 : 5);
            else if (line.startsWith('event:')) event = line.slice(line[6] === ' ' ? 7 : 6);
          }
          if (!data || data === '[DONE]') continue;
          const delta = wire.deltaText(JSON.parse(data), event);
          if (delta) run.add(delta);
        }
      }
      return run;
    },
  };
}
