import type { LLMError, LLMErrorCode } from '@llm/errors';

/** What to try next, by error code, when the error does not carry its own `details.hint`. */
const HINTS: Readonly<Record<LLMErrorCode, string>> = {
  invalid_request: 'llm --help lists the options',
  configuration: 'llm config validate checks the config file; llm config show says where each key comes from',
  authentication: 'check the vendor key (llm config show says where it comes from)',
  permission_denied: 'the key is not allowed to use this model or region',
  not_found: 'llm models lists the models (llm models --provider NAME)',
  context_length_exceeded: 'shorten the prompt or pick a model with a larger context (llm models)',
  content_filtered: 'the vendor filtered the prompt or the answer; rephrase it',
  unsupported: 'this model does not support that feature (llm models show ID)',
  rate_limited: 'wait and try again, or add --fallback MODEL',
  quota_exceeded: 'the account is out of quota; check the vendor billing page',
  timeout: 'try again, or raise --timeout',
  network: 'check the network and the base URL (llm config show)',
  overloaded: 'the vendor is overloaded; try again or add --fallback MODEL',
  provider_error: 'the vendor failed; try again or add --fallback MODEL',
  malformed_response: 'the reply could not be used; --debug shows it',
  circuit_open: 'the provider failed repeatedly; llm health shows its state',
  cost_exceeded: 'raise --max-cost, or lower --max-tokens',
  canceled: 'interrupted',
};

export function hintFor(error: LLMError): string {
  const own = error.details?.hint;
  return typeof own === 'string' ? own : HINTS[error.code];
}
