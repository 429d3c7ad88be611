import { loadCliConfig, type LoadedConfig } from './config/cli-config.js';
import { cliPaths, type CliPaths } from './config/paths.js';
import { createTerminal, type Terminal } from './terminal/terminal.js';

/** The process's streams and environment (tests run the built `llm` as a child process; the same code serves both). */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; fd?: number };
  env: Readonly<Record<string, string | undefined>>;
}

/** Flags every command takes. */
export interface GlobalFlags {
  quiet?: boolean;
  debug?: boolean;
  color?: boolean;
  config?: string;
  gateway?: string;
}

/** What a command runs with. */
export interface CliContext {
  readonly io: CliIO;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly terminal: Terminal;
  readonly paths: CliPaths;
  readonly flags: GlobalFlags;
  /** Reads the config file once (lazily: `llm --version` never reads it). */
  config(): Promise<LoadedConfig>;
}

export function createContext(io: CliIO, flags: GlobalFlags): CliContext {
  const terminal = createTerminal(io, flags);
  const paths = cliPaths(io.env, flags.config);
  let loaded: Promise<LoadedConfig> | undefined;
  return {
    io,
    env: io.env,
    terminal,
    paths,
    flags,
    config: () => (loaded ??= loadCliConfig(paths.configFile, flags.config !== undefined || Boolean(io.env.LLM_CONFIG))),
  };
}
