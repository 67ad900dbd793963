import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { decodeEvent, TOPICS, type CampaignConfigData } from '@clickledger/contracts';
import { KafkaEnv } from '@clickledger/platform-config';
import {
  createKafkaClient,
  fetchTopicOffsets,
  KafkaConsumers,
  type ConsumedMessage,
  type ConsumerRunner,
  type DecodeResult,
  type IncomingMessage,
  type KafkaClient,
} from '@clickledger/platform-kafka';
import { ReadinessFlag, ReadinessRegistry } from '@clickledger/platform-observability';
import { campaignSnapshotFile, ClickEnv } from '../click.env';
import { CampaignCatalog } from './campaign-catalog';
import { CampaignSnapshotStore } from './campaign-snapshot.store';

const TOPIC = TOPICS.campaignsConfig.name;
/** Longest start-up wait for Kafka before serving from the local snapshot (or answering 503). */
const STARTUP_WAIT_MS = 15_000;
const RETRY_INITIAL_MS = 500;
const RETRY_MAX_MS = 10_000;
/** Bursts of config changes are written to the snapshot once. */
const SNAPSHOT_DEBOUNCE_MS = 200;

interface ConfigRecord {
  readonly campaignKey: string;
  /** null: a tombstone, the campaign was paused or archived. */
  readonly config: CampaignConfigData | null;
}

/** One pass over the topic: a consumer of its own, and where its records go until it has caught up. */
interface Follower {
  readonly runner: ConsumerRunner<ConfigRecord>;
  /** A catalog built aside, swapped in once caught up; then the live catalog. */
  target: CampaignCatalog;
  /** Per partition, the offset that must be read before the pass counts as caught up. */
  readonly pending: Map<number, bigint>;
  readonly caughtUp: Promise<void>;
  readonly markCaughtUp: () => void;
  /** Before catching up: the pass failed (its caller retries). */
  readonly abandon: (error: unknown) => void;
  isCaughtUp: boolean;
}

/**
 * Follows the compacted `campaigns.config.v1` into the in-memory catalog. Every instance reads the
 * whole topic (its own consumer group, from the beginning) into a catalog built aside, and swaps it
 * in once it has read up to the end offsets seen when it connected; changes after that apply
 * within a fetch interval. The catalog is also kept on local disk: when Kafka is unreachable at
 * start the service serves the last configuration it saw, and catches up when Kafka answers
 * (CONTRACT §3). A follower that fails for good is replaced by a new one, the same way.
 */
