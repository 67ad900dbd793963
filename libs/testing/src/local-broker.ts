import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const KAFKA_SCRIPT = join(__dirname, '../../../infra/kafka/kafka.sh');

/**
 * A Kafka broker of a test's own, on its own ports, that the test may stop and start to simulate
 * an outage (the shared broker is used by every other suite and must stay up). Each suite picks
 * a distinct port; the controller listens on the next one.
 */
export class LocalBroker {
  readonly brokers: string[];

  constructor(readonly port: number) {
    this.brokers = [`127.0.0.1:${String(port)}`];
  }

  start(): void {
    this.run('start');
  }

  stop(): void {
    this.run('stop');
  }

  private run(command: 'start' | 'stop'): void {
    const result = spawnSync('bash', [KAFKA_SCRIPT, command], {
      env: { ...process.env, KAFKA_PORT: String(this.port), KAFKA_CONTROLLER_PORT: String(this.port + 1) },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (result.status !== 0) {
      throw new Error(`kafka.sh ${command} failed (${String(result.status)}): ${result.stderr}`);
    }
  }
}
