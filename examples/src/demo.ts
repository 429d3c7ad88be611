/** `pnpm demo`: runs the main job (see demo-main.ts). */
import { runDemo } from './demo-main.js';

runDemo().catch(() => {
  process.exitCode = 1;
});
