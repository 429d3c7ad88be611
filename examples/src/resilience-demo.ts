/** `node dist/resilience-demo.js`: see resilience-example.ts (runs offline). */
import { runResilienceExample } from './resilience-example.js';

runResilienceExample().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
