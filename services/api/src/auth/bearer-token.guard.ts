import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiEnv } from '../api.env';
import { UnauthorizedError } from '../common/api.errors';

const BEARER = /^Bearer +(\S+) *$/i;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * `Authorization: Bearer <API_TOKEN>` on every `/api` route. Both sides are hashed first so the
 * comparison is constant-time whatever the presented token's length.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(env: ApiEnv) {
    this.expected = digest(env.API_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const header = http.getRequest<FastifyRequest>().headers.authorization;
    const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
    if (token !== undefined && timingSafeEqual(digest(token), this.expected)) return true;
    http.getResponse<FastifyReply>().header('www-authenticate', 'Bearer');
    throw new UnauthorizedError();
  }
}
