import type { ClientOption } from '@llm/core';
import { aggregate, type AggregateQuery, type AggregateResult } from './aggregate.js';
import { AnalyticsRecorder, type AnalyticsRecorderOptions } from './analytics-recorder.js';
import { withAnalytics } from './analytics-middleware.js';
import type { AnalyticsStore, RecordQuery } from './analytics-store.js';
import type { CallRecord } from './call-record.js';
import { compareModels, type CompareQuery, type Comparison } from './compare.js';
import { detectAnomalies, type AnomalyQuery, type AnomalyReport } from './detect-anomalies.js';
import { buildReport, type AnalyticsReport, type ReportQuery } from './report.js';
import { timeSeries, type TimeSeriesQuery, type TimeSeriesResult } from './time-series.js';
import { trends, type TrendQuery, type TrendResult } from './trends.js';

export interface AnalyticsOptions extends AnalyticsRecorderOptions {
  /** The clock queries measure retention against (tests pass a fixed one). */
  now?: () => number;
}

/** A recorder and its store, with the queries over them. Every query first writes what is queued. */
export interface Analytics {
  readonly recorder: AnalyticsRecorder;
  readonly store: AnalyticsStore;
  /** The client option that records a client's calls and attempts (`createOpenAI({...}, analytics.clientOption())`). */
  clientOption(options?: { attempts?: boolean }): ClientOption;
  records(query: RecordQuery): Promise<CallRecord[]>;
  aggregate(query: AggregateQuery): Promise<AggregateResult>;
  timeSeries(query: TimeSeriesQuery): Promise<TimeSeriesResult>;
  compare(query: CompareQuery): Promise<Comparison>;
  trends(query: TrendQuery): Promise<TrendResult>;
  anomalies(query: AnomalyQuery): Promise<AnomalyReport>;
  /** Aggregate, series, trends and anomalies of a window: what `reportToJson`, `reportToCsv`, `reportToMarkdown` and `reportToHtml` render. */
  report(query: ReportQuery): Promise<AnalyticsReport>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createAnalytics(options: AnalyticsOptions = {}): Analytics {
  const recorder = new AnalyticsRecorder(options);
  const store = recorder.store;
  const now = options.now ?? Date.now;
  const flushed = async <T>(run: () => Promise<T>): Promise<T> => {
    await recorder.flush();
    return run();
  };
  return {
    recorder,
    store,
    clientOption: (o) => withAnalytics(recorder, o),
    records: (query) => flushed(() => store.records(query)),
    aggregate: (query) => flushed(() => aggregate(store, query, now())),
    timeSeries: (query) => flushed(() => timeSeries(store, query, now())),
    compare: (query) => flushed(() => compareModels(store, query, now())),
    trends: (query) => flushed(() => trends(store, query, now())),
    anomalies: (query) => flushed(() => detectAnomalies(store, query, now())),
    report: (query) => flushed(() => buildReport(store, query, now())),
    flush: () => recorder.flush(),
    close: () => recorder.close(),
  };
}
