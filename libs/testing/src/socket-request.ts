import { request, type IncomingHttpHeaders } from 'node:http';

export interface SocketAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * One request on a fresh connection to 127.0.0.1, the path sent exactly as given: what reaches the
 * server's own request event (a raw route), where `inject()` goes through Fastify.
 */
export function socketRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<SocketAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}
