import { Command, CommanderError, Option } from 'commander';
import type { CliContext, CliIO, GlobalFlags } from './context.js';
import { EXIT } from './errors/exit-codes.js';
import { addDataCommands } from './program-data-commands.js';
import { collect, parseInteger, parseNumber } from './prompt/parse-flags.js';
import { cliVersion } from './version.js';

/**
 * The command line. Only commander and this file load at start (`llm --version` stays fast); each
 * command's code is imported when it runs.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  let context: CliContext | undefined;
  const contextOf = async (command: Command): Promise<CliContext> => {
    if (context) return context;
    const { createContext } = await import('./context.js');
    context = createContext(io, command.optsWithGlobals<GlobalFlags>());
    return context;
  };
  const run = (body: (ctx: CliContext, command: Command) => Promise<number>) =>
    async function (this: Command, ...args: unknown[]) {
      const command = args[args.length - 1] as Command;
      const ctx = await contextOf(command);
      try {
        exitCode = await body(ctx, command);
      } catch (err) {
        const { reportError } = await import('./errors/report-error.js');
        exitCode = reportError(ctx.terminal, err);
      }
    };

  const program = new Command('llm')
    .description('Ask any model from the terminal: one-shot prompts, chat sessions, models, the catalog, recommendations, health and cost.')
    .version(cliVersion(), '-V, --version')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      // Commander's own errors (unknown option, bad value): one line and a hint, like every other error.
      outputError: (text, write) => write(`llm: ${text.replace(/^error: /, '').trim()} (hint: llm --help lists the options)\n`),
    })
    .showSuggestionAfterError(true)
    // Global options.
    .option('-q, --quiet', 'no status lines on stderr (usage and cost, retries, warnings)')
    .option('--debug', 'show stacks and causes of errors')
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .option('--config <file>', 'config file (default $XDG_CONFIG_HOME/llm/config.yaml, or LLM_CONFIG)')
    .option('--gateway <url>', 'send calls through an llm-gateway (OpenAI-compatible) instead of calling vendors (or LLM_GATEWAY_URL)');
  addModelOptions(program);
  program
    .argument('[prompt...]', 'the prompt; text piped on stdin comes first')
    .option('-s, --system <text>', 'system prompt')
    .option('--temperature <t>', 'sampling temperature, 0 to 2', parseNumber(0, 2))
    .option('--max-tokens <n>', 'longest answer, in tokens', parseInteger(1))
    .option('--schema <file|json>', 'structured output: a JSON Schema file or inline JSON; prints the checked object')
    .option('-o, --option <key=value>', 'a provider option, repeatable (-o reasoning_effort=low)', collect)
    .option('--no-stream', 'wait for the whole answer instead of streaming it')
    .option('--json', 'print one JSON object: text, object, usage, cost, model, routing, finish reason')
    .option('--jsonl', 'print the stream events, one JSON object per line')
    .option('--strict', `exit ${EXIT.truncated} when the answer was cut off (token limit, or no finish)`);
  addConversationOptions(program).action(
      run(async (ctx, command) => {
        const { runPrompt } = await import('./commands/prompt-command.js');
        return runPrompt(ctx, command.args, command.opts());
      }),
    );

  const chat = program
    .command('chat')
    .description('chat in the terminal: history, multi-line input, /model, /cost, /save, /quit; saved as it goes')
    .option('-s, --system <text>', 'system prompt')
    .option('--temperature <t>', 'sampling temperature, 0 to 2', parseNumber(0, 2))
    .option('--max-tokens <n>', 'longest answer, in tokens', parseInteger(1))
    .option('-o, --option <key=value>', 'a provider option, repeatable', collect);
  addConversationOptions(addModelOptions(chat)).action(
    run(async (ctx, command) => {
      const { runChat } = await import('./chat/chat-command.js');
      return runChat(ctx, { ...command.opts(), ...modelFlagsOf(command) });
    }),
  );

  const sessions = program.command('sessions').description('the saved conversations: list, show, rm');
  sessions
    .command('list', { isDefault: true })
    .description('newest first')
    .option('-n, --limit <n>', 'how many (default 20)', parseInteger(1))
    .option('--json', 'as JSON')
    .action(
      run(async (ctx, command) => {
        const { listSessions } = await import('./commands/sessions-command.js');
        return listSessions(ctx, command.opts());
      }),
    );
  sessions
    .command('show')
    .description('the transcript of a session')
    .argument('<id>', 'a session id or a unique prefix')
    .option('--json', 'as JSON')
    .action(
      run(async (ctx, command) => {
        const { showSession } = await import('./commands/sessions-command.js');
        return showSession(ctx, command.args[0]!, command.opts());
      }),
    );
  sessions
    .command('rm')
    .description('remove sessions')
    .argument('<id...>', 'session ids or unique prefixes')
    .action(
      run(async (ctx, command) => {
        const { removeSessions } = await import('./commands/sessions-command.js');
        return removeSessions(ctx, command.args);
      }),
    );

  const models = program.command('models').description("the catalog's models: context, prices, capabilities; and one model's facts with their sources");
  models
    .command('list', { isDefault: true })
    .description('the models, filtered')
    .option('-p, --provider <name>', 'only these providers (repeatable, or comma-separated)', collect)
    .option('--capability <list>', 'only models that have these: tools, vision, json, reasoning, caching, web-search, pdf, audio (or a catalog capability name)', collect)
    .option('--search <words>', 'words found in the id, an alias, the name or the family')
    .option('--json', 'the catalog records as JSON')
    .action(
      run(async (ctx, command) => {
        const { listModels } = await import('./commands/models-command.js');
        return listModels(ctx, command.opts());
      }),
    );
  models
    .command('show')
    .description("one model's facts, and where each came from")
    .argument('<id>', 'provider:model, an alias, or a model id only one provider has')
    .option('--json', 'the catalog record as JSON')
    .action(
      run(async (ctx, command) => {
        const { showModel } = await import('./commands/models-command.js');
        return showModel(ctx, command.args[0]!, command.opts());
      }),
    );

  program
    .command('cost')
    .description('what the calls from this machine cost, per period and model (every call to a vendor or a gateway is recorded, --no-save or not; the same records as llm analytics)')
    .option('--period <period>', 'day, week or month (default day)')
    .option('--since <when>', 'only calls since 7d, 4w, or a date (2026-11-01); whole UTC days')
    .option('--format <format>', 'table, csv or json (default table)')
    .option('--store <file>', "read another analytics store (a gateway's SQLite file) instead of this machine's")
    .action(
      run(async (ctx, command) => {
        const { runCost } = await import('./commands/cost-command.js');
        return runCost(ctx, command.opts());
      }),
    );

  program
    .command('health')
    .description(`probe every provider with a key at once (or the gateway): latency and circuit state; exit ${EXIT.unhealthy} when one is down`)
    .option('--json', 'as JSON')
    .option('--timeout <duration>', 'bound on each probe (default 10s)')
    .action(
      run(async (ctx, command) => {
        const { runHealth } = await import('./commands/health-command.js');
        return runHealth(ctx, command.opts());
      }),
    );

  addDataCommands(program, run);

  const config = program.command('config').description('where keys, models and settings come from (keys are never printed)');
  config
    .command('show', { isDefault: true })
    .description('the settings in force and where each comes from')
    .option('--json', 'as JSON')
    .action(
      run(async (ctx, command) => {
        const { configShow } = await import('./commands/config-command.js');
        return configShow(ctx, command.opts());
      }),
    );
  config
    .command('path')
    .description("the config file's path")
    .action(
      run(async (ctx) => {
        const { configPath } = await import('./commands/config-command.js');
        return configPath(ctx);
      }),
    );
  config
    .command('validate')
    .description(`check the config file and the LLM_* variables; exit ${EXIT.configuration} naming every problem`)
    .action(
      run(async (ctx) => {
        const { configValidate } = await import('./commands/config-command.js');
        return configValidate(ctx);
      }),
    );

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors with 2.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw err;
  }
  return exitCode;
}

/**
 * The model flags of a subcommand, with those given before it (`llm -m x chat`) where the
 * subcommand has none of its own.
 */
