/** docs/cli.md, absolute path. */
export const DOC_PATH: string;
/** The whole page, from fresh runs of the built `llm`. */
export function renderCliDocs(): Promise<string>;
/** The page with what may differ between two runs (timings, ids, dates, ports) masked. */
export function maskVolatile(text: string): string;
