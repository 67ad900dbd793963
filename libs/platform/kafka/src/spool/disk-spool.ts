import { mkdir, open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutgoingMessage } from '../kafka-message';
import { SpoolFullError } from '../kafka-platform.error';
import { SerialQueue } from '../serial-queue';
import { decodeFrames, encodeFrames } from './spool-record';

export interface DiskSpoolOptions {
  readonly directory: string;
  /** Bound on the bytes on disk; an append past it fails with SpoolFullError. */
  readonly maxBytes: number;
  /** A segment is closed and a new one started once it reaches this size. */
  readonly segmentBytes: number;
}

export interface SpoolSegment {
  readonly id: number;
  readonly path: string;
  readonly bytes: number;
}

export interface SpoolRecovery {
  readonly segments: number;
  readonly messages: number;
  /** Bytes of torn or corrupt tails cut off while opening (a crash during an append). */
  readonly discardedBytes: number;
}

const SEGMENT_PATTERN = /^segment-(\d{16})\.log$/;
const segmentName = (id: number): string => `segment-${String(id).padStart(16, '0')}.log`;

interface ActiveSegment {
  readonly id: number;
  readonly path: string;
  readonly handle: FileHandle;
  bytes: number;
}

/**
 * An append-only, crash-safe queue of messages on local disk, in segment files. Appends go to the
 * active segment (fsynced before they resolve); the replayer reads whole sealed segments in order
 * and deletes each once Kafka has acknowledged all of its messages. All file operations run one at
 * a time, so an append never interleaves with a seal or a delete.
 */
export class DiskSpool {
  private readonly sealed: SpoolSegment[] = [];
  private active: ActiveSegment | undefined;
  private nextId: number;
  private totalBytes = 0;
  private readonly queue = new SerialQueue();

  private constructor(
    private readonly options: DiskSpoolOptions,
    nextId: number,
  ) {
    this.nextId = nextId;
  }

  /** Opens (or creates) the spool directory; segments left by a previous process become sealed. */
  static async open(options: DiskSpoolOptions): Promise<{ spool: DiskSpool; recovery: SpoolRecovery }> {
    await mkdir(options.directory, { recursive: true });
    const ids = (await readdir(options.directory))
      .map((name) => SEGMENT_PATTERN.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const spool = new DiskSpool(options, (ids.at(-1) ?? 0) + 1);
    let messages = 0;
    let discardedBytes = 0;
    for (const id of ids) {
      const path = join(options.directory, segmentName(id));
      const data = await readFile(path);
      const decoded = decodeFrames(data);
      discardedBytes += data.length - decoded.validBytes;
      if (decoded.messages.length === 0) {
        await rm(path, { force: true });
        continue;
      }
      if (decoded.validBytes < data.length) await truncateDurably(path, decoded.validBytes);
      messages += decoded.messages.length;
      spool.sealed.push({ id, path, bytes: decoded.validBytes });
      spool.totalBytes += decoded.validBytes;
    }
    return { spool, recovery: { segments: spool.sealed.length, messages, discardedBytes } };
  }

  get sizeBytes(): number {
    return this.totalBytes;
  }

  get isEmpty(): boolean {
    return this.sealed.length === 0 && (this.active?.bytes ?? 0) === 0;
  }

  get segmentCount(): number {
    return this.sealed.length + ((this.active?.bytes ?? 0) > 0 ? 1 : 0);
  }

  /** Appends a batch with one write and one fsync; resolves only once it is on disk. */
  append(messages: readonly OutgoingMessage[]): Promise<void> {
    return this.exclusive(async () => {
      const frames = encodeFrames(messages);
      if (this.totalBytes + frames.length > this.options.maxBytes) {
        throw new SpoolFullError(this.totalBytes, this.options.maxBytes);
      }
      const segment = this.active ?? (await this.openActive());
      try {
        await segment.handle.write(frames, 0, frames.length, segment.bytes);
        await segment.handle.datasync();
      } catch (error) {
        // A partial write must not sit in front of later appends: cut it off and start afresh.
        await segment.handle.truncate(segment.bytes).catch(() => undefined);
        await this.sealActiveNow();
        throw error;
      }
      segment.bytes += frames.length;
      this.totalBytes += frames.length;
      if (segment.bytes >= this.options.segmentBytes) await this.sealActiveNow();
    });
  }

  /** Closes the active segment so that its messages become visible to the replayer. */
  seal(): Promise<void> {
    return this.exclusive(() => this.sealActiveNow());
  }

  /** Sealed segments, oldest first. */
  sealedSegments(): readonly SpoolSegment[] {
    return [...this.sealed];
  }

  async read(segment: SpoolSegment): Promise<OutgoingMessage[]> {
    const data = await readFile(segment.path);
    return decodeFrames(data.subarray(0, segment.bytes)).messages;
  }

  /** Deletes a segment whose messages Kafka has all acknowledged. */
  delete(segment: SpoolSegment): Promise<void> {
    return this.exclusive(async () => {
      const index = this.sealed.findIndex((candidate) => candidate.id === segment.id);
      if (index < 0) return;
      await rm(segment.path, { force: true });
      await fsyncDirectory(this.options.directory);
      this.sealed.splice(index, 1);
      this.totalBytes -= segment.bytes;
    });
  }

  close(): Promise<void> {
    return this.exclusive(() => this.sealActiveNow());
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    return this.queue.run(operation);
  }

  private async openActive(): Promise<ActiveSegment> {
    const id = this.nextId++;
    const path = join(this.options.directory, segmentName(id));
    const handle = await open(path, 'wx');
    // The new file's directory entry must survive a crash too, or its fsynced data is lost.
    await fsyncDirectory(this.options.directory);
    this.active = { id, path, handle, bytes: 0 };
    return this.active;
  }

  private async sealActiveNow(): Promise<void> {
    const segment = this.active;
    if (!segment) return;
    this.active = undefined;
    await segment.handle.close();
    if (segment.bytes > 0) {
      this.sealed.push({ id: segment.id, path: segment.path, bytes: segment.bytes });
    } else {
      await rm(segment.path, { force: true });
    }
  }
}

async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function truncateDurably(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
