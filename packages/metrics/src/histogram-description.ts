/** A histogram instrument as an exporter describes its metric: name, description, unit, value type and bucket boundaries. */
export interface HistogramDescription {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  /** `INT` for token counts (a non-integer value loses its fraction, as in the SDK), `DOUBLE` for seconds. */
  readonly valueType: 'INT' | 'DOUBLE';
  /** Sorted upper bounds of the buckets (there is one more bucket, for the values above the last). */
  readonly boundaries: readonly number[];
}
