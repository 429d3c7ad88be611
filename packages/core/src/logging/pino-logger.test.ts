import { LLMError } from '@llm/errors';
import { createAsyncContextManager } from '@llm/tracing';
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from './logger.js';
import { pinoLogger } from './pino-logger.js';

function capture(level = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const stream = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  return { lines, logger: pinoLogger(pino({ level }, stream), { secrets: ['my-private-token-1234'] }) };
}

describe('pinoLogger', () => {
  beforeAll(() => {
    context.setGlobalContextManager(createAsyncContextManager());
  });
  afterAll(() => {
    context.disable();
    trace.disable();
  });

  it('writes through pino with its levels and masks keys, Authorization headers and given secrets', () => {
    const { lines, logger } = capture('info');
    logger.debug('hidden', { a: 1 });
    logger.warn('llm.error sk-proj-abcdefghijklmnopqrstuvwxyz', {
      headers: { Authorization: 'Bearer abcdefghijklmnop', 'x-custom': 'keep' },
      note: 'token my-private-token-1234 here',
      error: new LLMError({ code: 'authentication', message: 'bad key' }),
    });
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line.level).toBe(40);
    expect(line.msg).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(line.headers).toEqual({ Authorization: '***', 'x-custom': 'keep' });
    expect(line.note).toBe('token *** here');
    expect(line.error).toMatchObject({ name: 'LLMError', code: 'authentication' });
    expect(line.trace_id).toBeUndefined();
    expect(logger.isLevelEnabled('debug')).toBe(false);
    expect(logger.isLevelEnabled('error')).toBe(true);
  });

  it('adds the active span’s trace_id and span_id', () => {
    const { lines, logger } = capture();
    const tracer = new BasicTracerProvider().getTracer('test');
    const span = tracer.startSpan('work');
    context.with(trace.setSpan(context.active(), span), () => logger.info('inside', {}));
    span.end();
    expect(lines[0]).toMatchObject({ msg: 'inside', trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
  });

  it('the JSON logger masks header maps the same way, and correlation can be turned off', () => {
    const lines: string[] = [];
    const tracer = new BasicTracerProvider().getTracer('test');
    const span = tracer.startSpan('work');
    const on = createJsonLogger({ write: (l) => lines.push(l) });
    const off = createJsonLogger({ write: (l) => lines.push(l), correlate: false });
    context.with(trace.setSpan(context.active(), span), () => {
      on.info('call', { headers: { 'X-Api-Key': 'abcdef0123456789', accept: 'application/json' } });
      off.info('call');
    });
    span.end();
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first!.headers).toEqual({ 'X-Api-Key': '***', accept: 'application/json' });
    expect(first!.span_id).toBe(span.spanContext().spanId);
    expect(second!.span_id).toBeUndefined();
  });
});
