/**
 * Runs a layer's bookkeeping (a log line, a usage or cost record, a metric, an observer's hook)
 * after the vendor has answered: if it throws, that record is lost, never the answer, and the
 * call is not made again. `report` hears of the failure (a logger's warn), if given; a report that
 * throws is ignored too.
 */
export function safely(fn: () => void, report?: (error: unknown) => void): void {
  try {
    fn();
  } catch (err) {
    try {
      report?.(err);
    } catch {
      // Nothing left to tell.
    }
  }
}
