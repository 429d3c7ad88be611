import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Analytics, GroupDimension } from '@llm/analytics';
import { gatewayError } from '../http/gateway-error.js';
import { sendJson, sendText } from '../http/respond.js';

const DAY_MS = 86_400_000;
const DIMENSIONS = ['provider', 'model', 'operation', 'streamed', 'experiment', 'arm'];
const FORMATS = ['json', 'csv', 'markdown'] as const;

function bad(field: string, message: string): never {
  throw gatewayError('invalid_request', `${field} ${message}`, { details: { fields: [`${field}: ${message}`] } });
}

function instant(url: URL, name: 'from' | 'to', fallback: number): number {
  const value = url.searchParams.get(name);
  if (value === null) return fallback;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) bad(name, 'must be a date or time such as 2026-11-30 or 2026-11-30T12:00:00Z');
  return ms;
}

function groupBy(url: URL): GroupDimension[] {
  const value = url.searchParams.get('groupBy');
  if (value === null) return ['provider', 'model'];
  const dims = value.split(',').map((d) => d.trim()).filter(Boolean);
  for (const d of dims) if (!DIMENSIONS.includes(d) && !/^tag:[^,\s]+$/.test(d)) bad('groupBy', `has "${d}"; use ${DIMENSIONS.join(', ')} or tag:<name> (tag:key is the client key)`);
  return dims as GroupDimension[];
}

/**
 * `GET /admin/analytics?from=&to=&groupBy=&format=`: `@llm/analytics`' report of the window (default
 * the last day) over every upstream call: per group calls, errors, latency and first-chunk
 * percentiles, tokens, cost (`groupBy=tag:key` gives spend per client key), with trends and
 * anomalies; JSON (default), CSV or Markdown. With `stores.postgres` it covers every replica and
 * survives restarts. The caller has checked the master key. Returns false for another path.
 */
export async function handleAdminAnalytics(analytics: Analytics | undefined, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname !== '/admin/analytics' || req.method !== 'GET') return false;
  if (!analytics) throw gatewayError('not_found', 'analytics are off (telemetry.analytics: false)');
  const now = Date.now();
  const to = instant(url, 'to', now);
  const from = instant(url, 'from', to - DAY_MS);
  if (from >= to) bad('from', 'must be before to');
  const format = url.searchParams.get('format') ?? 'json';
  if (!(FORMATS as readonly string[]).includes(format)) bad('format', `must be one of ${FORMATS.join(', ')}`);
  const { buildReport, reportToCsv, reportToMarkdown } = await import('@llm/analytics');
  await analytics.flush();
  const report = await buildReport(analytics.store, { from, to, groupBy: groupBy(url) }, now);
  if (format === 'csv') sendText(res, 200, reportToCsv(report), 'text/csv; charset=utf-8');
  else if (format === 'markdown') sendText(res, 200, reportToMarkdown(report), 'text/markdown; charset=utf-8');
  else sendJson(res, 200, report);
  return true;
}
