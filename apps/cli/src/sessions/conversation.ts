import type { Message } from '@llm/schema';
import type { CliContext } from '../context.js';
import { usageError } from '../errors/usage-error.js';
import type { Answer } from '../output/run-answer.js';
import type { SessionStore, SessionSummary, StoredMessage } from './session-types.js';
import { openSessionStore } from './sqlite-session-store.js';

/** Which conversation a command continues, and whether it is kept. */
export interface ConversationFlags {
  /** `-c`: the session used last. */
  continue?: boolean;
  /** `--session ID` (or a unique prefix). */
  session?: string;
  /** `--no-save` sets this false. */
  save: boolean;
  /** `-s` (a resumed session keeps its own unless this is given). */
  system?: string;
}

/** The turns so far and where they are kept: the one-shot and `llm chat` both hold one. */
export interface Conversation {
  /** The session, once it has been saved (or when one was resumed). */
  readonly session: SessionSummary | undefined;
  /** Whether turns are kept in the store (not with --no-save). */
  readonly persistent: boolean;
  /** The model of the resumed session, `provider:model`. */
  readonly resumedModel: string | undefined;
  system: string | undefined;
  /** Earlier prompts and answers. */
  readonly history: readonly StoredMessage[];
  /** The messages to send with a new prompt. */
  messagesFor(prompt: string): Message[];
  /** Keeps a prompt and its answer (in the store unless --no-save). */
  record(prompt: string, answer: Answer, createdAt?: Date): void;
  /** Names the session (saving it first if it has no turns yet, it is named when it gets one). */
  rename(title: string): void;
  close(): void;
}

function titleOf(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}

export async function openConversation(ctx: CliContext, flags: ConversationFlags): Promise<Conversation> {
  const resuming = flags.continue === true || flags.session !== undefined;
  if (flags.continue && flags.session !== undefined) throw usageError('-c and --session cannot be used together', '-c continues the last session; --session ID a given one');
  if (resuming && !flags.save) throw usageError(`${flags.continue ? '-c' : '--session'} cannot be used with --no-save`, 'a resumed session is saved as it goes');
  const store: SessionStore | undefined = flags.save ? await openSessionStore(ctx.paths.sessionsDb) : undefined;
  let session: SessionSummary | undefined;
  const history: StoredMessage[] = [];
  if (store && resuming) {
    const found = flags.session !== undefined ? store.get(flags.session) : (() => {
      const latest = store.latest();
      return latest ? store.get(latest.id) : undefined;
    })();
    if (!found) {
      store.close();
      throw flags.session !== undefined
        ? usageError(`no session "${flags.session}"`, 'llm sessions list shows the sessions')
        : usageError('no session to continue yet', 'start one with llm "..." or llm chat');
    }
    session = found.session;
    history.push(...found.messages);
  }
  let system = flags.system ?? session?.system;
  let pendingTitle: string | undefined;
  return {
    get session() {
      return session;
    },
    persistent: store !== undefined,
    resumedModel: session?.model,
    get system() {
      return system;
    },
    set system(value) {
      system = value;
    },
    history,
    messagesFor(prompt) {
      const messages: Message[] = [];
      if (system !== undefined) messages.push({ role: 'system', content: system });
      for (const m of history) messages.push({ role: m.role, content: m.content });
      messages.push({ role: 'user', content: prompt });
      return messages;
    },
    record(prompt, answer, createdAt = new Date()) {
      const response = answer.response;
      if (!response) return;
      const at = createdAt.toISOString();
      const user: StoredMessage = { role: 'user', content: prompt, createdAt: at };
      const assistant: StoredMessage = {
        role: 'assistant',
        content: response.text,
        model: answer.answeredBy,
        inputTokens: response.usage.inputTokens,
        outputTokens: response.usage.outputTokens,
        costUsd: response.usage.cost?.totalUsd,
        finishReason: response.finishReason,
        createdAt: new Date().toISOString(),
      };
      history.push(user, assistant);
      if (!store) return;
      session ??= store.create({ model: answer.model, system, title: pendingTitle ?? titleOf(prompt) });
      store.appendTurn(session.id, answer.model, user, assistant);
      session = store.get(session.id)?.session ?? session;
    },
    rename(title) {
      if (store && session) {
        store.rename(session.id, title);
        session = { ...session, title };
      } else pendingTitle = title;
    },
    close: () => store?.close(),
  };
}
