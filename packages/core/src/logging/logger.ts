import { redactHeaders, redactSecrets } from '@llm/errors';
import { activeTraceCorrelation } from '@llm/tracing';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

/** The small logging interface every part logs through; adapt any logger to it. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  isLevelEnabled(level: Exclude<LogLevel, 'silent'>): boolean;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface JsonLoggerOptions {
  level?: LogLevel;
  /** Where each JSON line goes; stderr by default. */
  write?: (line: string) => void;
  /** Fields added to every line. */
  base?: LogFields;
  /** Secrets (API keys) to mask wherever they would appear, beside the known key shapes. */
  secrets?: readonly string[];
  /**
   * Fields naming the active trace, added to each line written: by default `trace_id`,
   * `span_id` and `trace_flags` of the active OpenTelemetry span (none when no span is active);
   * `false` turns it off. Called only for lines that are written.
   */
  correlate?: (() => object | undefined) | false;
}

/** Header maps (a `headers` field) are logged with their secret values masked (`authorization`, `x-api-key`...). */
function isHeaderMap(key: string, value: unknown): value is Record<string, string> {
  return key === 'headers' && typeof value === 'object' && value !== null && !Array.isArray(value);
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    return typeof json === 'function' ? json.call(value) : { name: value.name, message: value.message };
  }
  return value;
}

/** One JSON object per line, secrets masked. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const base = options.base ?? {};
  const secrets = options.secrets ?? [];
  const correlate = options.correlate === false ? undefined : (options.correlate ?? activeTraceCorrelation);
  const log = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields) => {
    if (RANK[level] < min) return;
    const record: LogFields = { time: new Date().toISOString(), level, msg: message, ...base };
    const trace = correlate?.();
    if (trace) Object.assign(record, trace);
    if (fields) for (const [k, v] of Object.entries(fields)) record[k] = isHeaderMap(k, v) ? redactHeaders(v) : serialise(v);
    write(redactSecrets(JSON.stringify(record), secrets));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    isLevelEnabled: (level) => RANK[level] >= min,
  };
}

export const noopLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  isLevelEnabled: () => false,
};
