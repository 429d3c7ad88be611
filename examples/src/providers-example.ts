/** `node dist/providers-example.js`: see providers-example-main.ts (runs offline). */
import { runProvidersExample } from './providers-example-main.js';

runProvidersExample().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
