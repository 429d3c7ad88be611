import Anthropic from '@anthropic-ai/sdk';
import { startFakeAnthropicServer, startFakeOpenAIServer, type FakeOpenAIServerOptions, type FakeServer } from '@llm/mocks';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';

/** The built gateway in front of a fake OpenAI and a fake Anthropic server, for one `describe`. */
export interface GatewayWithFakeVendors {
  readonly openai: FakeServer;
  readonly anthropic: FakeServer;
  readonly gateway: GatewayProcess;
  /** The official `openai` SDK pointed at the gateway (SDK retries off unless asked, so each reply is the gateway's own). */
  openaiClient(apiKey?: string, maxRetries?: number): OpenAI;
  /** The official `@anthropic-ai/sdk` pointed at the gateway. */
  anthropicClient(apiKey?: string, maxRetries?: number): Anthropic;
}

export interface GatewayWithFakeVendorsOptions {
  /** The gateway's YAML config; the vendors' keys and base URLs are in its environment. */
  config: string;
  /** More environment for the gateway (keys the config interpolates). */
  env?: Record<string, string>;
  /** Options of the fake OpenAI server (its model list). */
  openai?: FakeOpenAIServerOptions;
}

/** A client key the gateway does not check: it listens on loopback without client keys. */
const NO_KEY = 'not-checked-on-loopback';

/**
 * Registers the hooks of the current `describe`: starts both fake vendors and the gateway before
 * its tests, stops them after, and clears the fakes' scripts and records before each test.
 * The returned object's servers can be read once the `beforeAll` has run (inside tests and hooks).
 */
export function useGatewayWithFakeVendors(options: GatewayWithFakeVendorsOptions): GatewayWithFakeVendors {
  let started: { openai: FakeServer; anthropic: FakeServer; gateway: GatewayProcess } | undefined;
  const running = (): NonNullable<typeof started> => {
    if (!started) throw new Error('the gateway and its fake vendors are not started yet: read them inside a test or a hook');
    return started;
  };
  let openai: FakeServer | undefined;
  let anthropic: FakeServer | undefined;
  let gateway: GatewayProcess | undefined;

  beforeAll(async () => {
    [openai, anthropic] = await Promise.all([startFakeOpenAIServer(options.openai), startFakeAnthropicServer()]);
    gateway = await startGatewayProcess({
      env: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl, ANTHROPIC_API_KEY: anthropic.apiKey, ANTHROPIC_BASE_URL: anthropic.url, ...options.env },
      config: options.config,
    });
    started = { openai, anthropic, gateway };
  });
  afterAll(async () => {
    // Whatever did start is stopped, also when the start failed half-way.
    await gateway?.stop();
    await Promise.all([openai?.close(), anthropic?.close()]);
  });
  beforeEach(() => {
    running().openai.reset();
    running().anthropic.reset();
  });

  return {
    get openai() {
      return running().openai;
    },
    get anthropic() {
      return running().anthropic;
    },
    get gateway() {
      return running().gateway;
    },
    openaiClient: (apiKey = NO_KEY, maxRetries = 0) => new OpenAI({ apiKey, baseURL: `${running().gateway.url}/v1`, maxRetries }),
    anthropicClient: (apiKey = NO_KEY, maxRetries = 0) => new Anthropic({ apiKey, baseURL: running().gateway.url, maxRetries }),
  };
}
