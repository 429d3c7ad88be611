import { describe, it } from 'vitest';
import { redisServerMissing } from './redis-server.js';

/**
 * Declares a Redis suite, or, where redis-server is missing, one test that says so plainly: it
 * fails under CI=true (CI must run these) and passes elsewhere with a loud console warning.
 */
export function describeRedis(name: string, body: () => void): void {
  const missing = redisServerMissing();
  if (missing === undefined) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    it('did NOT run: redis-server is missing', () => {
      const message = `[redis] the "${name}" suite did NOT run: ${missing}`;
      if (process.env.CI === 'true') throw new Error(`${message} (CI=true: these tests are required)`);
      console.warn(`\n*** ${message} ***\n`);
    });
  });
}
