import { toLLMError, type LLMError } from '@llm/errors';
import type { RoutingInfo } from '@llm/core';
import type { ChatRequest, ChatResponse, Usage } from '@llm/schema';
import type { CliContext } from '../context.js';
import type { OpenedModel } from '../providers/open-model.js';
import { startSpinner } from '../terminal/spinner.js';

/** What came of one request: the response, or the error (and whatever text was printed before it). */
export interface Answer {
  /** `provider:model` asked for. */
  model: string;
  /** `provider:model` that answered (a fallback, or the vendor's dated name). */
  answeredBy: string;
  mock: boolean;
  response?: ChatResponse<unknown>;
  error?: LLMError;
  /** Text written to stdout as it arrived. */
  printed: string;
  /** Usage seen in the stream, when it failed before its finish. */
  usage?: Usage;
  routing?: RoutingInfo;
  totalMs: number;
  firstTokenMs?: number;
}

export interface AnswerOptions {
  stream: boolean;
  /** Write text deltas to stdout as they arrive. */
  printText: boolean;
  /** Write every stream event to stdout as one JSON line. */
  jsonl: boolean;
  /** The caller's abort (chat: Ctrl-C in the prompt); without it Ctrl-C (SIGINT) aborts the call. */
  signal?: AbortSignal;
}

/**
 * Sends one request and follows it: the first token is printed the moment it arrives (a spinner on
 * stderr until then), Ctrl-C aborts the call (it ends as `canceled`), and failures are returned,
 * not thrown, with what was printed before them.
 */
export async function runAnswer(ctx: CliContext, opened: OpenedModel, request: ChatRequest<unknown>, options: AnswerOptions): Promise<Answer> {
  const { terminal } = ctx;
  const target = opened.targets[0]!;
  const answer: Answer = { model: target.id, answeredBy: target.id, mock: target.kind === 'mock', printed: '', totalMs: 0 };
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  if (options.signal) options.signal.addEventListener('abort', onSigint, { once: true });
  else process.once('SIGINT', onSigint);
  const spinner = startSpinner(terminal, `asking ${target.id}`);
  const started = performance.now();
  const firstToken = () => {
    if (answer.firstTokenMs === undefined) {
      answer.firstTokenMs = performance.now() - started;
      spinner.stop();
    }
  };
  opened.prepare(request);
  try {
    if (options.stream) {
      for await (const event of opened.model.streamChat(request, { signal: controller.signal })) {
        if (options.jsonl) terminal.out(`${JSON.stringify(event)}\n`);
        if (event.type === 'text-delta') {
          firstToken();
          if (options.printText) {
            terminal.out(event.text);
            answer.printed += event.text;
          }
        } else if (event.type === 'usage') answer.usage = event.usage;
        else if (event.type === 'finish') answer.response = event.response;
      }
    } else {
      const response = await opened.model.chat(request, { signal: controller.signal });
      answer.response = response;
      if (options.jsonl) terminal.out(`${JSON.stringify({ type: 'finish', finishReason: response.finishReason, response })}\n`);
      if (options.printText) {
        terminal.out(response.text);
        answer.printed = response.text;
      }
    }
  } catch (err) {
    answer.error = toLLMError(err, { provider: target.kind === 'gateway' ? 'gateway' : target.provider });
  } finally {
    spinner.stop();
    if (options.signal) options.signal.removeEventListener('abort', onSigint);
    else process.removeListener('SIGINT', onSigint);
    answer.totalMs = performance.now() - started;
  }
  const response = answer.response;
  if (response) {
    answer.answeredBy = `${response.provider}:${response.model}`;
    const routing = response.providerMetadata?.routing as RoutingInfo | undefined;
    if (routing) answer.routing = routing;
  }
  return answer;
}
