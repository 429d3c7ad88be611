import { LLMError } from '@llm/errors';
import type { ModelRecord } from '../record/index.js';

/** Finds records by `provider:model`, `provider:alias`, or a bare model id or alias when only one provider has it. */
export class ModelIndex {
  private readonly byQualified = new Map<string, ModelRecord>();
  private readonly byBare = new Map<string, ModelRecord[]>();

  constructor(records: readonly ModelRecord[]) {
    for (const record of records) {
      for (const name of [record.model, ...record.aliases]) {
        const key = `${record.provider}:${name}`;
        const other = this.byQualified.get(key);
        if (other && other !== record) {
          throw new LLMError({ code: 'configuration', message: `catalog: ${key} names both ${other.id} and ${record.id}`, retryable: false });
        }
        this.byQualified.set(key, record);
        const bare = this.byBare.get(name) ?? [];
        if (!bare.includes(record)) bare.push(record);
        this.byBare.set(name, bare);
      }
    }
  }

  /** The record `id` names, undefined when none; a bare id that several providers have is an error naming them. */
  get(id: string): ModelRecord | undefined {
    const qualified = this.byQualified.get(id);
    if (qualified) return qualified;
    const bare = this.byBare.get(id);
    if (!bare || bare.length === 0) return undefined;
    if (bare.length === 1) return bare[0];
    throw new LLMError({
      code: 'invalid_request',
      message: `model "${id}" is ambiguous in the catalog: say which provider (${bare.map((r) => r.id).join(', ')})`,
      retryable: false,
      details: { candidates: bare.map((r) => r.id) },
    });
  }

  /** The record of a provider's model id or alias. */
  find(provider: string, model: string): ModelRecord | undefined {
    return this.byQualified.get(`${provider}:${model}`);
  }
}
