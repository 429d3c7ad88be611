import { configFromEnv, mergeConfig, resolveSetup, type ClientConfigInput } from '@llm/core';
import { isLLMError, LLMError, redactHeaders } from '@llm/errors';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors/exit-codes.js';
import { clientSettings } from '../providers/open-model.js';
import { PROVIDER_NAMES, PROVIDERS } from '../providers/provider-registry.js';
import { findBaseUrl, findKey, parseModelSpec } from '../providers/resolve-target.js';
import { formatTable } from '../output/table.js';
import type { CliConfig } from '../config/cli-config.js';

/** `llm config path`: the config file's path (whether or not it exists). */
export function configPath(ctx: CliContext): number {
  ctx.terminal.out(`${ctx.paths.configFile}\n`);
  return EXIT.ok;
}

/** Where a setting came from. */
function source(value: unknown, from: string): string {
  return value === undefined ? '' : from;
}

/** `llm config show`: what `llm` will use, and where each part comes from. Keys are never printed: only where they are set. */
export async function configShow(ctx: CliContext, flags: { json?: boolean }): Promise<number> {
  const loaded = await ctx.config();
  const { config } = loaded;
  const envModel = ctx.env.LLM_MODEL?.trim() || undefined;
  const providers = PROVIDER_NAMES.map((name) => {
    const key = findKey(name, ctx.env, config);
    const baseUrl = findBaseUrl(name, ctx.env, config);
    return {
      provider: name,
      key: key ? `set (${key.source})` : `not set: ${PROVIDERS[name].keyVariables.join(' or ')} (calls go to the built-in mock)`,
      baseUrl: baseUrl ?? 'default',
      baseUrlSource: source(baseUrl, ctx.env[PROVIDERS[name].baseUrlVariable]?.trim() ? `env:${PROVIDERS[name].baseUrlVariable}` : 'config'),
      model: config.providers?.[name]?.model ?? null,
    };
  });
  const gatewayUrl = ctx.flags.gateway ?? (ctx.env.LLM_GATEWAY_URL?.trim() || undefined) ?? config.gateway?.url;
  const view = {
    configFile: { path: loaded.path, exists: loaded.exists },
    model: config.model ?? envModel ?? null,
    modelSource: config.model !== undefined ? 'config' : envModel !== undefined ? 'env:LLM_MODEL' : 'the first provider with a key',
    aliases: config.aliases ?? {},
    providers,
    gateway: gatewayUrl ? { url: gatewayUrl, key: ctx.env.LLM_GATEWAY_KEY?.trim() ? 'set (env:LLM_GATEWAY_KEY)' : config.gateway?.apiKey ? 'set (config)' : 'not set' } : null,
    mock: config.mock !== false,
    client: withMaskedHeaders(clientSettings(ctx.env, config, {})),
    paths: { sessions: ctx.paths.sessionsDb, circuits: ctx.paths.circuitsDb, chatHistory: `${ctx.paths.stateDir}/chat-history` },
  };
  if (flags.json) {
    ctx.terminal.out(`${JSON.stringify(view)}\n`);
    return EXIT.ok;
  }
  const { bold } = ctx.terminal.outColours;
  const out: string[] = [
    `${bold('config file')}  ${view.configFile.path}${view.configFile.exists ? '' : ' (none: defaults)'}`,
    `${bold('model')}        ${view.model ?? '(the default model of the first provider with a key)'}${view.model ? ` (from ${view.modelSource})` : ''}`,
    `${bold('mock')}         ${view.mock ? 'on: a provider without a key is answered by the built-in mock' : 'off'}`,
    `${bold('gateway')}      ${view.gateway ? `${view.gateway.url} (key ${view.gateway.key})` : 'none: calls go to the vendors'}`,
    '',
    formatTable(
      ['PROVIDER', 'KEY', 'BASE URL', 'MODEL'],
      providers.map((p) => [p.provider, p.key, p.baseUrl === 'default' ? 'default' : `${p.baseUrl} (${p.baseUrlSource})`, p.model ?? '']),
    ).trimEnd(),
  ];
  if (Object.keys(view.aliases).length > 0) out.push('', formatTable(['ALIAS', 'MODEL'], Object.entries(view.aliases)).trimEnd());
  out.push('', `${bold('client settings')} (config file, then LLM_* variables): ${JSON.stringify(view.client)}`);
  out.push(`${bold('sessions')} ${view.paths.sessions}`, `${bold('circuits')} ${view.paths.circuits}`);
  ctx.terminal.out(`${out.join('\n')}\n`);
  return EXIT.ok;
}

/**
 * `llm config validate`: the config file against its schema, its `client:` settings against the
 * client schema, its model and aliases against the providers, and the `LLM_*` variables. Every
 * problem is named; exit 3 when there is one.
 */
export async function configValidate(ctx: CliContext): Promise<number> {
  let config: CliConfig;
  let path: string;
  try {
    const loaded = await ctx.config();
    ({ config, path } = loaded);
    if (!loaded.exists) {
      ctx.terminal.info(`llm: no config file at ${path}: the defaults apply`);
    }
  } catch (err) {
    if (isLLMError(err)) return reportProblems(ctx, [err.message]);
    throw err;
  }
  const problems: string[] = [];
  for (const field of ['provider', 'model', 'apiKey', 'baseUrl']) {
    if (config.client && field in config.client) problems.push(`client.${field}: not a shared setting; keys, base URLs and models go under providers.NAME (and model:)`);
  }
  try {
    resolveSetup(mergeConfig((config.client ?? {}) as Partial<ClientConfigInput>, { provider: 'openai', model: 'check' }));
  } catch (err) {
    problems.push(`client: ${isLLMError(err) ? err.message.replace(/^invalid configuration: /, '') : String(err)}`);
  }
  try {
    resolveSetup(mergeConfig(stripConnection(configFromEnv(ctx.env)), { provider: 'openai', model: 'check' }));
  } catch (err) {
    problems.push(`LLM_* variables: ${isLLMError(err) ? err.message.replace(/^invalid configuration: /, '') : String(err)}`);
  }
  const specs: Array<[string, string]> = [...(config.model ? [['model', config.model] as [string, string]] : []), ...Object.entries(config.aliases ?? {}).map(([alias, spec]): [string, string] => [`aliases.${alias}`, spec])];
  for (const [field, spec] of specs) {
    try {
      // An alias names a model directly: no alias of an alias.
      parseModelSpec(spec, field === 'model' ? config : {});
    } catch (err) {
      problems.push(`${field}: ${err instanceof LLMError ? err.message : String(err)}`);
    }
  }
  if (problems.length > 0) return reportProblems(ctx, problems.map((p) => `${path}: ${p}`));
  ctx.terminal.out(`${path}: valid\n`);
  return EXIT.ok;
}

function withMaskedHeaders(settings: Partial<ClientConfigInput>): Partial<ClientConfigInput> {
  return settings.headers ? { ...settings, headers: redactHeaders(settings.headers) } : settings;
}

function stripConnection(config: Partial<ClientConfigInput>): Partial<ClientConfigInput> {
  const { provider: _p, model: _m, apiKey: _k, baseUrl: _b, ...rest } = config;
  return rest;
}

function reportProblems(ctx: CliContext, problems: readonly string[]): number {
  for (const problem of problems) ctx.terminal.error(`llm: ${problem}`);
  ctx.terminal.error(`llm: ${problems.length} problem${problems.length === 1 ? '' : 's'} (hint: the config file's fields are in the llm README)`);
  return EXIT.configuration;
}
