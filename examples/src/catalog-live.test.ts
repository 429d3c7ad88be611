import { createAnthropicProvider } from '@llm/anthropic';
import { createCatalog, provenanceOf } from '@llm/catalog';
import { createGoogleProvider } from '@llm/google';
import { startFakeAnthropicServer, startFakeGoogleServer, type FakeServer } from '@llm/mocks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let google: FakeServer;
let anthropic: FakeServer;
beforeAll(async () => {
  google = await startFakeGoogleServer();
  anthropic = await startFakeAnthropicServer();
});
afterAll(async () => {
  await google.close();
  await anthropic.close();
});

describe("the catalog refreshed from providers' live model lists", () => {
  it("takes what Gemini's and Anthropic's listModels() report, marked live with the time seen, and adds models it did not know", async () => {
    const seen = new Date('2026-11-29T10:00:00Z');
    const listed = [
      ...(await createGoogleProvider({ apiKey: google.apiKey, baseUrl: google.baseUrl }).listModels()),
      ...(await createAnthropicProvider({ apiKey: anthropic.apiKey, baseUrl: anthropic.baseUrl }).listModels()),
    ];
    const before = createCatalog({ at: seen });
    const after = before.withLiveModels(listed, { at: seen });

    const pro = after.require('google:gemini-2.5-pro');
    expect(pro.limits).toMatchObject({ context: 1_048_576, output: 65_536 });
    expect(provenanceOf(pro, 'limits.output')).toEqual({ source: 'live:google', verifiedAt: seen.toISOString(), via: null });
    expect(provenanceOf(pro, 'prices.input')?.source).toBe('genai-prices');
    // A model the snapshot lacks is added with what the listing says, the rest unknown.
    expect(before.get('google:text-embedding-004')).toBeUndefined();
    expect(after.require('google:text-embedding-004')).toMatchObject({ displayName: 'Text Embedding 004', limits: { context: 2048 }, capabilities: { toolCalling: false, temperature: 'unknown' } });
    for (const info of listed.filter((m) => m.provider === 'anthropic')) {
      const record = after.require(`anthropic:${info.id}`);
      expect(provenanceOf(record, 'id')?.source).toBe('live:anthropic');
    }
    expect(after.sources().filter((s) => s.kind === 'live').map((s) => [s.id, s.asOf])).toEqual([
      ['live:google', seen.toISOString()],
      ['live:anthropic', seen.toISOString()],
    ]);
  });
});
