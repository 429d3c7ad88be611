import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * The PostgreSQL test harness: each suite runs `initdb` in a temporary directory and starts its
 * own server (Debian's `postgresql` package) on a free port of 127.0.0.1, and stops it afterwards.
 * As root, initdb and pg_ctl run as the `postgres` user (PostgreSQL refuses to run as root).
 */
export interface PostgresServer {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** The newest installed server's bin directory (`/usr/lib/postgresql/<major>/bin`), or undefined. */
function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? join(base, majors[0], 'bin') : undefined;
}

const isRoot = () => process.getuid?.() === 0;

/** Why the PostgreSQL suites cannot run here, or undefined when they can. */
export function postgresMissing(): string | undefined {
  const bin = binDir();
  if (!bin) return 'PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb); install it (apt-get install -y postgresql) to run the PostgreSQL tests';
  if (isRoot() && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root and there is no postgres user to run the server as';
  return undefined;
}

/** Runs a server binary, as the postgres user when we are root. */
/** util-linux's runuser, which lives in an sbin folder a CI job's PATH may leave out. */
function runuser(): string {
  return ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser', '/bin/runuser'].find((p) => existsSync(p)) ?? 'runuser';
}

function run(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot() ? [runuser(), ['-u', 'postgres', '--', join(bin, args[0]!), ...args.slice(1)]] : [join(bin, args[0]!), args.slice(1)];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${args[0]} failed (${result.status}): ${result.stderr || result.stdout || result.error?.message}`);
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = binDir();
  if (!bin) throw new Error(postgresMissing());
  const dir = mkdtempSync(join(tmpdir(), 'llm-postgres-test-'));
  const data = join(dir, 'data');
  if (isRoot()) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  try {
    run(bin, ['initdb', '-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      // fsync off and a socket in the temp dir: a throwaway server, started in a second or two.
      run(bin, ['pg_ctl', '-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -F -c max_connections=50`, 'start']);
      return { port, url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop: async () => stop(bin, data, dir) };
    } catch (err) {
      if (attempt >= 2) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }
}

function stop(bin: string, data: string, dir: string): void {
  try {
    run(bin, ['pg_ctl', '-D', data, '-m', 'fast', '-w', 'stop']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
