import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { SourcePostbackRepository, SOURCE_POSTBACK_RESEND_RETRY_FOR_MS } from '@clickledger/persistence';
import { ApiAcceptedResponse } from '@nestjs/swagger';
import { ApiController } from '../auth/api-controller.decorator';
import { ResourceNotFoundError } from '../common/api.errors';
import { IdParamDto } from '../common/id-param.dto';
import { ApiNotFound, ApiPageResponse } from '../common/openapi-responses';
import { readPage, type PageView } from '../common/page';
import { toDate } from '../common/time-range-query.dto';
import { SourcePostbackQueryDto } from './source-postback-query.dto';
import { SourcePostbackView, toSourcePostbackView, SourcePostbackViewSchema } from './source-postback.view';

/** The traffic-source delivery log (CONTRACT §9): each delivery with every attempt. */
@ApiController('source-postbacks', 'traffic-source postbacks')
export class SourcePostbacksController {
  constructor(private readonly deliveries: SourcePostbackRepository) {}

  @Get()
  @ApiPageResponse(SourcePostbackViewSchema)
  async list(@Query() query: SourcePostbackQueryDto): Promise<PageView<SourcePostbackView>> {
    const page = await readPage(() =>
      this.deliveries.list({
        conversionId: query.conversionId,
        trafficSourceId: query.trafficSourceId,
        outcome: query.outcome,
        from: toDate(query.from),
        to: toDate(query.to),
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
    const attempts = await this.deliveries.attemptsOf(page.items.map((row) => row.id));
    return {
      items: page.items.map((row) =>
        toSourcePostbackView(
          row,
          attempts.filter((a) => a.deliveryId === row.id),
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  /** Sends the delivery again (whatever its outcome) as soon as the service is free; 202. */
  @Post(':id/resend')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: SourcePostbackViewSchema, description: 'queued to be sent again' })
  @ApiNotFound()
  async resend(@Param() params: IdParamDto): Promise<SourcePostbackView> {
    const row = await this.deliveries.resend(params.id, SOURCE_POSTBACK_RESEND_RETRY_FOR_MS);
    if (!row) throw new ResourceNotFoundError('source postback', params.id);
    return toSourcePostbackView(row, await this.deliveries.attemptsOf([row.id]));
  }
}
