import { readFileSync } from 'node:fs';
import { hashApiKey, parseModelId, type ApiKeyRecord, type VendorTransport } from '@llm/core';
import { LLMError } from '@llm/errors';
import { describeIssues } from '@llm/schema';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { interpolateEnv } from './env-interpolation.js';
import { GatewayConfigSchema, type GatewayConfig, type ModelOptions } from './gateway-config-schema.js';
import { GATEWAY_PROVIDERS, isGatewayProvider, providersFromEnv, type GatewayProviderName } from './gateway-providers.js';

type Env = Readonly<Record<string, string | undefined>>;

/** One vendor the gateway serves. */
export interface ProviderSettings {
  apiKey: string;
  baseUrl?: string;
  /** How the vendor's SDK reaches it (`providers.<name>.transport`); unset: the gateway's choice per request. */
  transport?: VendorTransport;
  options?: ModelOptions;
}

/** The configuration, checked as a whole, with everything the gateway needs resolved. */
export interface ResolvedGatewayConfig extends GatewayConfig {
  /** The vendors served: from the file's `providers`, or every vendor whose key is in the environment. */
  upstreams: Partial<Record<GatewayProviderName, ProviderSettings>>;
  /** The file's keys as records (hashes only). */
  keyRecords: ApiKeyRecord[];
  /** Whether calls need a client key: always, unless the server listens on loopback only and no key or master key is configured. */
  authRequired: boolean;
  /** Where the configuration came from, for the start-up line. */
  source: string;
}

export interface LoadGatewayConfigOptions {
  /** A YAML file (`--config`); without one, the zero-config start from the environment. */
  file?: string | undefined;
  /** YAML text instead of a file. */
  text?: string | undefined;
  env?: Env;
  /** `--host` / `--port`: over the file's. */
  host?: string | undefined;
  port?: number | undefined;
  /** The instant keys are stamped with (tests). */
  now?: Date;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** zod's issues as `path: message`, an unknown key named by its own path (`server.extra: unknown field`). */
function describeConfigIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => describeIssues([{ ...issue, path: [...issue.path, key], message: 'unknown field' }])[0]!)
      : describeIssues([issue]),
  );
}

function fail(source: string, fields: string[]): never {
  throw new LLMError({ code: 'configuration', message: `invalid gateway configuration (${source}): ${fields.join('; ')}`, retryable: false, details: { fields } });
}

