import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';

const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the bench's own (initdb + pg_ctl) on its own port and data directory,
 * so a fault can crash and restart it without touching the machine's server. Postgres refuses to
 * run as root: as root, the commands run as the `postgres` user.
 */
export class ThrowawayPostgres {
  readonly url: string;
  private readonly asRoot = userInfo().uid === 0;

  constructor(
    readonly dataDir: string,
    readonly port: number,
    database = 'clickledger',
  ) {
    this.url = `postgres://postgres@127.0.0.1:${String(port)}/${database}`;
  }

  init(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
    mkdirSync(this.dataDir, { recursive: true });
    if (this.asRoot) {
      const postgres = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      chownSync(this.dataDir, Number(postgres.stdout.trim()), Number(group.stdout.trim()));
    }
    this.run('initdb', ['-D', this.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    this.start();
    this.run('createdb', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', 'clickledger']);
  }

  start(): void {
    const options = [
      `-p ${String(this.port)}`,
      `-k ${this.dataDir}`,
      '-c listen_addresses=127.0.0.1',
      '-c max_connections=200',
    ].join(' ');
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      `${this.dataDir}/server.log`,
      '-o',
      options,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /** `immediate`: the server dies without a checkpoint, as in a crash; the restart recovers from WAL. */
  stop(mode: 'immediate' | 'fast' = 'fast'): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private run(command: string, args: readonly string[]): void {
    const file = `${BIN}/${command}`;
    const result = this.asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', file, ...args], { encoding: 'utf8' })
      : spawnSync(file, args, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${command} failed (${String(result.status)}): ${result.stderr || result.stdout}`);
    }
  }
}
