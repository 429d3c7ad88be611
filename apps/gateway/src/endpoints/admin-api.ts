import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Analytics } from '@llm/analytics';
import { hashApiKey, hashesEqual, issueApiKey, type ApiKeyRecord, type CostTracker, type NewApiKeyInput } from '@llm/core';
import { presentedKey, type KeyAuthenticator } from '../auth/key-auth.js';
import type { LayeredApiKeyStore } from '../auth/layered-key-store.js';
import { gatewayError } from '../http/gateway-error.js';
import { readJsonBody } from '../http/read-body.js';
import { sendJson } from '../http/respond.js';
import { isRecord } from '../wire/request-issues.js';
import { KEY_TAG, type KeyBudgets, type KeySpend } from '../limits/key-budgets.js';
import type { ExperimentRegistry } from '../routing/recommend-routes.js';
import { handleAdminExperiments } from './admin-experiments.js';
import { handleAdminAnalytics } from './admin-analytics.js';

export interface AdminServices {
  /** The master key's hash; without one the admin API is closed. */
  masterKeyHash: string | undefined;
  keys: LayeredApiKeyStore;
  auth: KeyAuthenticator;
  keyBudgets: KeyBudgets;
  costTracker: CostTracker;
  maxBodyBytes: number;
  /** The A/B tests of `experiment` routes. */
  experiments: ExperimentRegistry;
  /** Every upstream call's record, unless `telemetry.analytics` is off. */
  analytics: Analytics | undefined;
}

/** A key as the admin API shows it: never its hash. */
function publicRecord(record: ApiKeyRecord, source: 'config' | 'api'): Record<string, unknown> {
  const { hash: _hash, ...rest } = record;
  return { ...rest, source };
}

/** The master key, compared in constant time; 401 without it, 403 with a wrong one, 404 when no master key is configured. */
export function requireMaster(services: Pick<AdminServices, 'masterKeyHash'>, req: IncomingMessage): void {
  if (services.masterKeyHash === undefined) throw gatewayError('not_found', 'the admin API is off: set admin.masterKey in the config to turn it on');
  const key = presentedKey(req.headers);
  if (key === undefined) throw gatewayError('authentication', 'the admin API needs the master key (`Authorization: Bearer MASTER_KEY`)');
  if (!hashesEqual(hashApiKey(key), services.masterKeyHash)) throw gatewayError('permission_denied', 'that is not the master key');
}

async function describeKey(services: AdminServices, record: ApiKeyRecord): Promise<Record<string, unknown>> {
  const spend: KeySpend | undefined = await services.keyBudgets.spend(record);
  const out = publicRecord(record, (await services.keys.isFixed(record.id)) ? 'config' : 'api');
  if (spend) out.spend = spend;
  return out;
}

/** The spend report: each key's budget period so far (shared store) and this process's cost totals per key and model. */
async function spendReport(services: AdminServices, url: URL): Promise<Record<string, unknown>> {
  const since = url.searchParams.get('since');
  const until = url.searchParams.get('until');
  const filter: { since?: Date; until?: Date } = {};
  for (const [name, value] of [['since', since], ['until', until]] as const) {
    if (value === null) continue;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw gatewayError('invalid_request', `${name} must be a date such as 2025-06-01`, { details: { fields: [`${name}: not a date`] } });
    filter[name] = date;
  }
  const report = services.costTracker.report(filter);
  const keys = await Promise.all((await services.keys.list()).map((r) => describeKey(services, r)));
  const byKey = Object.fromEntries(Object.entries(report.byTag).filter(([tag]) => tag.startsWith(`${KEY_TAG}=`)).map(([tag, bucket]) => [tag.slice(KEY_TAG.length + 1), bucket]));
  return { generatedAt: report.generatedAt, period: report.period, keys, byKey, byModel: report.byModel, byPeriod: report.byPeriod, totals: report.totals };
}

/** `/admin/...`: keys (issue, list, show, revoke), spend, experiments and analytics. Returns false for a path it does not serve. */
export async function handleAdmin(services: AdminServices, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  if (!path.startsWith('/admin/')) return false;
  requireMaster(services, req);
  if (path === '/admin/keys') {
    if (req.method === 'GET') {
      sendJson(res, 200, { data: await Promise.all((await services.keys.list()).map((r) => describeKey(services, r))) });
      return true;
    }
    if (req.method === 'POST') {
      const body = await readJsonBody(req, services.maxBodyBytes);
      if (!isRecord(body)) throw gatewayError('invalid_request', 'the body must be a JSON object of the key’s settings', { details: { fields: ['(root): expected an object'] } });
      const issued = await issueApiKey(services.keys, body as NewApiKeyInput);
      sendJson(res, 201, { key: issued.key, record: publicRecord(issued.record, 'api') });
      return true;
    }
  }
  const m = /^\/admin\/keys\/([^/]+)$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[1]!);
    if (req.method === 'GET') {
      const record = await services.keys.get(id);
      if (!record) throw gatewayError('not_found', `no key with id "${id}"`);
      sendJson(res, 200, await describeKey(services, record));
      return true;
    }
    if (req.method === 'DELETE') {
      const record = await services.keys.revoke(id);
      if (!record) throw gatewayError('not_found', `no key with id "${id}"`);
      services.auth.forget(id);
      services.keyBudgets.forget(id);
      sendJson(res, 200, publicRecord(record, 'api'));
      return true;
    }
  }
  if (path === '/admin/spend' && req.method === 'GET') {
    sendJson(res, 200, await spendReport(services, url));
    return true;
  }
  if (await handleAdminExperiments(services.experiments, services.maxBodyBytes, req, res, url)) return true;
  if (await handleAdminAnalytics(services.analytics, req, res, url)) return true;
  throw gatewayError('not_found', `no admin endpoint ${req.method} ${path}`);
}
