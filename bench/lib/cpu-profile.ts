import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * A V8 CPU profile of this process's main thread over a window the bench chooses (not its setup):
 * `start()` then, when the window ends, `stop()` writes it to `path` (open it in Chrome DevTools or
 * any .cpuprofile viewer). Profiling costs the process some CPU: compare figures without it.
 */
export async function startCpuProfile(path: string): Promise<ProfileWindow> {
  const session = connectedSession();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return closingWindow(
    session,
    path,
    'CPU profile',
    async () => (await session.post('Profiler.stop')).profile,
  );
}

export interface ProfileWindow {
  /** Ends the window and writes the profile. */
  stop(): Promise<void>;
}

function connectedSession(): Session {
  const session = new Session();
  session.connect();
  return session;
}

/** Written to `path` when the window ends: whatever `take` gets from the profiler. */
function closingWindow(
  session: Session,
  path: string,
  what: string,
  take: () => Promise<object>,
): ProfileWindow {
  return {
    stop: async () => {
      writeFileSync(path, JSON.stringify(await take()));
      session.disconnect();
      console.log(`${what} of the window: ${path}`);
    },
  };
}

/**
 * A sampling heap profile over the same kind of window: every allocation sampled (one per
 * `intervalBytes` on average), those the garbage collector has already freed included, so the
 * profile shows what a workload allocates, not what it keeps. Written as a .heapprofile.
 */
export async function startHeapProfile(path: string, intervalBytes = 16_384): Promise<ProfileWindow> {
  const session = connectedSession();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: intervalBytes,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return closingWindow(
    session,
    path,
    'heap allocation profile',
    async () => (await session.post('HeapProfiler.stopSampling')).profile,
  );
}
