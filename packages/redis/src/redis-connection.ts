import { createHash } from 'node:crypto';
import { LLMError } from '@llm/errors';
import type { Redis } from 'ioredis';

/** What a store does when Redis cannot be reached: fail the call, or carry on with this process's own state. */
export type ConnectionErrorMode = 'fail' | 'fallback-local';

/** A Lua script run by its SHA (EVALSHA), loaded on first use. */
export interface LuaScript {
  readonly name: string;
  readonly lua: string;
  readonly sha: string;
}

export function luaScript(name: string, lua: string): LuaScript {
  return { name, lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** Runs a script atomically: EVALSHA, and EVAL once when the server does not know it yet. */
export async function runScript(client: Redis, script: LuaScript, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return client.eval(script.lua, keys.length, ...keys, ...args);
    throw err;
  }
}

export interface RedisGuardOptions {
  mode: ConnectionErrorMode;
  /** Longest time one Redis operation may take before it counts as a connection failure. Default 2000 ms. */
  operationTimeoutMs?: number;
  /** Called each time an operation falls back to local state (the first of a run of failures, and after a recovery). */
  onFallback?: (error: LLMError) => void;
}

/**
 * Runs store operations against Redis and decides what a failure means: a `network` LLMError that
 * names Redis (mode `fail`), or the same operation on this process's in-memory store (mode
 * `fallback-local`). A client that is not connected fails at once instead of queueing commands.
 */
export class RedisGuard {
  readonly mode: ConnectionErrorMode;
  private readonly timeoutMs: number;
  private readonly onFallback: ((error: LLMError) => void) | undefined;
  private fallingBack = false;
  private wasReady = false;
  private firstConnect: Promise<boolean> | undefined;

  constructor(
    readonly client: Redis,
    options: RedisGuardOptions,
  ) {
    this.mode = options.mode;
    this.timeoutMs = options.operationTimeoutMs ?? 2000;
    this.onFallback = options.onFallback;
  }

  private unavailable(what: string, cause?: unknown): LLMError {
    const reason = cause instanceof Error ? cause.message : `connection status is ${this.client.status}`;
    return new LLMError({
      code: 'network',
      message: `Redis is unavailable for the ${what} (${reason}); set onConnectionError: 'fallback-local' to carry on with per-process state`,
      cause,
      details: { component: 'redis', store: what, status: this.client.status },
    });
  }

  private async withTimeout<T>(what: string, op: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no reply within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([op(), timeout]);
    } catch (err) {
      throw this.unavailable(what, err);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * True once the client can take commands. A client still making its first connection is waited
   * for (up to the operation timeout); one that lost its connection is not: calls must not hang.
   */
  private async ready(): Promise<boolean> {
    const { client } = this;
    if (client.status === 'ready') return true;
    if (client.status !== 'wait' && client.status !== 'connecting' && client.status !== 'connect') return false;
    if (this.wasReady) return false;
    if (client.status === 'wait') client.connect().catch(() => {});
    // Every operation waiting for the first connection shares one wait (and one pair of listeners).
    this.firstConnect ??= new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        client.off('ready', onReady);
        client.off('end', onEnd);
        resolve(ok);
      };
      const onReady = () => done(true);
      const onEnd = () => done(false);
      const timer = setTimeout(() => done(client.status === 'ready'), this.timeoutMs);
      client.once('ready', onReady);
      client.once('end', onEnd);
    }).finally(() => {
      this.firstConnect = undefined;
    });
    return this.firstConnect;
  }

  /** Runs `remote` on Redis; on failure throws (fail) or runs `local` (fallback-local). */
  async run<T>(what: string, remote: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    let error: LLMError;
    if (await this.ready()) {
      this.wasReady = true;
      try {
        const result = await this.withTimeout(what, remote);
        this.fallingBack = false;
        return result;
      } catch (err) {
        error = err as LLMError;
      }
    } else {
      error = this.unavailable(what);
    }
    if (this.mode === 'fail') throw error;
    if (!this.fallingBack) {
      this.fallingBack = true;
      this.onFallback?.(error);
    }
    return local();
  }
}

/** True for the error a store raises when Redis cannot be reached (mode `fail`). */
export function isRedisUnavailable(error: unknown): boolean {
  return LLMError.is(error) && error.code === 'network' && error.details?.component === 'redis';
}
