import { isDeepStrictEqual } from 'node:util';
import type { SnapshotModel } from './snapshot-schema.js';

const LATEST = / \(latest\)$/;

/**
 * models.dev lists a vendor's moving alias as a model of its own, named "X (latest)", beside the
 * dated model "X" it points to (`claude-sonnet-4-5` and `claude-sonnet-4-5-20250929`). Where the two
 * files say the same apart from the name, the alias is folded into the dated model.
 * Returns the models to keep and, per kept model file, the aliases folded into it.
 */
export function foldLatestAliases(models: readonly SnapshotModel[]): { kept: SnapshotModel[]; aliases: Map<SnapshotModel, string[]> } {
  const aliases = new Map<SnapshotModel, string[]>();
  const folded = new Set<SnapshotModel>();
  for (const alias of models) {
    const name = alias.data.name;
    if (!name || !LATEST.test(name)) continue;
    const target = models.find(
      (m) => m !== alias && m.provider === alias.provider && m.data.name === name.replace(LATEST, '') && isDeepStrictEqual({ ...m.data, name: undefined }, { ...alias.data, name: undefined }),
    );
    if (!target) continue;
    aliases.set(target, [...(aliases.get(target) ?? []), alias.model]);
    folded.add(alias);
  }
  return { kept: models.filter((m) => !folded.has(m)), aliases };
}
