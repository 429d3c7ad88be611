import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context, ContextManager } from '@opentelemetry/api';
import { otelApi } from './otel-api.js';

/**
 * A ContextManager on Node's AsyncLocalStorage, for setups that register a bare
 * BasicTracerProvider (tests, small scripts) without `@opentelemetry/context-async-hooks`:
 * `context.setGlobalContextManager(createAsyncContextManager())`. The Node SDK registers its own.
 */
export function createAsyncContextManager(): ContextManager {
  let storage: AsyncLocalStorage<Context> | undefined = new AsyncLocalStorage<Context>();
  const manager: ContextManager = {
    active: () => storage?.getStore() ?? otelApi().ROOT_CONTEXT,
    with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
      const run = () => fn.apply(thisArg, args);
      return storage ? storage.run(ctx, run) : run();
    },
    bind<T>(ctx: Context, target: T): T {
      if (typeof target !== 'function') return target;
      const fn = target as unknown as (...args: unknown[]) => unknown;
      const bound = function (this: unknown, ...args: unknown[]) {
        return manager.with(ctx, () => fn.apply(this, args));
      };
      return bound as unknown as T;
    },
    enable() {
      storage ??= new AsyncLocalStorage<Context>();
      return manager;
    },
    disable() {
      storage?.disable();
      storage = undefined;
      return manager;
    },
  };
  return manager;
}
