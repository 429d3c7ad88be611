/**
 * A CommonJS user: `require()` of the ES module packages (Node 20.19+ loads ES modules from
 * require). Type-checked as CommonJS (module nodenext), then a chat against the fake server.
 */
import core = require('@llm/core');
import provider = require('./provider-cjs.cjs');

const target = JSON.parse(process.env['LLM_RELEASE_CHECK'] ?? '{}') as { baseUrl: string; apiKey: string; model: string };

async function main(): Promise<void> {
  const llm = provider.createProvider({ model: target.model, apiKey: target.apiKey, baseUrl: target.baseUrl, logging: { level: 'silent' } });
  const reply = await llm.chat({ messages: [{ role: 'user', content: 'Say hello' }] });
  if (reply.text !== 'hello from the fake') throw new Error(`release check (require): chat text ${JSON.stringify(reply.text)}`);
  if (typeof core.isLLMError !== 'function') throw new Error('release check (require): @llm/core has no isLLMError');
  console.log(JSON.stringify({ ok: true, node: process.version, module: 'commonjs' }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
