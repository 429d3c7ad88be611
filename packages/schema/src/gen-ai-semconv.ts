/**
 * Which version of the OpenTelemetry GenAI semantic conventions telemetry follows, shared by
 * metrics and traces:
 * - `established`: the names of semantic-conventions v1.41.1 (the default: what backends read today);
 * - `latest`: the names of open-telemetry/semantic-conventions-genai (main), where the GenAI
 *   conventions moved after v1.41.1 (`gen_ai.client.inference.*` metrics, token usage counters and
 *   histograms, `gen_ai.usage.cache_write.input_tokens`);
 * - `both`: both sets at once, for a migration.
 */
export const GEN_AI_SEMCONV_MODES = ['established', 'latest', 'both'] as const;
export type GenAiSemconv = (typeof GEN_AI_SEMCONV_MODES)[number];

/** The environment variable OpenTelemetry instrumentations read to opt in to newer conventions. */
export const SEMCONV_OPT_IN_ENV = 'OTEL_SEMCONV_STABILITY_OPT_IN';

/**
 * The mode an `OTEL_SEMCONV_STABILITY_OPT_IN` value asks for, read as OpenTelemetry instrumentations
 * read it: a comma-separated list of category values; `gen_ai_latest_experimental` asks for the
 * latest GenAI conventions only, `gen_ai_latest_experimental/dup` for both (and wins when both are
 * listed, as `http/dup` does over `http`); anything else leaves the established names.
 */
export function genAiSemconvFromOptIn(optIn: string | undefined): GenAiSemconv {
  if (!optIn) return 'established';
  const values = optIn.split(',').map((v) => v.trim().toLowerCase());
  if (values.includes('gen_ai_latest_experimental/dup')) return 'both';
  if (values.includes('gen_ai_latest_experimental')) return 'latest';
  return 'established';
}

/** Whether a mode emits the established names. */
export const emitsEstablished = (mode: GenAiSemconv): boolean => mode !== 'latest';
/** Whether a mode emits the latest names. */
export const emitsLatest = (mode: GenAiSemconv): boolean => mode !== 'established';

/**
 * The mode to use: `explicit` when given (the client config's `telemetry.semconv`), else what
 * `OTEL_SEMCONV_STABILITY_OPT_IN` asks for, else `established`. Read once, when a middleware or
 * recorder is made, as instrumentations read it at start-up.
 */
export function resolveGenAiSemconv(explicit?: GenAiSemconv): GenAiSemconv {
  return explicit ?? genAiSemconvFromOptIn(process.env[SEMCONV_OPT_IN_ENV]);
}
