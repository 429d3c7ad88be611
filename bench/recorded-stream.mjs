// The memory-replay scripts' reply (stream-promises.mjs, prof-memory.mjs): one 200-chunk stream of
// `vendor` ('openai' or 'anthropic') fetched from the bench's fake vendor servers, as SSE frames and
// the reply's headers (without its length and framing), with the request it answered. The servers
// are left running for the caller to close (prof-memory.mjs SOCKET=1 streams from them).
import { startVendorServersProcess } from './dist/vendor-servers-process.js';

export async function recordStream(vendor) {
  const anthropic = vendor === 'anthropic';
  const model = anthropic ? 'claude-haiku-4-5' : 'gpt-4o-mini';
  const messages = [{ role: 'user', content: 'hi' }];
  const servers = await startVendorServersProcess();
  const { apiKey, streamBaseUrl } = servers.vendors[vendor];
  const res = await fetch(anthropic ? `${streamBaseUrl}/v1/messages` : `${streamBaseUrl}/chat/completions`, {
    method: 'POST',
    headers: anthropic ? { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' } : { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(anthropic ? { model, max_tokens: 1024, messages, stream: true } : { model, messages, stream: true, stream_options: { include_usage: true } }),
  });
  const frames = (await res.text()).split(/(?<=\n\n)/);
  const replyHeaders = [...res.headers].filter(([name]) => name !== 'content-length' && name !== 'transfer-encoding');
  return { anthropic, model, messages, servers, apiKey, streamBaseUrl, frames, replyHeaders };
}
