import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** Where `llm` keeps its files, by the XDG base directory spec (absolute XDG_* values only). */
export interface CliPaths {
  /** `$XDG_CONFIG_HOME/llm/config.yaml` unless --config or LLM_CONFIG says otherwise. */
  configFile: string;
  /** `$XDG_DATA_HOME/llm`: the session database and the analytics store. */
  dataDir: string;
  /** `$XDG_DATA_HOME/llm/sessions.db` */
  sessionsDb: string;
  /** `$XDG_DATA_HOME/llm/usage.db`: the cost ledger of earlier development builds, no longer written nor read (`llm cost` says so when it is there). */
  oldUsageDb: string;
  /** `$XDG_DATA_HOME/llm/analytics.db`: @llm/analytics' record of every call and attempt, no text (`llm cost` and `llm analytics` read it). */
  analyticsDb: string;
  /** `$XDG_STATE_HOME/llm`: the chat input history and the circuit state. */
  stateDir: string;
  /** `$XDG_STATE_HOME/llm/circuits.db`: each provider and model's circuit, shared by every `llm` process. */
  circuitsDb: string;
}

function base(env: Env, variable: string, fallback: string[]): string {
  const value = env[variable];
  // The spec: relative paths are invalid and ignored.
  if (value && value.startsWith('/')) return value;
  return join(env.HOME || homedir(), ...fallback);
}

export function cliPaths(env: Env, configOverride?: string): CliPaths {
  const configHome = base(env, 'XDG_CONFIG_HOME', ['.config']);
  const dataDir = join(base(env, 'XDG_DATA_HOME', ['.local', 'share']), 'llm');
  const stateDir = join(base(env, 'XDG_STATE_HOME', ['.local', 'state']), 'llm');
  return {
    configFile: configOverride ?? (env.LLM_CONFIG || join(configHome, 'llm', 'config.yaml')),
    dataDir,
    sessionsDb: join(dataDir, 'sessions.db'),
    oldUsageDb: join(dataDir, 'usage.db'),
    analyticsDb: join(dataDir, 'analytics.db'),
    stateDir,
    circuitsDb: join(stateDir, 'circuits.db'),
  };
}
