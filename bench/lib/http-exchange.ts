import { type Agent, request } from 'node:http';

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly location: string | undefined;
}

/** One HTTP exchange on a keep-alive agent; the body is read up to 64 KiB. */
export function exchange(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 65_536) text += chunk;
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text, location: res.headers.location });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** The rejection reason of a 400 (a bounded set of codes), for the figures. */
export function reasonOf(body: string): string {
  try {
    const reason = (JSON.parse(body) as { reason?: unknown }).reason;
    return typeof reason === 'string' && /^[a-z-]{1,40}$/.test(reason) ? reason : '?';
  } catch {
    return '?';
  }
}

export function postbackIdOf(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
      ? id
      : undefined;
  } catch {
    return undefined;
  }
}
