import { E2E_TOKEN } from './system';

export interface ApiAnswer<T> {
  readonly status: number;
  readonly body: T;
}

/** The control-plane API, as a media buyer's script would call it. */
export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  async call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const response = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${E2E_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  async create<T extends { id: string }>(path: string, body: unknown): Promise<T> {
    const answer = await this.call<T>('POST', path, body);
    if (answer.status !== 201 && answer.status !== 200) {
      throw new Error(`POST ${path} answered ${String(answer.status)}: ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }

  async list<T>(path: string): Promise<T[]> {
    const answer = await this.call<{ items: T[] }>('GET', path);
    if (answer.status !== 200)
      throw new Error(`GET ${path} answered ${String(answer.status)}: ${JSON.stringify(answer.body)}`);
    return answer.body.items;
  }
}
