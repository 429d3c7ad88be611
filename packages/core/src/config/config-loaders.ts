import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LLMError } from '@llm/errors';
import type * as Yaml from 'yaml';
import type { ClientConfigInput } from './config-schema.js';

const require = createRequire(import.meta.url);

/** yaml, loaded by the first YAML config read (an application configured in code never loads it). */
function parseYaml(text: string): unknown {
  return (require('yaml') as typeof Yaml).parse(text);
}

/** Environment variables as `process.env` holds them. */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

/** `LLM_*` variable → path in the config. */
export const ENV_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  LLM_PROVIDER: ['provider'],
  LLM_MODEL: ['model'],
  LLM_API_KEY: ['apiKey'],
  LLM_BASE_URL: ['baseUrl'],
  LLM_TIMEOUT: ['timeout'],
  LLM_MAX_RETRIES: ['retry', 'maxRetries'],
  LLM_REQUESTS_PER_MINUTE: ['rateLimit', 'requestsPerMinute'],
  LLM_MAX_TOKENS_PER_MINUTE: ['rateLimit', 'tokensPerMinute'],
  LLM_MAX_CONCURRENT_CALLS: ['rateLimit', 'maxConcurrentCalls'],
  LLM_MAX_COST_PER_REQUEST: ['cost', 'maxCostPerRequest'],
  LLM_MAX_BUDGET: ['cost', 'maxBudget'],
  LLM_BUDGET_PERIOD: ['cost', 'budgetPeriod'],
  LLM_LOG_LEVEL: ['logging', 'level'],
  // Beyond the list: every other section of the config, so an environment can set it all.
  LLM_LOG_CONTENT: ['logging', 'logContent'],
  LLM_KEEP_ALIVE: ['keepAlive'],
  LLM_RETRY_INITIAL_DELAY: ['retry', 'initialDelay'],
  LLM_RETRY_MULTIPLIER: ['retry', 'multiplier'],
  LLM_RETRY_MAX_DELAY: ['retry', 'maxDelay'],
  LLM_RETRY_MAX_TOTAL_TIME: ['retry', 'maxTotalTime'],
  LLM_TIMEOUT_FIRST_CHUNK: ['timeouts', 'firstChunk'],
  LLM_TIMEOUT_IDLE: ['timeouts', 'idle'],
  LLM_MAX_QUEUE_SIZE: ['rateLimit', 'maxQueueSize'],
  LLM_MAX_QUEUE_WAIT: ['rateLimit', 'maxWait'],
  LLM_CIRCUIT_BREAKER_ENABLED: ['circuitBreaker', 'enabled'],
  LLM_CIRCUIT_BREAKER_FAILURE_THRESHOLD: ['circuitBreaker', 'failureThreshold'],
  LLM_CIRCUIT_BREAKER_OPEN_DURATION: ['circuitBreaker', 'openDuration'],
  LLM_CACHE_ENABLED: ['cache', 'enabled'],
  LLM_CACHE_TTL: ['cache', 'ttl'],
  LLM_CACHE_MAX_ENTRIES: ['cache', 'maxEntries'],
  LLM_TELEMETRY_ENABLED: ['telemetry', 'enabled'],
  LLM_TELEMETRY_RECORD_CONTENT: ['telemetry', 'recordContent'],
  LLM_TELEMETRY_SEMCONV: ['telemetry', 'semconv'],
};

type Tree = Record<string, unknown>;

function setPath(target: Tree, path: readonly string[], value: unknown): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = node[key];
    node = (typeof next === 'object' && next !== null ? next : (node[key] = {})) as Tree;
  }
  node[path[path.length - 1]!] = value;
}

/** Reads the `LLM_*` variables into a (partial, unvalidated) config. Empty variables are ignored. */
export function configFromEnv(env: ConfigEnv = process.env): Partial<ClientConfigInput> {
  const out: Tree = {};
  for (const [name, path] of Object.entries(ENV_VARIABLES)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') setPath(out, path, value.trim());
  }
  return out as Partial<ClientConfigInput>;
}

/** Parses YAML text of the config's shape (unvalidated). */
export function configFromYaml(text: string, source = 'YAML config'): Partial<ClientConfigInput> {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new LLMError({ code: 'configuration', message: `${source} is not valid YAML: ${(err as Error).message}`, cause: err });
  }
  if (doc == null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new LLMError({ code: 'configuration', message: `${source} must be a mapping of config fields` });
  }
  return doc as Partial<ClientConfigInput>;
}

export function configFromYamlFile(path: string): Partial<ClientConfigInput> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new LLMError({ code: 'configuration', message: `cannot read config file ${path}: ${(err as Error).message}`, cause: err });
  }
  return configFromYaml(text, path);
}

function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep-merges partial configs; later ones win, `undefined` never overwrites. */
export function mergeConfig(...parts: ReadonlyArray<Partial<ClientConfigInput> | undefined>): Partial<ClientConfigInput> {
  const out: Tree = {};
  const merge = (target: Tree, source: Tree) => {
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) continue;
      if (isTree(value) && isTree(target[key])) merge(target[key] as Tree, value);
      else target[key] = isTree(value) ? merge({}, value) : value;
    }
    return target;
  };
  for (const part of parts) if (part) merge(out, part as Tree);
  return out as Partial<ClientConfigInput>;
}
