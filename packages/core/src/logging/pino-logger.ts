import { redactHeaders, redactSecrets } from '@llm/errors';
import { activeTraceCorrelation } from '@llm/tracing';
import type { LogFields, Logger, LogLevel } from './logger.js';

/**
 * The part of a pino logger the adapter uses (structural: pino is not a dependency).
 * Pino takes the fields object first and the message second.
 */
export interface PinoLike {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  isLevelEnabled(level: string): boolean;
}

export interface PinoLoggerOptions {
  /** Secrets (API keys) to mask wherever they would appear, beside the known key shapes. */
  secrets?: readonly string[];
  /** Add `trace_id` / `span_id` / `trace_flags` of the active span to each line (default true). */
  correlate?: boolean;
}

function toPlain(value: unknown): unknown {
  if (value instanceof Error) {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    return typeof json === 'function' ? json.call(value) : { name: value.name, message: value.message };
  }
  return value;
}

/** The fields as pino should see them: errors as their JSON, header maps and secrets masked. */
export function maskLogFields(fields: LogFields | undefined, secrets: readonly string[]): LogFields {
  if (!fields) return {};
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = k === 'headers' && typeof v === 'object' && v !== null && !Array.isArray(v) ? redactHeaders(v as Record<string, string>) : toPlain(v);
  }
  return JSON.parse(redactSecrets(JSON.stringify(out), secrets)) as LogFields;
}

/**
 * Adapts a pino logger to the framework's Logger: `withLogger(pinoLogger(pino()))`. Lines keep
 * pino's format and destination; fields are masked (keys, Authorization headers) and carry the
 * active span's ids. The message is masked too.
 */
export function pinoLogger(pino: PinoLike, options: PinoLoggerOptions = {}): Logger {
  const secrets = options.secrets ?? [];
  const correlate = options.correlate ?? true;
  const log = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields) => {
    if (!pino.isLevelEnabled(level)) return;
    const record = maskLogFields(fields, secrets);
    if (correlate) {
      const trace = activeTraceCorrelation();
      if (trace) Object.assign(record, trace);
    }
    pino[level](record, redactSecrets(message, secrets));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    isLevelEnabled: (level) => pino.isLevelEnabled(level),
  };
}
