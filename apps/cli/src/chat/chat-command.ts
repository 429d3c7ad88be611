import type { ChatRequest } from '@llm/schema';
import { join } from 'node:path';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors/exit-codes.js';
import { reportError } from '../errors/report-error.js';
import { formatUsd, formatTokens, usageLine } from '../output/format.js';
import { runAnswer } from '../output/run-answer.js';
import { parseProviderOptions } from '../prompt/parse-flags.js';
import type { OpenedModel } from '../providers/open-model.js';
import { openConversation, type Conversation, type ConversationFlags } from '../sessions/conversation.js';
import { openTargets, type ModelFlags } from '../commands/open-targets.js';
import { createLineInput } from './line-input.js';

export interface ChatFlags extends ModelFlags, ConversationFlags {
  temperature?: number;
  maxTokens?: number;
  option?: string[];
}

const HELP = `commands:
  /model [ID]    show the model, or switch to another (provider:model or an alias)
  /cost          tokens and cost of this session
  /save [TITLE]  keep the session under a title (it is saved after every answer)
  /quit          leave (also /exit, Ctrl-D)
  /help          this list
input: end a line with \\ to go on to the next; """ on its own line starts and ends a block.
Ctrl-C stops an answer; at the prompt, twice leaves.`;

/** `llm chat`: a conversation in the terminal, saved as it goes. */
export async function runChat(ctx: CliContext, flags: ChatFlags): Promise<number> {
  const conversation = await openConversation(ctx, flags);
  let opened: OpenedModel | undefined;
  try {
    opened = await openTargets(ctx, { ...flags, model: flags.model ?? conversation.resumedModel });
    return await chatLoop(ctx, conversation, opened, flags, (next) => (opened = next));
  } finally {
    await opened?.close();
    conversation.close();
  }
}

function describeModel(opened: OpenedModel): string {
  const target = opened.targets[0]!;
  return `${target.id}${target.kind === 'mock' ? ' (mock)' : ''}`;
}

async function chatLoop(ctx: CliContext, conversation: Conversation, first: OpenedModel, flags: ChatFlags, swap: (next: OpenedModel) => void): Promise<number> {
  const { terminal } = ctx;
  const { cyan, dim } = terminal.colours;
  let opened = first;
  let current: AbortController | undefined;
  let interruptedAtPrompt = false;
  const input = createLineInput({
    input: ctx.io.stdin,
    output: ctx.io.stderr,
    prompt: cyan('> '),
    continuation: cyan('. '),
    historyFile: join(ctx.paths.stateDir, 'chat-history'),
    onInterrupt: () => {
      if (current) return current.abort();
      if (interruptedAtPrompt) return input.close();
      interruptedAtPrompt = true;
      input.clearLine();
      terminal.decorate(dim('\n(Ctrl-C again, Ctrl-D or /quit to leave)'));
      input.reprompt();
    },
  });
  const resumed = conversation.session;
  terminal.info(`llm chat with ${describeModel(opened)} · /help for commands, Ctrl-D to leave`);
  if (resumed) terminal.info(`resumed session ${resumed.id}: ${resumed.title} (${resumed.turns} turns)`);
  try {
    for (;;) {
      const text = await input.read();
      if (text === null) {
        // Ctrl-D leaves the cursor after the prompt.
        terminal.decorate('\n');
        break;
      }
      interruptedAtPrompt = false;
      const line = text.trim();
      if (line === '') continue;
      if (line.startsWith('/') && !line.startsWith('//')) {
        const [name, ...rest] = line.slice(1).split(/\s+/);
        const arg = rest.join(' ').trim();
        if (name === 'quit' || name === 'exit') break;
        if (name === 'help') terminal.info(HELP);
        else if (name === 'cost') terminal.info(costReport(conversation));
        else if (name === 'save') save(ctx, conversation, arg);
        else if (name === 'model') {
          if (!arg) terminal.info(`model: ${describeModel(opened)}`);
          else {
            try {
              const next = await openTargets(ctx, { ...flags, model: arg, fallback: [] });
              await opened.close();
              opened = next;
              swap(next);
              terminal.info(`model: ${describeModel(opened)}`);
            } catch (err) {
              reportError(terminal, err);
            }
          }
        } else terminal.error(`unknown command /${name} (/help lists them; start a message with // to send a leading /)`);
        continue;
      }
      const prompt = text.startsWith('//') ? text.slice(1) : text;
      current = new AbortController();
      const request: ChatRequest<unknown> = {
        messages: conversation.messagesFor(prompt),
        ...(flags.temperature !== undefined ? { temperature: flags.temperature } : {}),
        ...(flags.maxTokens !== undefined ? { maxTokens: flags.maxTokens } : {}),
        ...(flags.option?.length ? { providerOptions: { [providerKey(opened)]: parseProviderOptions(flags.option) } } : {}),
      };
      const answer = await runAnswer(ctx, opened, request, { stream: true, printText: true, jsonl: false, signal: current.signal });
      current = undefined;
      if (answer.printed && !answer.printed.endsWith('\n')) terminal.out('\n');
      if (!answer.error) conversation.record(prompt, answer);
      // A stopped or failed answer that reported usage still cost something.
        if (answer.error?.code === 'canceled') {
        terminal.warn('(stopped; this answer is not kept)');
        continue;
      }
      if (answer.error) {
        reportError(terminal, answer.error);
        continue;
      }
      const response = answer.response!;
      terminal.info(usageLine({ model: answer.answeredBy, mock: answer.mock, usage: response.usage, totalMs: answer.totalMs, firstTokenMs: answer.firstTokenMs }));
      if (response.finishReason === 'length') terminal.warn('llm: the answer was cut off at the token limit (finish: length)');
    }
  } finally {
    input.close();
  }
  const session = conversation.session;
  if (session) terminal.info(`session ${session.id} saved (llm chat --session ${session.id} resumes it)`);
  return EXIT.ok;
}

