/** The experiment report's own styles, on top of @llm/html's base style sheet (inlined, allowed by the page's CSP hash). */
export const EXPERIMENT_REPORT_CSS = `
main { max-width: 1100px; }
.verdict { border: 1px solid var(--line); border-left: 6px solid var(--muted); border-radius: 6px; padding: 0.6rem 1rem; background: var(--panel); }
.verdict h2 { margin-top: 0.2rem; }
.verdict-winner { border-left-color: var(--yes); }
.verdict-invalid { border-left-color: var(--no); }
.verdict-continue { border-left-color: var(--unknown); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.4rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.table-wrap { margin: 0.4rem 0 0.8rem; }
progress { width: 16rem; vertical-align: middle; }
svg.interval-chart { width: 100%; max-width: 900px; height: auto; display: block; }
svg.interval-chart .grid { stroke: var(--line); stroke-dasharray: 2 3; }
svg.interval-chart .axis { stroke: var(--fg); }
svg.interval-chart .reference { stroke: var(--fg); stroke-width: 1.5; }
svg.interval-chart .tick, svg.interval-chart .value { fill: var(--muted); font-size: 11px; }
svg.interval-chart .label, svg.interval-chart .axis-label { fill: var(--fg); font-size: 12px; }
svg.interval-chart .interval { stroke: var(--muted); stroke-width: 3; }
svg.interval-chart .estimate { fill: var(--muted); }
svg.interval-chart .highlight .interval { stroke: var(--accent); }
svg.interval-chart .highlight .estimate { fill: var(--accent); }
`;
