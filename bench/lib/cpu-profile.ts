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
