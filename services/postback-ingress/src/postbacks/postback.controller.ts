import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpEnv } from '@clickledger/platform-config';
import { ClientIpResolver } from '@clickledger/platform-http';
import { currentCorrelationId } from '@clickledger/platform-observability';
import { UnreadableBody } from './postback-body';
import { answerHeaders, type PostbackAnswer } from './postback-outcome';
import { collectPostbackParams, queryOf } from './postback-params';
import { ReceivePostbackService } from './receive-postback.service';

/**
 * `GET|POST /postback`: query string, form body or JSON body (CONTRACT §4). HEAD, other methods
 * and requests Fastify refuses before the handler are answered by `postback-http.ts`.
 */
@Controller('postback')
export class PostbackController {
  /** Never Fastify's `request.ip`: it returns a non-IP `X-Forwarded-For` entry as is (issue 12, item 9). */
  private readonly clientIp: ClientIpResolver;

  constructor(
    private readonly receivePostback: ReceivePostbackService,
    @Inject(HttpEnv) http: HttpEnv,
  ) {
    this.clientIp = new ClientIpResolver(http.TRUSTED_PROXIES);
  }

  @Get()
  get(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(request, reply);
  }

  @Post()
  post(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(request, reply);
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // The raw URL, parsed by us: a null-prototype map, whatever names the client chose.
    const query = queryOf(request.raw.url);
    const { body } = request;
    const incoming = { sourceIp: this.clientIp.of(request.raw), correlationId: currentCorrelationId() };
    const answer =
      body instanceof UnreadableBody
        ? await this.receivePostback.refuse({
            ...incoming,
            params: collectPostbackParams(query, undefined),
            statusCode: body.statusCode,
            reason: body.reason,
            message: body.message,
          })
        : await this.receivePostback.receive({ ...incoming, params: collectPostbackParams(query, body) });
    await sendAnswer(reply, answer);
  }
}

export async function sendAnswer(reply: FastifyReply, answer: PostbackAnswer): Promise<void> {
  await reply.code(answer.statusCode).headers(answerHeaders(answer)).send(answer.body);
}
