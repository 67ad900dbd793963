import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentCorrelationId } from '@clickledger/platform-observability';
import { collectPostbackParams } from './postback-params';
import { ReceivePostbackService } from './receive-postback.service';

/** `GET|POST /postback`: query string, form body or JSON body (CONTRACT §4). */
@Controller('postback')
export class PostbackController {
  constructor(private readonly receivePostback: ReceivePostbackService) {}

  @Get()
  get(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(request, reply);
  }

  @Post()
  post(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(request, reply);
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const answer = await this.receivePostback.receive({
      params: collectPostbackParams(request.query, request.body),
      sourceIp: request.ip,
      correlationId: currentCorrelationId(),
    });
    reply.code(answer.statusCode).header('cache-control', 'no-store');
    if (answer.statusCode === 503) reply.header('retry-after', String(answer.retryAfterSeconds));
    await reply.send(answer.body);
  }
}
