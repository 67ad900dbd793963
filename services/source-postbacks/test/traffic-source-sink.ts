import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the sink answers: a status code, or `hang` (read the request, never answer). */
export type SinkAnswer = number | 'hang';

export interface SinkRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  /** The raw query string, as sent (encoding included). */
  readonly query: string;
  readonly body: string;
  readonly contentType: string | undefined;
}

/**
 * A real local HTTP server playing a traffic source: it records every request and answers each
 * path from a script (`script('/pb', [500, 429, 200])`: one answer per request, the last one
 * repeated), 200 by default. Loopback only.
 */
export class TrafficSourceSink {
  readonly requests: SinkRequest[] = [];
  private readonly scripts = new Map<string, SinkAnswer[]>();
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  /** Delay before each answer (ms). */
  delayMs = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response);
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${String(this.port)}${path}`;
  }

  script(path: string, answers: SinkAnswer[]): void {
    this.scripts.set(path, [...answers]);
  }

  to(path: string): SinkRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server?.closeAllConnections();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const [path = '', query = ''] = (request.url ?? '').split(/\?(.*)/s);
      this.requests.push({
        at: Date.now(),
        method: request.method ?? '',
        path,
        query,
        body: Buffer.concat(chunks).toString('utf8'),
        contentType: request.headers['content-type'],
      });
      const script = this.scripts.get(path);
      const answer: SinkAnswer = script && script.length > 1 ? (script.shift() ?? 200) : (script?.[0] ?? 200);
      if (answer === 'hang') {
        this.hanging.add(response);
        return;
      }
      const send = () => {
        response.writeHead(answer, { 'content-type': 'text/plain' });
        response.end(`answer ${String(answer)} ${'x'.repeat(4000)}`);
      };
      if (this.delayMs > 0) setTimeout(send, this.delayMs);
      else send();
    });
  }
}
