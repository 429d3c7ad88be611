/** `node dist/otel-demo.js [--console]`: see otel-example.ts. */
import { runOtelExample } from './otel-example.js';

runOtelExample(console.log, process.argv.includes('--console')).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
