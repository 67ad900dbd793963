import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * A V8 CPU profile of this process's main thread over a window the bench chooses (not its setup):
 * `start()` then, when the window ends, `stop()` writes it to `path` (open it in Chrome DevTools or
 * any .cpuprofile viewer). Profiling costs the process some CPU: compare figures without it.
 */
export async function startCpuProfile(path: string): Promise<{ stop: () => Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile of the window: ${path}`);
    },
  };
}

/**
 * A sampling heap profile over the same kind of window: every allocation sampled (one per
 * `intervalBytes` on average), those the garbage collector has already freed included, so the
 * profile shows what a workload allocates, not what it keeps. Written as a .heapprofile.
 */
export async function startHeapProfile(
  path: string,
  intervalBytes = 16_384,
): Promise<{ stop: () => Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: intervalBytes,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    stop: async () => {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
      console.log(`heap allocation profile of the window: ${path}`);
    },
  };
}
