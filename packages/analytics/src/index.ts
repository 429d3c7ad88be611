export { RECORD_KINDS, OUTCOMES, EXPERIMENT_TAG, ARM_TAG, tagsLabel, parseTagsLabel, type CallRecord, type RecordKind, type Outcome } from './call-record.js';
export type { AnalyticsStore, RecordFilter, RecordQuery, RollupQuery, PruneReport } from './analytics-store.js';
export { MemoryAnalyticsStore, MEMORY_STORE_DEFAULTS, type MemoryStoreOptions } from './memory-store.js';
export { DEFAULT_RETENTION, resolveRetention, type Retention, type RetentionInput } from './retention.js';
export {
  ROLLUP_LEVELS,
  LEVEL_MS,
  bucketStart,
  rollupBatch,
  emptyStats,
  mergeStats,
  addRecord,
  seriesId,
  type RollupLevel,
  type RollupRow,
  type RollupStats,
  type SeriesKey,
  type PricedParts,
} from './rollup.js';
export { SKETCH_RELATIVE_ACCURACY, emptySketch, sketchAdd, sketchMergeInto, sketchQuantile, sketchMean, type SketchData } from './quantile-sketch.js';
export { planWindow, type WindowPlan, type WindowPiece } from './window-plan.js';
export { summarize, type Summary, type Percentiles } from './summary.js';
export { aggregate, DEFAULT_GROUP_BY, type AggregateQuery, type AggregateResult, type GroupSummary, type GroupDimension, type TimeInput } from './aggregate.js';
export { timeSeries, statsSeries, parseGranularity, type TimeSeriesQuery, type TimeSeriesResult, type SeriesPoint, type StatsSeries, type StatsPoint } from './time-series.js';
export { compareModels, type CompareQuery, type Comparison, type CompareMetric } from './compare.js';
export { AnalyticsRecorder, type AnalyticsRecorderOptions, type RecorderStats } from './analytics-recorder.js';
export type { RecordIdParts } from './record-id.js';
export { callMiddleware, attemptMiddleware, withAnalytics } from './analytics-middleware.js';
export { createAnalytics, type Analytics, type AnalyticsOptions } from './analytics.js';
export { DETECTORS, severityOf, type Severity, type DetectorName, type DetectionMethod, type SeriesValue, type Flag, type Anomaly, type CostPart, type CostExplanation, type DetectorStatus } from './anomaly.js';
export { episodes, type Episode } from './episodes.js';
export { robustBaseline, MAD_TO_SIGMA, type RobustBaseline } from './robust.js';
export { detectLevel, seasonalCentres, type LevelDetectorOptions, type LevelResult } from './level-detector.js';
export { detectCusum, type CusumOptions, type CusumResult } from './cusum-detector.js';
export { detectErrorRate, binomialUpperTail, type ErrorPoint, type ErrorRateOptions, type ErrorRateResult } from './error-rate-detector.js';
export { explainCostChange, sumPriced } from './cost-drift.js';
export { detectAnomalies, type AnomalyQuery, type AnomalyReport } from './detect-anomalies.js';
export { AnomalyMonitor, ANOMALY_COUNTER, type AnomalyMonitorOptions } from './anomaly-monitor.js';
export { trends, slopePerDay, TREND_METRICS, type TrendMetric, type Slope, type SlopePoint, type PeriodChange, type MetricTrend, type TrendResult, type TrendQuery } from './trends.js';
export { SqliteAnalyticsStore, openSqliteStore, SQLITE_SCHEMA_VERSION, type SqliteStoreOptions } from './sqlite-store.js';
export type { SqliteDatabase, SqliteStatement, SqliteTransaction } from './sqlite-driver.js';
export { recordMatches, seriesMatches } from './record-filter.js';
export { buildReport, reportToJson, reportToCsv, reportToMarkdown, type AnalyticsReport, type ReportQuery } from './report.js';
export { reportToHtml, type ReportHtmlOptions, type DashboardRow } from './dashboard/report-html.js';
export { DASHBOARD_MAX_GROUPS } from './dashboard/group-cap.js';
export { svgLineChart, type LineChartOptions, type ChartLine, type ChartBand } from './dashboard/svg-line-chart.js';
export { seriesGranularity } from './series-granularity.js';
export { packStats, unpackStats, type PackedStats } from './stats-codec.js';
export { ROLLUP_COLUMNS, ROLLUP_READ_COLUMNS, rollupColumns, rollupRowOf, storedSeriesKey, storedStats, type RollupColumn, type StoredRollupRow } from './rollup-columns.js';
