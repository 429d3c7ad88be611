export { runCli } from './program.js';
export type { CliIO } from './context.js';
export { EXIT, EXIT_CODE_BY_ERROR } from './errors/exit-codes.js';
export { CliConfigSchema, type CliConfig } from './config/cli-config.js';
