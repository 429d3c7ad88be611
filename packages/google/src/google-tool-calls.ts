import { randomBytes } from 'node:crypto';

/** Prefix of the ids this package makes up for function calls Gemini sent without one. */
export const GENERATED_ID_PREFIX = 'gemini_call_';

/** A tool call id is ours (not Gemini's), so it is never sent back to the vendor. */
export function isGeneratedToolCallId(id: string): boolean {
  return id.startsWith(GENERATED_ID_PREFIX);
}

/**
 * The id of the `index`-th function call of one reply. Gemini's own id wins; otherwise the id
 * is built from the reply's `responseId` and the call's position, so `chat` and `streamChat`
 * name the calls of the same reply the same way, and calls of different replies never clash.
 */
export function toolCallId(vendorId: string | undefined, responseKey: string, index: number): string {
  return vendorId && vendorId.length > 0 ? vendorId : `${GENERATED_ID_PREFIX}${responseKey}_${index}`;
}

/** A key for a reply that has no `responseId`. */
export function randomResponseKey(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * Gemini 3 models sign their function calls (`thoughtSignature`) and reject a later turn that
 * replays a call without its signature. Our ToolCall has no room for it, so each transport
 * remembers the signatures of the calls it returned, by call id, and puts them back when the
 * caller sends those calls in the history. Bounded: the oldest entries go first.
 */
export class ThoughtSignatures {
  private readonly byId = new Map<string, string>();

  constructor(private readonly capacity = 2000) {}

  remember(toolCallId: string, signature: string | undefined): void {
    if (!signature) return;
    this.byId.delete(toolCallId);
    this.byId.set(toolCallId, signature);
    if (this.byId.size > this.capacity) {
      const oldest = this.byId.keys().next().value;
      if (oldest !== undefined) this.byId.delete(oldest);
    }
  }

  get(toolCallId: string): string | undefined {
    return this.byId.get(toolCallId);
  }

  get size(): number {
    return this.byId.size;
  }
}
