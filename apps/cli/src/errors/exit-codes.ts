import type { LLMErrorCode } from '@llm/errors';

/** The exit codes of `llm`, by what happened. The table is in the README ("Exit codes"). */
export const EXIT = {
  ok: 0,
  /** Something unexpected (a bug): --debug shows the stack. */
  unexpected: 1,
  /** Bad input on the command line: an unknown option, a bad value, an unreadable schema file. */
  usage: 2,
  /** Bad configuration: the config file, an unknown provider or model alias, a missing key with --no-mock. */
  configuration: 3,
  /** The vendor did not accept the key. */
  authentication: 4,
  /** The vendor refused this request: unknown model, too long, filtered, unsupported. */
  refused: 5,
  /** Rate limited or out of quota. */
  rateLimited: 6,
  /** The vendor or the network failed: timeouts, 5xx, overload, a broken reply, an open circuit. */
  unavailable: 7,
  /** Refused before sending: the worst case exceeds --max-cost (or a budget). */
  cost: 8,
  /** --strict: the answer was cut off (no finish, or the token limit). */
  truncated: 9,
  /** `llm health`: at least one provider is down. */
  unhealthy: 10,
  /** Interrupted (Ctrl-C) or canceled. */
  interrupted: 130,
} as const;

/** One exit code per error code. */
export const EXIT_CODE_BY_ERROR: Readonly<Record<LLMErrorCode, number>> = {
  invalid_request: EXIT.usage,
  configuration: EXIT.configuration,
  authentication: EXIT.authentication,
  permission_denied: EXIT.authentication,
  not_found: EXIT.refused,
  context_length_exceeded: EXIT.refused,
  content_filtered: EXIT.refused,
  unsupported: EXIT.refused,
  rate_limited: EXIT.rateLimited,
  quota_exceeded: EXIT.rateLimited,
  timeout: EXIT.unavailable,
  network: EXIT.unavailable,
  overloaded: EXIT.unavailable,
  provider_error: EXIT.unavailable,
  malformed_response: EXIT.unavailable,
  circuit_open: EXIT.unavailable,
  cost_exceeded: EXIT.cost,
  canceled: EXIT.interrupted,
};
