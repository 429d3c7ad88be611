import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { withApiKey, type ClientOption, type ClientSetup, type LLMClient } from '../client/index.js';
import type { ClientConfigInput } from '../config/index.js';
import { noopLogger } from '../logging/index.js';
import { coreModule, providerModule, resolveClient, resolveClientFromContainer, type ProviderFactory } from './di.js';

// Which factory a `provider:model` id reaches, and what the container hands it: the shared
// defaults under the id's provider and model, the shared logger, then the caller's options.

interface Made {
  factory: string;
  config: Partial<ClientConfigInput>;
  setup: ClientSetup;
}

/** A provider factory that records what it was asked to make (the client itself is not under test here). */
function recordingFactory(name: string, made: Made[]): ProviderFactory {
  return {
    name,
    createClient(config, ...options: ClientOption[]) {
      const setup: ClientSetup = { config: {}, middleware: [] };
      for (const option of options) option(setup);
      made.push({ factory: name, config, setup });
      return { name } as unknown as LLMClient;
    },
  };
}

describe('resolveClient', () => {
  it('picks the factory named by the id and gives it the defaults with the id merged over them', () => {
    const made: Made[] = [];
    resolveClient([recordingFactory('a', made), recordingFactory('b', made)], 'b:model-1', { model: 'ignored', timeout: 4000 }, withApiKey('k-123'));
    expect(made).toHaveLength(1);
    expect(made[0]!.factory).toBe('b');
    expect(made[0]!.config).toMatchObject({ provider: 'b', model: 'model-1', timeout: 4000 });
    expect(made[0]!.setup.config).toMatchObject({ apiKey: 'k-123' });
  });

  it('names the providers it knows when the id names another', () => {
    const made: Made[] = [];
    expect(() => resolveClient([recordingFactory('a', made), recordingFactory('b', made)], 'c:m')).toThrow(
      expect.objectContaining({ code: 'configuration', message: 'no provider "c" is registered (loaded: a, b); install and load @llm/c' }),
    );
    expect(() => resolveClient([], 'c:m')).toThrow(expect.objectContaining({ message: 'no provider "c" is registered (loaded: none); install and load @llm/c' }));
    expect(made).toHaveLength(0);
  });
});

describe('resolveClientFromContainer', () => {
  it('hands the factory the shared defaults and logger bound by coreModule', async () => {
    const made: Made[] = [];
    const container = new Container();
    await container.load(coreModule({ defaults: { timeout: 1000 }, logger: noopLogger }), providerModule(recordingFactory('p', made)));
    resolveClientFromContainer(container, 'p:m', withApiKey('k'));
    expect(made[0]!.config).toMatchObject({ provider: 'p', model: 'm', timeout: 1000 });
    expect(made[0]!.setup.logger).toBe(noopLogger);
    expect(made[0]!.setup.config).toMatchObject({ apiKey: 'k' });
  });

  it('without a logger or defaults bound, the factory gets neither', async () => {
    const made: Made[] = [];
    const container = new Container();
    await container.load(coreModule(), providerModule(recordingFactory('p', made)));
    resolveClientFromContainer(container, 'p:m');
    expect(made[0]!.config).toEqual({ provider: 'p', model: 'm' });
    expect(made[0]!.setup.logger).toBeUndefined();
  });

  it('an empty container knows no provider', () => {
    expect(() => resolveClientFromContainer(new Container(), 'p:m')).toThrow(expect.objectContaining({ code: 'configuration', message: expect.stringContaining('(loaded: none)') }));
  });
});
