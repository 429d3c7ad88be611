import { lazySchema } from '@llm/schema';
import { z } from 'zod';
import { BUDGET_PERIODS } from '../config/index.js';
import { API_KEY_HASH_PATTERN } from './api-key.js';

const positiveInt = lazySchema(() => z.number().int().positive());

/** A key's spending limit: USD per period (calendar UTC periods by default, or a rolling window). */
export const ApiKeyBudgetSchema = lazySchema(() => z.object({
  usd: z.number().positive(),
  period: z.enum(BUDGET_PERIODS).default('month'),
  window: z.enum(['calendar', 'rolling']).default('calendar'),
}));

/** A key's rate limits; absent ones are not enforced. */
export const ApiKeyLimitsSchema = lazySchema(() => z.object({
  requestsPerMinute: positiveInt.optional(),
  tokensPerMinute: positiveInt.optional(),
  /** Calls of this key in flight at once. */
  maxConcurrent: positiveInt.optional(),
}));

/**
 * One client key as a key store holds it: never the key itself, only its hash. `id` is public (it
 * appears in reports, metrics and the admin API).
 */
export const ApiKeyRecordSchema = lazySchema(() => z.object({
  id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'ids are 1-128 letters, digits, ., _, : or -'),
  name: z.string().max(200).optional(),
  hash: z.string().regex(API_KEY_HASH_PATTERN, 'expected a key hash such as sha256:<64 hex digits>'),
  /** The key's first and last characters, to tell keys apart in a list. */
  hint: z.string().max(40).optional(),
  /** The models the key may use: exact names, or a prefix ending in `*` (`openai:*`). All when absent. */
  models: z.array(z.string().min(1)).optional(),
  budget: ApiKeyBudgetSchema.optional(),
  limits: ApiKeyLimitsSchema.optional(),
  /** ISO 8601; the key stops working at this instant. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  createdAt: z.iso.datetime({ offset: true }),
  revokedAt: z.iso.datetime({ offset: true }).optional(),
  /** The owner's labels (team, user): added to every call's tags. */
  metadata: z.record(z.string(), z.string()).optional(),
}));

export type ApiKeyBudget = z.output<typeof ApiKeyBudgetSchema>;
export type ApiKeyLimits = z.output<typeof ApiKeyLimitsSchema>;
export type ApiKeyRecord = z.output<typeof ApiKeyRecordSchema>;
export type ApiKeyRecordInput = z.input<typeof ApiKeyRecordSchema>;

export type ApiKeyStatus = 'active' | 'revoked' | 'expired';

/** Whether the key works at `now` (ms since the epoch). */
export function apiKeyStatus(record: Pick<ApiKeyRecord, 'revokedAt' | 'expiresAt'>, now: number = Date.now()): ApiKeyStatus {
  if (record.revokedAt !== undefined && Date.parse(record.revokedAt) <= now) return 'revoked';
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now) return 'expired';
  return 'active';
}

/** Whether the key may use `model`: no list allows all; an entry ending in `*` allows every name it begins. */
export function apiKeyAllowsModel(record: Pick<ApiKeyRecord, 'models'>, model: string): boolean {
  const allowed = record.models;
  if (allowed === undefined) return true;
  for (const entry of allowed) {
    if (entry.endsWith('*') ? model.startsWith(entry.slice(0, -1)) : model === entry) return true;
  }
  return false;
}