function providerKey(opened: OpenedModel): string {
  const target = opened.targets[0]!;
  return target.kind === 'gateway' ? 'openai' : target.provider;
}

function costReport(conversation: Conversation): string {
  const answers = conversation.history.filter((m) => m.role === 'assistant');
  if (answers.length === 0) return 'no answers yet';
  const byModel = new Map<string, { turns: number; input: number; output: number; usd: number }>();
  for (const m of answers) {
    const entry = byModel.get(m.model ?? '?') ?? { turns: 0, input: 0, output: 0, usd: 0 };
    entry.turns += 1;
    entry.input += m.inputTokens ?? 0;
    entry.output += m.outputTokens ?? 0;
    entry.usd += m.costUsd ?? 0;
    byModel.set(m.model ?? '?', entry);
  }
  const line = (label: string, e: { turns: number; input: number; output: number; usd: number }) =>
    `${label}: ${e.turns} answer${e.turns === 1 ? '' : 's'} · ${formatTokens({ inputTokens: e.input, outputTokens: e.output, totalTokens: e.input + e.output })} · ${formatUsd(e.usd)}`;
  const total = [...byModel.values()].reduce((a, e) => ({ turns: a.turns + e.turns, input: a.input + e.input, output: a.output + e.output, usd: a.usd + e.usd }), { turns: 0, input: 0, output: 0, usd: 0 });
  return [line('this session', total), ...[...byModel].map(([model, e]) => `  ${line(model, e)}`)].join('\n');
}

function save(ctx: CliContext, conversation: Conversation, title: string): void {
  if (!conversation.persistent) return ctx.terminal.warn('this chat was started with --no-save: nothing is kept');
  if (title) conversation.rename(title);
  const session = conversation.session;
  if (session) ctx.terminal.info(`saved as session ${session.id}: ${session.title} (llm chat --session ${session.id} resumes it)`);
  else ctx.terminal.info(`this session will be saved${title ? ` as "${title}"` : ''} with its first answer`);
}
