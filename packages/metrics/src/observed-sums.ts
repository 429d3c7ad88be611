import type { Attributes, ObservableResult } from '@opentelemetry/api';

/** One attribute set's running total. */
export interface SumCell {
  readonly attributes: Attributes;
  value: number;
}

/**
 * Running totals per attribute set behind an observable counter or up-down counter: adding is a
 * number increment on a cell the caller keeps, and the SDK reads every cell when a reader
 * collects. A synchronous counter would hash the attribute set on every `add`; this does it
 * once per attribute set.
 */
export class ObservedSums {
  private readonly cells = new Map<string, SumCell>();

  /** The cell of an attribute set (made on first use); `key` identifies the set's values. */
  cell(key: string, attributes: () => Attributes): SumCell {
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { attributes: attributes(), value: 0 };
      this.cells.set(key, cell);
    }
    return cell;
  }

  /** Reports every cell's total (the instrument's callback). */
  observe(result: ObservableResult): void {
    for (const cell of this.cells.values()) result.observe(cell.value, cell.attributes);
  }
}

/** A key for an attribute set's values, independent of key order. */
export function attributesKey(attributes: Attributes): string {
  return JSON.stringify(Object.keys(attributes).sort().map((k) => [k, attributes[k]]));
}
