import { createHash } from 'node:crypto';
import { LLMError } from '@llm/errors';
import { z } from 'zod';

export interface ExperimentArm {
  /** The arm's name (`control`, `treatment`, `gpt-4o-mini`, ...). */
  readonly name: string;
  /** Its share of the units in the experiment (any positive numbers; they are scaled to sum to 1). */
  readonly weight: number;
}

export interface Experiment {
  readonly id: string;
  /** Two or more arms; the first is the control every other arm is compared with. */
  readonly arms: readonly ExperimentArm[];
  /** Share of units kept out of the experiment altogether (they get the control and are not recorded), 0..1. Default 0. */
  readonly holdout?: number | undefined;
  /** Changes every assignment when changed (re-randomises the units); default the id. */
  readonly salt?: string | undefined;
}

const ExperimentSchema = z
  .object({
    id: z.string().min(1),
    arms: z
      .array(z.object({ name: z.string().min(1), weight: z.number().finite().positive() }).strict())
      .min(2, 'an experiment needs at least two arms')
      .refine((arms) => new Set(arms.map((a) => a.name)).size === arms.length, 'arm names must be unique'),
    holdout: z.number().min(0).lt(1).optional(),
    salt: z.string().optional(),
  })
  .strict();

/** Checks an experiment; a bad one is a `configuration` LLMError naming every bad field. */
export function checkExperiment(experiment: Experiment): void {
  const parsed = ExperimentSchema.safeParse(experiment);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${['experiment', ...i.path.map(String)].join('.')}: ${i.message}`).join('; ');
    throw new LLMError({ code: 'configuration', message: `invalid experiment: ${issues}`, local: true });
  }
}

/** A uniform number in [0, 1) from a string: the first 52 bits of its SHA-256. */
export function stableUniform(text: string): number {
  const digest = createHash('sha256').update(text).digest();
  // 52 bits fit a double exactly.
  const high = digest.readUInt32BE(0) >>> 12;
  const low = digest.readUInt32BE(4);
  return (high * 2 ** 32 + low) / 2 ** 52;
}

export interface Assignment {
  /** The arm's name, or `null` for a unit held out. */
  readonly arm: string | null;
  /** Whether the unit had a key (a unit without one is assigned at random per call, not sticky). */
  readonly sticky: boolean;
}

/**
 * The arm of a unit: the same key always gets the same arm (a stable hash of experiment id, salt
 * and key), so a user stays in one arm across calls and processes. Without a key the assignment is
 * random for that call.
 */
export function assignArm(experiment: Experiment, key: string | undefined, random: () => number = Math.random): Assignment {
  const u = key === undefined ? random() : stableUniform(`${experiment.salt ?? experiment.id}\u0000${key}`);
  const holdout = experiment.holdout ?? 0;
  const sticky = key !== undefined;
  if (u < holdout) return { arm: null, sticky };
  const scaled = (u - holdout) / (1 - holdout);
  const total = experiment.arms.reduce((sum, a) => sum + a.weight, 0);
  let edge = 0;
  for (const arm of experiment.arms) {
    edge += arm.weight / total;
    if (scaled < edge) return { arm: arm.name, sticky };
  }
  return { arm: experiment.arms[experiment.arms.length - 1]!.name, sticky };
}
