import { postgresMissing } from './postgres-server.js';
import { describeWithService } from './service-suite.js';

/** Declares a PostgreSQL suite, or, where PostgreSQL is not installed, one test that says so (see {@link describeWithService}). */
export function describePostgres(name: string, body: () => void): void {
  describeWithService('postgresql', postgresMissing, name, body);
}
