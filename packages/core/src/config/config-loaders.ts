import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LLMError } from '@llm/errors';
import type * as Yaml from 'yaml';
import type { ClientConfigInput } from './config-schema.js';
import { FORBIDDEN_KEYS, suggestKey } from './config-keys.js';
import { describeYamlProblem, formatYamlProblem } from './yaml-problem.js';

const require = createRequire(import.meta.url);

/** yaml, loaded by the first YAML config read (an application configured in code never loads it). */
function parseYamlDocument(text: string, options: Yaml.ParseOptions & Yaml.DocumentOptions & Yaml.SchemaOptions): Yaml.Document.Parsed {
  return (require('yaml') as typeof Yaml).parseDocument(text, options);
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
  LLM_TRANSPORT: ['transport'],
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

/**
 * A tree node without a prototype: assigning `__proto__` or `constructor` to it makes an own
 * property (which validation then refuses), never a change to a prototype.
 */
function node(): Tree {
  return Object.create(null) as Tree;
}

function setPath(target: Tree, path: readonly string[], value: unknown): void {
  let at = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = Object.hasOwn(at, key) ? at[key] : undefined;
    at = (isTree(next) ? next : (at[key] = node())) as Tree;
  }
  at[path[path.length - 1]!] = value;
}

const KNOWN_VARIABLES = Object.keys(ENV_VARIABLES);

/**
 * Reads the `LLM_*` variables into a (partial, unvalidated) config. Empty variables are ignored.
 * A variable that is not one of {@link ENV_VARIABLES} but close to one (`LLM_TIMOUT`) is a
 * `configuration` error naming the one meant; other `LLM_*` names are left to other tools.
 */
export function configFromEnv(env: ConfigEnv = process.env): Partial<ClientConfigInput> {
  if (typeof env !== 'object' || env === null) {
    throw new LLMError({ code: 'configuration', message: `fromEnv takes an object of variables, got ${env === null ? 'null' : typeof env}`, local: true });
  }
  const out = node();
  for (const [name, path] of Object.entries(ENV_VARIABLES)) {
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    if (typeof value === 'string' && value.trim() !== '') setPath(out, path, value.trim());
  }
  const misspelt: string[] = [];
  for (const name of Object.keys(env)) {
    if (!name.startsWith('LLM_') || Object.hasOwn(ENV_VARIABLES, name)) continue;
    const meant = suggestKey(name, KNOWN_VARIABLES);
    if (meant) misspelt.push(`${name} is not a known variable (did you mean ${meant}?)`);
  }
  if (misspelt.length > 0) {
    throw new LLMError({ code: 'configuration', message: `invalid configuration: ${misspelt.join('; ')}`, local: true, details: { fields: misspelt } });
  }
  return out as Partial<ClientConfigInput>;
}

/** Parses YAML text of the config's shape (unvalidated). */
export function configFromYaml(text: string, source = 'YAML config'): Partial<ClientConfigInput> {
  let doc: unknown;
  try {
    // Warnings (an unknown `!tag`) are errors too: nothing in a config file is ignored without a word.
    const document = parseYamlDocument(text, { logLevel: 'silent', prettyErrors: false });
    const problem = document.errors[0] ?? document.warnings[0];
    if (problem) throw problem;
    doc = document.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // Neither the yaml library's message nor its error go out: they quote the text, keys included.
    const problem = describeYamlProblem(err, text);
    throw new LLMError({ code: 'configuration', message: `${source} is not valid YAML: ${formatYamlProblem(problem)}`, details: { ...problem }, local: true });
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

/** A plain object (or one without a prototype): the only thing merged key by key. */
function isTree(v: unknown): v is Tree {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A config is a few levels deep; anything deeper is copied as it is (validation refuses it). */
const MAX_MERGE_DEPTH = 8;

/**
 * Deep-merges partial configs; later ones win, `undefined` never overwrites.
 * The result is built from objects without a prototype, and only own keys are read and written:
 * a `__proto__`, `constructor` or `prototype` key (from YAML, `JSON.parse`, env) becomes an
 * ordinary key that validation refuses by name, and no prototype anywhere is changed. Cycles and
 * trees deeper than a config can be are not walked.
 */
export function mergeConfig(...parts: ReadonlyArray<Partial<ClientConfigInput> | undefined>): Partial<ClientConfigInput> {
  const merge = (target: Tree, source: Tree, depth: number): Tree => {
    for (const key of Object.keys(source)) {
      const value = source[key];
      if (value === undefined) continue;
      const existing = Object.hasOwn(target, key) ? target[key] : undefined;
      if (depth >= MAX_MERGE_DEPTH || FORBIDDEN_KEYS.has(key) || !isTree(value)) target[key] = value;
      else target[key] = merge(isTree(existing) ? existing : node(), value, depth + 1);
    }
    return target;
  };
  const out = node();
  for (const part of parts) {
    if (part === undefined) continue;
    if (typeof part !== 'object' || part === null || Array.isArray(part)) {
      throw new LLMError({ code: 'configuration', message: `a config must be an object of config fields, got ${part === null ? 'null' : Array.isArray(part) ? 'an array' : typeof part}`, local: true });
    }
    merge(out, part as Tree, 0);
  }
  return out as Partial<ClientConfigInput>;
}