function readYaml(text: string, source: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  // The first error is the one to fix; those after it mostly follow from it.
  if (doc.errors.length > 0) fail(source, [`YAML: ${doc.errors[0]!.message.split('\n')[0]}${doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more after it)` : ''}`]);
  return doc.toJS() ?? {};
}

/**
 * Reads and checks the gateway's configuration: the YAML file with `${VAR}` taken from the
 * environment, or nothing (the zero-config start); then the command line. Every problem, in every
 * field, is named in one `configuration` error, and the gateway does not start.
 */
export function loadGatewayConfig(options: LoadGatewayConfigOptions = {}): ResolvedGatewayConfig {
  const env = options.env ?? process.env;
  const source = options.file ?? (options.text !== undefined ? 'inline YAML' : 'environment');
  let raw: unknown = {};
  if (options.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.file, 'utf8');
    } catch (err) {
      throw new LLMError({ code: 'configuration', message: `cannot read the gateway configuration ${options.file}: ${(err as Error).message}`, cause: err });
    }
    raw = readYaml(text, source);
  } else if (options.text !== undefined) raw = readYaml(options.text, source);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(source, ['(root): expected a mapping of sections (server, providers, models, keys, ...)']);

  const problems: string[] = [];
  const tree = interpolateEnv(raw, env, problems) as Record<string, unknown>;
  if (options.host !== undefined || options.port !== undefined) {
    const server = { ...(tree.server as Record<string, unknown> | undefined) };
    if (options.host !== undefined) server.host = options.host;
    if (options.port !== undefined) server.port = options.port;
    tree.server = server;
  }
  const parsed = GatewayConfigSchema.safeParse(tree);
  if (!parsed.success) problems.push(...describeConfigIssues(parsed.error.issues));
  if (!parsed.success || problems.length > 0) fail(source, problems);
  const config = parsed.data;

  const upstreams: ResolvedGatewayConfig['upstreams'] = {};
  if (config.providers === undefined) Object.assign(upstreams, providersFromEnv(env));
  else {
    for (const [name, settings] of Object.entries(config.providers) as Array<[GatewayProviderName, NonNullable<NonNullable<GatewayConfig['providers']>[GatewayProviderName]>]>) {
      const spec = GATEWAY_PROVIDERS[name];
      const apiKey = settings.apiKey ?? spec.apiKeyEnv.map((v) => env[v]?.trim()).find((v) => v);
      if (!apiKey) {
        problems.push(`providers.${name}.apiKey: no key; write apiKey: \${${spec.apiKeyEnv[0]}} or set ${spec.apiKeyEnv.join(' or ')}`);
        continue;
      }
      const baseUrl = settings.baseUrl ?? (env[spec.baseUrlEnv]?.trim() || undefined);
      upstreams[name] = { apiKey, ...(baseUrl ? { baseUrl } : {}), ...(settings.transport ? { transport: settings.transport } : {}), ...(settings.options ? { options: settings.options } : {}) };
    }
  }

  const checkTarget = (model: string, path: string) => {
    const { provider } = parseModelId(model);
    if (!isGatewayProvider(provider)) problems.push(`${path}: unknown provider "${provider}" (known: ${Object.keys(GATEWAY_PROVIDERS).join(', ')})`);
    else if (!upstreams[provider]) problems.push(`${path}: provider ${provider} is not configured (set ${GATEWAY_PROVIDERS[provider].apiKeyEnv[0]} or add providers.${provider})`);
  };
  for (const [name, route] of Object.entries(config.models ?? {})) {
    if (route.model !== undefined) checkTarget(route.model, `models.${name}.model`);
    route.fallback?.forEach((t, i) => checkTarget(t.model, `models.${name}.fallback[${i}].model`));
    route.loadBalance?.targets.forEach((t, i) => checkTarget(t.model, `models.${name}.loadBalance.targets[${i}].model`));
    route.recommend?.models.forEach((model, i) => checkTarget(model, `models.${name}.recommend.models[${i}]`));
    route.experiment?.arms.forEach((arm, i) => checkTarget(arm.model, `models.${name}.experiment.arms[${i}].model`));
    if (name.includes(':') && config.exposeProviderModels) problems.push(`models.${name}: public names with a colon would hide provider:model ids; choose another name or set exposeProviderModels: false`);
  }

  const now = (options.now ?? new Date()).toISOString();
  const keyRecords: ApiKeyRecord[] = [];
  const ids = new Set<string>();
  config.keys?.forEach((k, i) => {
    if (ids.has(k.id)) problems.push(`keys[${i}].id: "${k.id}" is used twice`);
    ids.add(k.id);
    const record: ApiKeyRecord = { id: k.id, hash: k.hash ?? hashApiKey(k.key!), createdAt: now };
    if (k.name !== undefined) record.name = k.name;
    if (k.models !== undefined) record.models = k.models;
    if (k.budget !== undefined) record.budget = k.budget;
    if (k.limits !== undefined) record.limits = k.limits;
    if (k.expiresAt !== undefined) record.expiresAt = k.expiresAt;
    if (k.metadata !== undefined) record.metadata = k.metadata;
    keyRecords.push(record);
  });

  const host = config.server.host;
  const authRequired = keyRecords.length > 0 || config.admin !== undefined || !isLoopback(host);
  if (!isLoopback(host) && keyRecords.length === 0 && config.admin === undefined) {
    problems.push(`server.host: the gateway listens on ${host}, beyond this machine, so it needs client keys: add keys (or admin.masterKey to issue them); only a loopback host runs without keys`);
  }
  if (Object.keys(upstreams).length === 0 && problems.length === 0) {
    problems.push(`providers: no provider to serve; set one of ${Object.values(GATEWAY_PROVIDERS).map((p) => p.apiKeyEnv[0]).join(', ')} or add a providers section`);
  }
  if (problems.length > 0) fail(source, problems);
  return { ...config, upstreams, keyRecords, authRequired, source };
}
