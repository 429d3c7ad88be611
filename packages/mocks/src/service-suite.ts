import { describe, it } from 'vitest';

/**
 * Declares a suite that needs a service (redis-server, PostgreSQL), or, where `missing()` gives a
 * reason it cannot run, one test that says so plainly: it fails under CI=true (CI must run these)
 * and passes elsewhere with a loud console warning.
 */
export function describeWithService(service: string, missing: () => string | undefined, name: string, body: () => void): void {
  const reason = missing();
  if (reason === undefined) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    it(`did NOT run: ${service} is missing`, () => {
      const message = `[${service}] the "${name}" suite did NOT run: ${reason}`;
      if (process.env.CI === 'true') throw new Error(`${message} (CI=true: these tests are required)`);
      console.warn(`\n*** ${message} ***\n`);
    });
  });
}
