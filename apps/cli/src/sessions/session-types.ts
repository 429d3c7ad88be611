/** A conversation kept in the session store. */
export interface SessionSummary {
  id: string;
  /** The first prompt (shortened), or the title given with /save. */
  title: string;
  /** `provider:model` of the last turn. */
  model: string;
  system: string | undefined;
  createdAt: string;
  updatedAt: string;
  /** Prompts answered. */
  turns: number;
  inputTokens: number;
  outputTokens: number;
  /** USD, the sum of the answers whose cost is known. */
  costUsd: number;
}

/** One message of a session, as stored. */
export interface StoredMessage {
  role: 'user' | 'assistant';
  content: string;
  /** `provider:model` that answered (assistant messages). */
  model?: string | undefined;
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  costUsd?: number | undefined;
  finishReason?: string | undefined;
  createdAt: string;
}

export interface SessionStore {
  /** Starts a session; it is listed once it has a message. */
  create(session: { model: string; system: string | undefined; title: string }): SessionSummary;
  /**
   * Adds a prompt and its answer in one transaction (a failed turn leaves nothing half-written);
   * `model` (the model asked for, `provider:model`) becomes the session's model.
   */
  appendTurn(id: string, model: string, user: StoredMessage, assistant: StoredMessage): void;
  /** A session by its id or a unique prefix of it; undefined when none matches. */
  get(idOrPrefix: string): { session: SessionSummary; messages: StoredMessage[] } | undefined;
  /** The session used last (`-c`). */
  latest(): SessionSummary | undefined;
  /** Newest first. */
  list(limit?: number): SessionSummary[];
  rename(id: string, title: string): void;
  /** Removes a session and its messages; false when there was none. */
  remove(id: string): boolean;
  close(): void;
}
