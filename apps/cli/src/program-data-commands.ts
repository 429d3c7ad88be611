import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { collect, parseInteger, parseNumber } from './prompt/parse-flags.js';

/** Wraps a command's body: its context, its error report and its exit code (from `runCli`). */
export type RunCommand = (body: (ctx: CliContext, command: Command) => Promise<number>) => (this: Command, ...args: unknown[]) => Promise<void>;

/**
 * The commands over the framework's data: `llm catalog export`, `llm recommend` and `llm analytics`. Like the rest
 * of the program, only their definitions load at start; each imports its code when it runs.
 */
export function addDataCommands(program: Command, run: RunCommand): void {
  const catalog = program.command('catalog').description("the model catalog in other formats: JSON, YAML, CSV, Markdown, HTML, OpenAPI, JSON Schema, or a template of your own");
  catalog
    .command('export')
    .description('write the catalog (or the models compared) in a format')
    .option('--format <format>', 'json, yaml, csv, markdown, html, openapi (the catalog HTTP API) or jsonschema (one record)')
    .option('--compare <ids>', 'only these models, in this order (ids or aliases; comma-separated, repeatable)', collect)
    .option('--template <file>', 'a Liquid template of your own instead of --format (sandboxed: no code, no files)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(
      run(async (ctx, command) => {
        const { exportCatalogCommand } = await import('./commands/catalog-command.js');
        return exportCatalogCommand(ctx, command.opts());
      }),
    );

  program
    .command('recommend')
    .description("the catalog's models ranked for a task, with the reasons, and every model left out with the constraint it failed")
    .option('--task <profile>', 'chat, code, extraction, long-context, vision, bulk or low-latency (default chat)')
    .option('--needs <list>', 'what the model must have: tools, json, json-mode, reasoning, caching, vision, pdf, audio, video (the words of llm models --capability; comma-separated, repeatable)', collect)
    .option('--max-price <usd>', "most one call of the task's typical token mix may cost (USD)", parseNumber(0, 1e6))
    .option('--max-latency <duration>', "most observed p95 latency (2s, 800ms): checked for the models this machine's analytics store has 20+ calls of in the window; the others are named")
    .option('--since <when>', 'the window of observations: 7d (default), 4w, or a date (2026-11-01)')
    .option('--store <file>', "take the observations from another analytics store (a gateway's) instead of this machine's")
    .option('--require-observed', 'leave out the models with fewer than 20 calls in the window (their latency and error rate are unknown)')
    .option('-p, --provider <name>', 'only these providers (comma-separated, repeatable)', collect)
    .option('--method <method>', 'weighted-sum (default) or topsis')
    .option('-n, --limit <n>', 'how many ranked models to show (default 10)', parseInteger(1))
    .option('--json', 'the recommendation as JSON: every criterion of every model shown, and why each left-out model was')
    .action(
      run(async (ctx, command) => {
        const { runRecommend } = await import('./commands/recommend-command.js');
        return runRecommend(ctx, command.opts());
      }),
    );

  const analytics = program
    .command('analytics')
    .description('the calls this machine made (or a gateway recorded), from @llm/analytics: report, trends, anomalies');
  const windowOptions = (command: Command) =>
    command
      .option('--since <when>', 'the window: 7d (default), 4w, or a date (2026-11-01)')
      .option('--model <ids>', 'only these models (provider:model or a model id; comma-separated, repeatable)', collect)
      .option('--store <file>', "another @llm/analytics SQLite store (a gateway's) instead of this machine's");
  const sub = [
    ['report', 'per model: calls, errors, latency and first-chunk percentiles, tokens, cost; with the trends and anomalies', 'markdown (default), json or csv', 'analyticsReport'],
    ['trends', 'per model and measure: the slope per day with its 95% interval, and the window against the one before', 'table (default) or json', 'analyticsTrends'],
    ['anomalies', 'latency, first-chunk, error-rate and cost-drift episodes, and what had too little data to judge', 'table (default) or json', 'analyticsAnomalies'],
  ] as const;
  for (const [name, description, formats, handler] of sub) {
    windowOptions(analytics.command(name).description(description))
      .option('--format <format>', formats)
      .action(
        run(async (ctx, command) => {
          const commands = await import('./commands/analytics-command.js');
          return commands[handler](ctx, command.opts());
        }),
      );
  }
}
