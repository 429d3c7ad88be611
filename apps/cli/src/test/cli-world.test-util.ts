import { startFakeAnthropicServer, startFakeOpenAIServer, startFakeOpenRouterServer, type FakeServer } from '@llm/mocks';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createSandbox, type Sandbox } from './run-llm.test-util.js';

const START = { openai: startFakeOpenAIServer, anthropic: startFakeAnthropicServer, openrouter: startFakeOpenRouterServer } as const;
const VARIABLES = {
  openai: ['OPENAI_API_KEY', 'OPENAI_BASE_URL'],
  anthropic: ['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL'],
  openrouter: ['OPENROUTER_API_KEY', 'OPENROUTER_BASE_URL'],
} as const;
type Vendor = keyof typeof START;

/** A sandboxed HOME and fake vendor servers for a test file: started once, scripts reset before each test. */
export interface CliWorld<V extends Vendor> {
  readonly sandbox: Sandbox;
  readonly servers: Readonly<Record<V, FakeServer>>;
  /** The environment of a user whose keys for these vendors point at the fake servers. */
  keys(...vendors: V[]): Record<string, string>;
}

/** Registers the hooks of a test file that runs `llm` against fake vendor servers. */
export function useCliWorld<V extends Vendor>(...vendors: V[]): CliWorld<V> {
  const servers = {} as Record<V, FakeServer>;
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = createSandbox();
    const started = await Promise.all(vendors.map((v) => START[v]()));
    vendors.forEach((v, i) => (servers[v] = started[i]!));
  });
  afterAll(async () => {
    await Promise.all(Object.values<FakeServer>(servers).map((s) => s.close()));
    sandbox?.remove();
  });
  beforeEach(() => {
    for (const server of Object.values<FakeServer>(servers)) server.reset();
  });
  return {
    get sandbox() {
      return sandbox!;
    },
    servers,
    keys: (...which) => Object.fromEntries(which.flatMap((v) => [[VARIABLES[v][0], servers[v].apiKey], [VARIABLES[v][1], servers[v].baseUrl]])),
  };
}
