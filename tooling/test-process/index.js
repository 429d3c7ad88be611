// Test helpers shared by the packages whose tests run child processes (`@llm/redis`,
// `@llm/analytics`, `@llm/postgres`). Plain JavaScript with types beside it (index.d.ts): the
// tooling package has no build step. Service harnesses (Redis, PostgreSQL) live in `@llm/mocks`.
export { startWorker } from './worker-process.js';
