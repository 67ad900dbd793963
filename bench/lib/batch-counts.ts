/**
 * Batches a server has had acknowledged by Kafka so far, and the events they carried: read before
 * and after each of its turns, so the click and postback benches print events per batch for the
 * service and the reference from the same run. With one broker, each batch is one produce request,
 * and Kafka's work per event falls as batches grow: equal figures mean Kafka's share is the same.
 */
export interface BatchCounts {
  readonly batches: number;
  readonly events: number;
}

export type BatchCounter = () => Promise<BatchCounts>;

/** A service's, from its `/metrics`: the durable publisher's acknowledged batches and published messages. */
export function serviceBatchCounter(port: number): BatchCounter {
  return async () => {
    const exposition = await getText(port, '/metrics');
    return {
      batches: sampleOf(exposition, 'kafka_publish_batch_duration_seconds_count', 'receipt="acked"'),
      events: sampleOf(exposition, 'kafka_publisher_messages_total', 'result="published"'),
    };
  };
}

/** The reference server's, from its `/stats` (bench/reference-server.ts). */
export function referenceBatchCounter(port: number): BatchCounter {
  return async () => {
    const stats = JSON.parse(await getText(port, '/stats')) as Partial<BatchCounts>;
    if (typeof stats.batches !== 'number' || typeof stats.events !== 'number') {
      throw new Error(`the reference's /stats has no batch counts: ${JSON.stringify(stats)}`);
    }
    return { batches: stats.batches, events: stats.events };
  };
}

/** The value of `name{…label…}` in a Prometheus text exposition; 0 while the series is absent. */
function sampleOf(exposition: string, name: string, label: string): number {
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.lastIndexOf('}');
    const labels = line.slice(name.length + 1, close).split(',');
    if (!labels.includes(label)) continue;
    const [value] = line
      .slice(close + 1)
      .trim()
      .split(' ');
    return Number(value);
  }
  return 0;
}

async function getText(port: number, path: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${String(port)}${path}`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`GET ${path} on :${String(port)} answered ${String(response.status)}`);
  return response.text();
}
