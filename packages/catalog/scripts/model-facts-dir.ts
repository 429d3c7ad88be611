import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Where the model-facts snapshot is: `LLM_MODEL_FACTS_DIR`, else the nearest `shared/model-facts`
 * in a folder above the repository (CI and developers' machines keep `shared/` beside the clone,
 * or a level further up for a git worktree). Undefined when there is none.
 */
export function modelFactsDir(): string | undefined {
  if (process.env.LLM_MODEL_FACTS_DIR) return process.env.LLM_MODEL_FACTS_DIR;
  for (let dir = dirname(repoRoot); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'model-facts');
    if (existsSync(join(candidate, 'models.dev'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