@Injectable()
export class CampaignConfigConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CampaignConfigConsumer.name);
  private readonly ready = new ReadinessFlag('campaigns', 'campaign configs not loaded yet');
  private readonly kafka: KafkaClient;
  private readonly snapshots: CampaignSnapshotStore;
  private follower: Follower | undefined;
  /** The current effort to (re)read the topic; settles once caught up or stopping. */
  private following: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly wakeUps = new Set<() => void>();
  private snapshotTimer: NodeJS.Timeout | undefined;
  private snapshotWrite: Promise<void> = Promise.resolve();

  constructor(
    @Inject(KafkaEnv) env: KafkaEnv,
    @Inject(ClickEnv) clickEnv: ClickEnv,
    private readonly catalog: CampaignCatalog,
    private readonly consumers: KafkaConsumers,
    readiness: ReadinessRegistry,
  ) {
    readiness.register(this.ready);
    this.kafka = createKafkaClient({ brokers: env.KAFKA_BROKERS, clientId: env.KAFKA_CLIENT_ID ?? 'click' });
    this.snapshots = new CampaignSnapshotStore(campaignSnapshotFile(clickEnv, env));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.loadSnapshot();
    let firstAttemptDone!: () => void;
    const firstAttempt = new Promise<void>((resolve) => (firstAttemptDone = resolve));
    this.following = this.followUntilCaughtUp(firstAttemptDone);
    // Fresh configs from Kafka are preferred; the snapshot (or a 503) only while Kafka cannot give them.
    await Promise.race([firstAttempt, this.sleep(STARTUP_WAIT_MS)]);
    if (!this.catalog.loaded) {
      this.logger.error(
        { snapshot: this.snapshots.path },
        'Kafka is unreachable and there is no campaign snapshot: answering 503 until Kafka answers',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.ready.markNotReady('shutting down');
    for (const wake of this.wakeUps) wake();
    // A pass still catching up is abandoned: nothing waits for it any more.
    this.follower?.markCaughtUp();
    await this.follower?.runner.stop();
    await this.following;
    if (this.snapshotTimer) {
      clearTimeout(this.snapshotTimer);
      this.snapshotTimer = undefined;
      this.writeSnapshot();
    }
    await this.snapshotWrite;
  }

  private async loadSnapshot(): Promise<boolean> {
    const snapshot = await this.snapshots.load();
    if (snapshot.status === 'absent') return false;
    if (snapshot.status === 'unreadable') {
      this.logger.warn(
        { path: this.snapshots.path, reason: snapshot.reason },
        'campaign snapshot unreadable; ignored',
      );
      return false;
    }
    for (const reason of snapshot.skipped) {
      this.logger.warn({ path: this.snapshots.path, reason }, 'campaign snapshot entry invalid; skipped');
    }
    const staged = new CampaignCatalog();
    for (const config of snapshot.configs) this.logProblems(staged.apply(config.campaignKey, config));
    this.catalog.replaceWith(staged);
    this.ready.markReady();
    this.logger.log(
      { campaigns: this.catalog.size, savedAt: snapshot.savedAt, path: this.snapshots.path },
      'campaign configs loaded from the local snapshot; catching up from Kafka',
    );
    return true;
  }

  /** Retries, with back-off, until one pass has caught up with the topic (or the service stops). */
  private async followUntilCaughtUp(afterFirstAttempt: () => void = () => undefined): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      let failure: { error: unknown } | undefined;
      try {
        await this.follow();
      } catch (error) {
        failure = { error };
      }
      if (attempt === 1) afterFirstAttempt();
      if (!failure) return;
      const retryInMs = Math.min(RETRY_MAX_MS, RETRY_INITIAL_MS * 2 ** Math.min(attempt - 1, 10));
      if (attempt === 1 || attempt % 10 === 0) {
        this.logger.warn(
          { err: failure.error, attempt, retryInMs },
          'cannot read campaign configs from Kafka; retrying',
        );
      }
      await this.sleep(retryInMs);
    }
  }

  /** One pass: end offsets, a fresh consumer from the beginning, and the swap once caught up. */
  private async follow(): Promise<void> {
    const pending = new Map<number, bigint>();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const { partition, high, low } of await fetchTopicOffsets(admin, TOPIC)) {
        if (BigInt(high) > BigInt(low)) pending.set(partition, BigInt(high) - 1n);
      }
    } finally {
      await admin.disconnect();
    }
    let markCaughtUp!: () => void;
    let abandon!: (error: unknown) => void;
    const caughtUp = new Promise<void>((resolve, reject) => {
      markCaughtUp = resolve;
      abandon = reject;
    });
    // Handled where it is awaited; this only keeps an early rejection from counting as unhandled.
    caughtUp.catch(() => undefined);
    const follower: Follower = {
      runner: this.consumers.create<ConfigRecord>({
        name: 'campaigns',
        // The service serves from its snapshot without it: readiness is the `campaigns` check.
        readiness: false,
        // Each instance needs every campaign: a group of its own, never shared.
        groupId: `click-config-${hostname()}-${String(process.pid)}-${randomBytes(3).toString('hex')}`,
        topics: [TOPIC],
        fromBeginning: true,
        // A change arrives as soon as it is written whatever this is; it is how often an idle
        // fetch comes back empty (each one wakes the service and the broker) and how long stop()
        // may wait for one.
        maxWaitTimeMs: 500,
        decode: decodeConfig,
        handle: (messages) => {
          this.apply(follower, messages);
          return Promise.resolve();
        },
        onRetriesExhausted: 'dead-letter',
        onFatalError: (error) => {
          this.onFollowerFailed(follower, error);
        },
      }),
      target: new CampaignCatalog(),
      pending,
      caughtUp,
      markCaughtUp,
      abandon,
      isCaughtUp: false,
    };
    const previous = this.follower;
    this.follower = follower;
    if (pending.size === 0) this.swapIn(follower);
    try {
      await follower.runner.start();
      if (previous) await this.consumers.release(previous.runner);
      await caughtUp;
    } catch (error) {
      this.follower = previous;
      await this.consumers.release(follower.runner);
      throw error;
    }
  }

  private apply(follower: Follower, messages: readonly ConsumedMessage<ConfigRecord>[]): void {
    for (const { value, message } of messages) {
      this.logProblems(follower.target.apply(value.campaignKey, value.config));
      const target = follower.pending.get(message.partition);
      if (target !== undefined && BigInt(message.offset) >= target) {
        follower.pending.delete(message.partition);
        if (follower.pending.size === 0) this.swapIn(follower);
      }
    }
    if (follower.target === this.catalog) this.scheduleSnapshot();
  }

  /** The pass has caught up: its catalog replaces whatever was served (snapshot, older pass). */
  private swapIn(follower: Follower): void {
    if (follower.target !== this.catalog) {
      this.catalog.replaceWith(follower.target);
      follower.target = this.catalog;
    }
    this.catalog.markLoaded();
    this.ready.markReady();
    this.logger.log({ campaigns: this.catalog.size }, 'campaign configs loaded from Kafka');
    this.scheduleSnapshot();
    follower.isCaughtUp = true;
    follower.markCaughtUp();
  }

  /** The consumer stopped for good: keep serving what we have, and follow again from scratch. */
  private onFollowerFailed(follower: Follower, error: unknown): void {
    if (this.stopping || this.follower !== follower) return;
    // Still catching up: its pass fails and followUntilCaughtUp retries it.
    if (!follower.isCaughtUp) {
      follower.abandon(error);
      return;
    }
    this.logger.error({ err: error }, 'campaign config consumer failed; following the topic again');
    this.following = this.following.then(() => this.followUntilCaughtUp());
  }

  private logProblems(problems: ReturnType<CampaignCatalog['apply']>): void {
    for (const problem of problems) {
      this.logger.error({ ...problem }, 'campaign config has a problem; fix it through the API');
    }
  }

  private scheduleSnapshot(): void {
    this.snapshotTimer ??= setTimeout(() => {
      this.snapshotTimer = undefined;
      this.writeSnapshot();
    }, SNAPSHOT_DEBOUNCE_MS);
  }

  /** Writes are chained, so the newest catalog is always written last. */
  private writeSnapshot(): void {
    const configs = this.catalog.activeConfigs();
    this.snapshotWrite = this.snapshotWrite
      .then(() => this.snapshots.save(configs))
      .catch((error: unknown) => {
        this.logger.error({ err: error, path: this.snapshots.path }, 'could not write the campaign snapshot');
      });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakeUps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      // Never what keeps the process alive.
      timer.unref();
      this.wakeUps.add(wake);
    });
  }
}

function decodeConfig(message: IncomingMessage): DecodeResult<ConfigRecord> {
  const campaignKey = message.key?.toString('utf8');
  if (!campaignKey) return { ok: false, error: 'campaign config message without a key' };
  if (message.value === null || message.value.length === 0)
    return { ok: true, value: { campaignKey, config: null } };
  const decoded = decodeEvent(TOPIC, message.value);
  if (!decoded.ok) return { ok: false, error: decoded.errors.join('; ') };
  return { ok: true, value: { campaignKey, config: decoded.event.data } };
}
