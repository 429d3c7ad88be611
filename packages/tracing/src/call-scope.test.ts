import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsyncContextManager } from './async-context-manager.js';
import { noteAttemptSpan, openCallScope } from './call-scope.js';

const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] }).getTracer('test');
const activeSpanId = () => trace.getSpanContext(context.active())?.spanId;

describe('call scope', () => {
  beforeAll(() => context.setGlobalContextManager(createAsyncContextManager()));
  afterAll(() => context.disable());

  it('runs the outcome in the latest attempt’s span, or in the caller’s context when none was noted', async () => {
    const scope = openCallScope();
    expect(scope.inLatestAttempt(activeSpanId)).toBeUndefined();
    const spans = await context.with(scope.context, async () => {
      const first = tracer.startSpan('attempt 1');
      noteAttemptSpan(first);
      await new Promise((r) => setTimeout(r, 1));
      const second = tracer.startSpan('attempt 2');
      noteAttemptSpan(second);
      return [first, second];
    });
    expect(scope.inLatestAttempt(activeSpanId)).toBe(spans[1]!.spanContext().spanId);
    // Outside inLatestAttempt the caller's context is unchanged.
    expect(activeSpanId()).toBeUndefined();
  });

  it('an attempt of an inner call (a fallback client) is noted in every enclosing scope', () => {
    const outer = openCallScope();
    const inner = context.with(outer.context, () => openCallScope());
    const span = tracer.startSpan('hop');
    noteAttemptSpan(span, inner.context);
    expect(inner.inLatestAttempt(activeSpanId)).toBe(span.spanContext().spanId);
    expect(outer.inLatestAttempt(activeSpanId)).toBe(span.spanContext().spanId);
  });

  it('outside any scope, noting an attempt does nothing', () => {
    expect(() => noteAttemptSpan(tracer.startSpan('lone'))).not.toThrow();
  });
});
