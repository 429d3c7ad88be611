import type { IncomingMessage, ServerResponse } from 'node:http';
import { toLLMError } from '@llm/errors';
import { gatewayError } from '../http/gateway-error.js';
import { readJsonBody } from '../http/read-body.js';
import { sendJson } from '../http/respond.js';
import type { ExperimentRegistry, GatewayExperiment } from '../routing/recommend-routes.js';
import { isRecord } from '../wire/request-issues.js';

const PRIMARY = ['outcome', 'errorRate', 'latency', 'cost'] as const;
type Primary = (typeof PRIMARY)[number];

function experimentOf(registry: ExperimentRegistry, id: string): GatewayExperiment {
  const found = registry.get(id);
  if (!found) throw gatewayError('not_found', `no experiment "${id}"; GET /admin/experiments lists them`);
  return found;
}

/** An experiment as the list shows it: its route, arms with their models and shares, and calls recorded per arm. */
async function describe(id: string, entry: GatewayExperiment): Promise<Record<string, unknown>> {
  const calls: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  for (const arm of entry.runner.experiment.arms) calls[arm.name] = outcomes[arm.name] = 0;
  for (const call of await entry.runner.store.calls(id)) {
    calls[call.arm] = (calls[call.arm] ?? 0) + 1;
    if (call.outcome !== undefined) outcomes[call.arm] = (outcomes[call.arm] ?? 0) + 1;
  }
  const { experiment } = entry.runner;
  return {
    id,
    route: entry.route,
    arms: experiment.arms.map((arm) => ({ name: arm.name, model: entry.models[arm.name], weight: arm.weight })),
    holdout: experiment.holdout ?? 0,
    calls,
    outcomes,
  };
}

/** `?primary=&mde=` of the analysis; a bad value is a 400 naming the parameter. */
function analyzeQuery(url: URL): { primary?: Primary; mde?: number } {
  const out: { primary?: Primary; mde?: number } = {};
  const primary = url.searchParams.get('primary');
  if (primary !== null) {
    if (!(PRIMARY as readonly string[]).includes(primary)) throw gatewayError('invalid_request', `primary must be one of ${PRIMARY.join(', ')}`, { details: { fields: ['primary: unknown metric'] } });
    out.primary = primary as Primary;
  }
  const mde = url.searchParams.get('mde');
  if (mde !== null) {
    const value = Number(mde);
    if (mde.trim() === '' || !Number.isFinite(value) || value <= 0) throw gatewayError('invalid_request', 'mde must be a positive number', { details: { fields: ['mde: not a positive number'] } });
    out.mde = value;
  }
  return out;
}

/**
 * `/admin/experiments` (the A/B tests of `experiment` routes, with calls per arm),
 * `/admin/experiments/{id}` (the analysis so far: per-arm estimates, comparisons with the control,
 * sample-ratio check, verdict) and `POST /admin/experiments/{id}/outcomes` (`{ callId, outcome }`,
 * the call id from a reply's `x-llm-experiment` header). The caller has checked the master key.
 * Returns false for a path it does not serve.
 */
export async function handleAdminExperiments(registry: ExperimentRegistry, maxBodyBytes: number, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  if (path === '/admin/experiments' && req.method === 'GET') {
    sendJson(res, 200, { data: await Promise.all([...registry].map(([id, entry]) => describe(id, entry))) });
    return true;
  }
  const m = /^\/admin\/experiments\/([^/]+)(\/outcomes)?$/.exec(path);
  if (!m) return false;
  const id = decodeURIComponent(m[1]!);
  if (m[2] === undefined && req.method === 'GET') {
    sendJson(res, 200, await experimentOf(registry, id).analyze(analyzeQuery(url)));
    return true;
  }
  if (m[2] !== undefined && req.method === 'POST') {
    const entry = experimentOf(registry, id);
    const body = await readJsonBody(req, maxBodyBytes);
    if (!isRecord(body) || typeof body.callId !== 'string') {
      throw gatewayError('invalid_request', 'the body is { "callId": "...", "outcome": true | false | number }', { details: { fields: ['callId: expected a string'] } });
    }
    try {
      await entry.runner.recordOutcome(body.callId, body.outcome as boolean | number);
    } catch (err) {
      const error = toLLMError(err);
      // An unknown call or a bad outcome: the client's mistake, said in the recommender's words (a store's failure stays what it is).
      throw error.code === 'invalid_request' ? gatewayError('invalid_request', error.message) : error;
    }
    sendJson(res, 200, { callId: body.callId, recorded: true });
    return true;
  }
  return false;
}
