import { expect, it } from 'vitest';
import { describePostgres } from '@llm/mocks/conformance';
import { usePostgresDatabases } from '../test/postgres-databases.js';
import { createPostgresExperimentStore, type ExperimentCallRecord } from './index.js';

const call = (callId: string, startedAt: number, extra: Partial<ExperimentCallRecord> = {}): ExperimentCallRecord => ({
  callId,
  experimentId: 'mini-vs-4o',
  arm: 'control',
  unit: 'team-a',
  startedAt,
  latencyMs: 120,
  timeToFirstChunkMs: undefined,
  inputTokens: 10,
  outputTokens: 5,
  costUsd: 0.0001,
  error: undefined,
  ...extra,
});

describePostgres('PostgresExperimentStore (real PostgreSQL server)', () => {
  const { fresh } = usePostgresDatabases();

  it('keeps calls and outcomes across a restart and shares them with another process’s store', async () => {
    const url = await fresh('experiments_roundtrip');
    const [one, two] = await Promise.all([createPostgresExperimentStore({ connectionString: url }), createPostgresExperimentStore({ connectionString: url })]);
    try {
      // An outcome reported while the call's write is still in flight finds it.
      const writing = one.add(call('c2', 2000, { arm: 'mini', timeToFirstChunkMs: 40, error: 'timeout', unit: undefined }));
      expect(await one.setOutcome('c2', 0.5)).toBe(true);
      await writing;
      await two.add(call('c1', 1000));
      await one.add(call('c1', 1000, { arm: 'mini' }));
      await two.add(call('other', 1500, { experimentId: 'other-test' }));
      expect(await two.setOutcome('c1', true)).toBe(true);
      expect(await two.setOutcome('nope', true)).toBe(false);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
    const restarted = await createPostgresExperimentStore({ connectionString: url });
    try {
      expect(await restarted.calls('mini-vs-4o')).toEqual([
        { ...call('c1', 1000), outcome: true },
        { ...call('c2', 2000, { arm: 'mini', timeToFirstChunkMs: 40, error: 'timeout', unit: undefined }), outcome: 0.5 },
      ]);
      expect((await restarted.calls('other-test')).map((c) => c.callId)).toEqual(['other']);
      expect(await restarted.calls('none')).toEqual([]);
    } finally {
      await restarted.close();
    }
  }, 60_000);

  it('says which operation failed when the server is gone, without the password', async () => {
    const url = await fresh('experiments_down');
    const withPassword = url.replace('postgres@', 'postgres:s3cret-pw@').replace(/:(\d+)\//, ':1/');
    const failed = await createPostgresExperimentStore({ connectionString: withPassword }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'network', message: expect.stringContaining('PostgreSQL: preparing the experiment table failed') });
    expect(JSON.stringify(failed)).not.toContain('s3cret-pw');
  }, 60_000);
});
