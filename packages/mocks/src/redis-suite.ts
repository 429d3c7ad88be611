import { redisServerMissing } from './redis-server.js';
import { describeWithService } from './service-suite.js';

/** Declares a Redis suite, or, where redis-server is missing, one test that says so (see {@link describeWithService}). */
export function describeRedis(name: string, body: () => void): void {
  describeWithService('redis-server', redisServerMissing, name, body);
}
