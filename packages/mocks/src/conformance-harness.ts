import type { ChatModel, HealthReport } from '@llm/core';
import type { ScriptTarget } from './fake-server.js';

/** What a provider hands the suites: a scripted target and a way to build its model against it. */
export interface ConformanceHarness {
  target: ScriptTarget & { readonly abortedRequests?: number };
  /** A model on the fake server; `apiKey` overrides the right key (to test a wrong one). */
  createModel(options?: { apiKey?: string }): ChatModel;
  /** The provider's health check against the fake server. */
  checkHealth(options?: { apiKey?: string }): Promise<HealthReport>;
  close(): Promise<void>;
}
