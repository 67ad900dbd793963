import { useCallback, useEffect, useState } from 'preact/hooks';
import { messageOf } from './api';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | null;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Loads data when `key` changes (and on reload()), keeping the last data while reloading. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    load()
      .then((value) => {
        if (!current) return;
        setData(value);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (current) setError(messageOf(failure));
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `key` says when its inputs changed.
  }, [key, tick]);
  const reload = useCallback(() => {
    setTick((n) => n + 1);
  }, []);
  return { data, error, loading, reload };
}
