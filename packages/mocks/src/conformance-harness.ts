import type { ChatModel, ClientConfigInput, ClientOption, HealthReport, LLMClient } from '@llm/core';
import type { ScriptTarget } from './fake-server.js';

/** What a provider hands the suites: a scripted target and a way to build its model against it. */
export interface ConformanceHarness {
  target: ScriptTarget & { readonly abortedRequests?: number };
  /** A model on the fake server; `apiKey` overrides the right key (to test a wrong one). */
  createModel(options?: { apiKey?: string }): ChatModel;
  /** The provider's health check against the fake server. */
  checkHealth(options?: { apiKey?: string }): Promise<HealthReport>;
  close(): Promise<void>;
  /**
   * (Needed by the hostile-caller part; `providerHarness` gives both.)
   * A client with the full default stack over this provider on the fake server (the key and base
   * URL set; `config` goes on top), for the parts that need the middleware a real caller meets.
   */
  createClient?(config?: Partial<ClientConfigInput>, ...options: ClientOption[]): LLMClient;
  /**
   * The provider's own factory (`createOpenAI`), pointed at the fake server unless `config` says
   * otherwise; `config` is passed on as it is when it is not an object (to test `createOpenAI(null)`).
   */
  factory?(config: unknown, ...options: ClientOption[]): LLMClient;
}
