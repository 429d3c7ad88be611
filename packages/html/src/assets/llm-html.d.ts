/** The browser API the scripts of @llm/html define on `window.LlmHtml` (for pages that build on them). */

type LlmHtmlChild = Node | string | number | null | undefined | false;
type LlmHtmlAttrs = Record<string, string | number | boolean | null | undefined>;
type LlmHtmlSortDirection = 'ascending' | 'descending';

interface LlmHtmlColumn<T> {
  key: string;
  label: string;
  /** Right-aligned, compared as numbers. */
  numeric?: boolean;
  /** Default true. */
  sortable?: boolean;
  /** What the column sorts by; null sorts last in either direction. Default: none (not sortable). */
  value?: (row: T) => string | number | null;
  /** The cell's content. */
  cell: (row: T) => LlmHtmlChild | LlmHtmlChild[];
  /** A header cell tooltip. */
  title?: string;
}

interface LlmHtmlTableOptions<T> {
  container: HTMLElement;
  caption: string;
  columns: LlmHtmlColumn<T>[];
  rows: T[];
  rowId: (row: T) => string;
  /** Called after every filter or sort with the rows shown, in order. */
  onChange?: (visible: T[]) => void;
}

interface LlmHtmlTable<T> {
  element: HTMLTableElement;
  setFilter(filter: (row: T) => boolean): void;
  sortBy(key: string, direction?: LlmHtmlSortDirection): void;
  /** Re-renders the cells of these columns (all when none given) and re-applies the sort. */
  refresh(keys?: string[]): void;
  visibleRows(): T[];
  rowElement(row: T): HTMLTableRowElement | undefined;
}

interface LlmHtmlPoint {
  id: string;
  x: number;
  y: number;
  group: string;
  label: string;
  selected?: boolean;
}

interface LlmHtmlChartOptions {
  container: HTMLElement;
  title: string;
  description: string;
  xLabel: string;
  yLabel: string;
  xLog?: boolean;
  yLog?: boolean;
  formatX?: (value: number) => string;
  formatY?: (value: number) => string;
  groups: { id: string; label: string }[];
  onSelect?: (id: string) => void;
}

interface LlmHtmlChart {
  element: SVGSVGElement;
  update(points: LlmHtmlPoint[]): void;
}

interface LlmHtmlApi {
  readJson<T>(id: string): T;
  el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: LlmHtmlAttrs | null, ...children: (LlmHtmlChild | LlmHtmlChild[])[]): HTMLElementTagNameMap[K];
  formatUsd(value: number | null): string;
  formatTokens(value: number | null): string;
  formatNumber(value: number, significant?: number): string;
  createTable<T>(options: LlmHtmlTableOptions<T>): LlmHtmlTable<T>;
  scatterChart(options: LlmHtmlChartOptions): LlmHtmlChart;
}

interface Window {
  LlmHtml: LlmHtmlApi;
}
