import type { ChatRequest } from '@llm/schema';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors/exit-codes.js';
import { reportError } from '../errors/report-error.js';
import { usageError } from '../errors/usage-error.js';
import { runAnswer, type Answer } from '../output/run-answer.js';
import { jsonResult } from '../output/json-result.js';
import { usageLine } from '../output/format.js';
import { parseProviderOptions } from '../prompt/parse-flags.js';
import { joinPrompt, readPipedStdin, readSchemaOption } from '../prompt/prompt-input.js';
import { structuredOutput } from '../prompt/structured-output.js';
import { openConversation, type Conversation, type ConversationFlags } from '../sessions/conversation.js';
import { openTargets, type ModelFlags } from './open-targets.js';

/** The one-shot options (`llm [PROMPT] ...`). */
export interface PromptFlags extends ModelFlags, ConversationFlags {
  temperature?: number;
  maxTokens?: number;
  schema?: string;
  option?: string[];
  /** `--no-stream` sets this false. */
  stream: boolean;
  json?: boolean;
  jsonl?: boolean;
  strict?: boolean;
}

/** Finish reasons that mean the answer is not whole. */
const CUT_OFF: Readonly<Record<string, string>> = {
  length: 'the answer was cut off at the token limit (raise --max-tokens)',
  content_filter: 'the vendor filtered the rest of the answer',
  error: 'the answer ended with an error',
};

/** `llm [PROMPT]`: one prompt, one answer, streamed to stdout as it arrives. */
export async function runPrompt(ctx: CliContext, words: readonly string[], flags: PromptFlags): Promise<number> {
  if (flags.json && flags.jsonl) throw usageError('--json and --jsonl cannot be used together', 'pick one: --json for one object, --jsonl for the stream events');
  const prompt = joinPrompt(await readPipedStdin(ctx.io.stdin), words);
  const structured = flags.schema === undefined ? {} : structuredOutput(readSchemaOption(flags.schema), flags.schema.trimStart().startsWith('{') ? 'the inline --schema' : flags.schema);
  const conversation = await openConversation(ctx, flags);
  try {
    return await ask(ctx, conversation, prompt, structured, flags);
  } finally {
    conversation.close();
  }
}

async function ask(ctx: CliContext, conversation: Conversation, prompt: string, structured: Partial<ChatRequest<unknown>>, flags: PromptFlags): Promise<number> {
  const opened = await openTargets(ctx, { ...flags, model: flags.model ?? conversation.resumedModel });
  try {
    const primary = opened.targets[0]!;
    const messages = conversation.messagesFor(prompt);
    const providerOptions = flags.option?.length ? { [primary.kind === 'gateway' ? 'openai' : primary.provider]: parseProviderOptions(flags.option) } : undefined;
    const request: ChatRequest<unknown> = {
      messages,
      ...(flags.temperature !== undefined ? { temperature: flags.temperature } : {}),
      ...(flags.maxTokens !== undefined ? { maxTokens: flags.maxTokens } : {}),
      ...(providerOptions ? { providerOptions } : {}),
      ...structured,
    };
    const mode = flags.jsonl ? 'jsonl' : flags.json ? 'json' : 'text';
    const answer = await runAnswer(ctx, opened, request, {
      stream: flags.stream,
      // Structured output is printed once it is checked; plain text as it arrives.
      printText: mode === 'text' && flags.schema === undefined,
      jsonl: mode === 'jsonl',
    });
    if (!answer.error) conversation.record(prompt, answer);
    return finish(ctx, answer, conversation.session?.id, mode, flags);
  } finally {
    await opened.close();
  }
}

function finish(ctx: CliContext, answer: Answer, session: string | undefined, mode: 'text' | 'json' | 'jsonl', flags: PromptFlags): number {
  const { terminal } = ctx;
  const { response, error } = answer;
  if (mode === 'text') {
    if (response && flags.schema !== undefined && !error) terminal.out(`${JSON.stringify(response.object, null, 2)}\n`);
    else if (answer.printed && !answer.printed.endsWith('\n')) terminal.out('\n');
  }
  if (mode === 'json') terminal.out(`${JSON.stringify(jsonResult(answer, session))}\n`);
  if (mode === 'jsonl' && error) terminal.out(`${JSON.stringify({ type: 'error', error: error.toJSON() })}\n`);
  if (response || answer.usage) {
    terminal.info(usageLine({ model: answer.answeredBy, mock: answer.mock, usage: response?.usage ?? answer.usage, totalMs: answer.totalMs, firstTokenMs: answer.firstTokenMs, session }));
  }
  if (error) {
    if (answer.printed) terminal.warn('llm: the answer above is incomplete: the stream failed before it finished');
    return reportError(terminal, error);
  }
  const reason = response?.finishReason;
  const cut = reason === undefined ? 'the stream ended without a finish' : CUT_OFF[reason];
  if (cut !== undefined) {
    terminal.warn(`llm: ${cut} (finish: ${reason ?? 'none'})`);
    if (flags.strict) return EXIT.truncated;
  }
  return EXIT.ok;
}
