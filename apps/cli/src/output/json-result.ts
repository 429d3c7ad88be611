import type { Answer } from './run-answer.js';

/** `--json`: one object with the answer, its usage and cost, which model answered and how it ended. */
export function jsonResult(answer: Answer, session: string | undefined): Record<string, unknown> {
  const { response, error } = answer;
  return {
    text: response?.text ?? answer.printed,
    object: response?.object ?? null,
    finishReason: response?.finishReason ?? null,
    model: answer.model,
    answeredBy: answer.answeredBy,
    mock: answer.mock,
    routing: answer.routing ?? null,
    usage: response?.usage ?? answer.usage ?? null,
    cost: response?.usage.cost ?? null,
    session: session ?? null,
    timing: { totalMs: Math.round(answer.totalMs), firstTokenMs: answer.firstTokenMs === undefined ? null : Math.round(answer.firstTokenMs) },
    ...(error ? { error: error.toJSON() } : {}),
  };
}
