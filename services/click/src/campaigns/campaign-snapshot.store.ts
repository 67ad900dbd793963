import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createEvent, TOPICS, validateEvent, type CampaignConfigData } from '@clickledger/contracts';

const TOPIC = TOPICS.campaignsConfig.name;
const FORMAT_VERSION = 1;

export type SnapshotLoad =
  | {
      readonly status: 'loaded';
      readonly configs: CampaignConfigData[];
      readonly savedAt: string;
      readonly skipped: string[];
    }
  | { readonly status: 'absent' }
  | { readonly status: 'unreadable'; readonly reason: string };

interface SnapshotFile {
  readonly version: number;
  readonly savedAt: string;
  /** Each config as the API publishes it (a `campaign.config` event), so it is read with the same validator. */
  readonly events: unknown[];
}

/**
 * The last campaign configuration this instance saw, on local disk, so it can start and redirect
 * while Kafka is unreachable (CONTRACT §3). Written atomically: a temporary file beside the target
 * is written and fsynced, then renamed over it and the directory fsynced, so a crash leaves
 * either the old file or the new one, never a torn one.
 */
export class CampaignSnapshotStore {
  constructor(readonly path: string) {}

  async load(): Promise<SnapshotLoad> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'absent' };
      return { status: 'unreadable', reason: describe(error) };
    }
    let file: Partial<SnapshotFile>;
    try {
      file = JSON.parse(text) as Partial<SnapshotFile>;
    } catch (error) {
      return { status: 'unreadable', reason: `not JSON: ${describe(error)}` };
    }
    if (file.version !== FORMAT_VERSION || !Array.isArray(file.events) || typeof file.savedAt !== 'string') {
      return { status: 'unreadable', reason: `not a campaign snapshot of format ${String(FORMAT_VERSION)}` };
    }
    const configs: CampaignConfigData[] = [];
    const skipped: string[] = [];
    for (const event of file.events) {
      const result = validateEvent(TOPIC, event);
      if (result.ok) configs.push(result.event.data);
      else skipped.push(result.errors.join('; '));
    }
    return { status: 'loaded', configs, savedAt: file.savedAt, skipped };
  }

  async save(configs: readonly CampaignConfigData[], savedAt = new Date()): Promise<void> {
    const snapshot: SnapshotFile = {
      version: FORMAT_VERSION,
      savedAt: savedAt.toISOString(),
      events: configs.map((config) => createEvent(TOPIC, config, { occurredAt: savedAt })),
    };
    const directory = dirname(this.path);
    await mkdir(directory, { recursive: true });
    // Unique per writer: several instances on one host may share the path.
    const temporary = join(directory, `.${basename(this.path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(JSON.stringify(snapshot));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncDirectory(directory);
  }
}

/** Makes the rename itself durable (POSIX: the directory entry lives in the directory). */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
