import type { Scenario } from '@llm/mocks';

/** Content chunks per benchmark stream. */
export const STREAM_CHUNKS = 200;

/** Width of each word slot: the fake server splits the text into slices of exactly this size. */
const SLOT = 8;

const WORDS = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'while', 'models', 'stream', 'tokens', 'to', 'a', 'client'];

/**
 * 200 words, each padded to 8 characters: 1600 characters that the fake server's
 * `splitText(text, 200)` cuts into exactly 200 chunks of one word each.
 */
export const STREAM_TEXT = Array.from({ length: STREAM_CHUNKS }, (_, i) => `${WORDS[i % WORDS.length]!} `.padEnd(SLOT, ' ')).join('');

/** Sent as fast as the server can write: chunks coalesce into reads unpredictably. */
export const STREAM_SCENARIO: Scenario = { kind: 'text', text: STREAM_TEXT, chunks: STREAM_CHUNKS };

/** Gap between chunks of the paced stream, as a real model's tokens have: one socket read per chunk. */
export const PACE_MS = 1;

export const PACED_STREAM_SCENARIO: Scenario = { kind: 'text', text: STREAM_TEXT, chunks: STREAM_CHUNKS, fault: { kind: 'slow-chunks', delayMs: PACE_MS } };

/** Gap between chunks of the slow stream: 200 chunks take over 2 s, so that many streams are open at once. */
export const SLOW_PACE_MS = 10;

export const SLOW_STREAM_SCENARIO: Scenario = { kind: 'text', text: STREAM_TEXT, chunks: STREAM_CHUNKS, fault: { kind: 'slow-chunks', delayMs: SLOW_PACE_MS } };

/** What the child sends once its servers listen. */
export interface ChildReady {
  type: 'ready';
  apiKey: string;
  jsonBaseUrl: string;
  streamBaseUrl: string;
  pacedStreamBaseUrl: string;
  slowStreamBaseUrl: string;
}