function modelFlagsOf(command: Command): Record<string, unknown> {
  const own = command.opts();
  const parent = command.parent?.opts() ?? {};
  const out: Record<string, unknown> = {};
  for (const key of ['model', 'fallback', 'maxCost', 'timeout', 'retries']) {
    if (own[key] === undefined && parent[key] !== undefined) out[key] = parent[key];
  }
  if (parent.mock === false) out.mock = false;
  return out;
}

/** The options that continue or keep a conversation (the one-shot and `llm chat`). */
function addConversationOptions(command: Command): Command {
  return command
    .option('-c, --continue', 'continue the last session')
    .option('--session <id>', 'continue this session (an id or a unique prefix; llm sessions list)')
    .option('--no-save', 'do not keep this conversation in the session store');
}

/** The options that pick and shape the model (the one-shot and `llm chat`). */
function addModelOptions(command: Command): Command {
  return command
    .option('-m, --model <model>', 'provider:model or an alias (default: the config, LLM_MODEL, or the first provider with a key)')
    .option('--fallback <model>', 'a model to try when the first fails, repeatable', collect)
    .addOption(new Option('--max-cost <usd>', 'refuse before sending if the worst case could cost more (USD)').argParser(parseNumber(0, 1e6)))
    .option('--timeout <duration>', 'limit on each attempt (30s, 2m)')
    .option('--retries <n>', 'retries after a failed attempt (default 2)', parseInteger(0))
    .option('--no-mock', 'fail when the provider has no key, instead of answering from the built-in mock');
}
