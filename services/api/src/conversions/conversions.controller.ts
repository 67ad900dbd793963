import { Get, Query } from '@nestjs/common';
import { ConversionRepository } from '@clickledger/persistence';
import { ApiController } from '../auth/api-controller.decorator';
import { clickIdFilter } from '../common/click-id-filter';
import { ApiPageResponse } from '../common/openapi-responses';
import { mapPage, readPage, type PageView } from '../common/page';
import { toDate } from '../common/time-range-query.dto';
import { ConversionQueryDto } from './conversion-query.dto';
import { ConversionView, toConversionView, ConversionViewSchema } from './conversion.view';

/** A read model straight from its repository: there is no use case beyond the query. */
@ApiController('conversions', 'conversions')
export class ConversionsController {
  constructor(private readonly conversions: ConversionRepository) {}

  @Get()
  @ApiPageResponse(ConversionViewSchema)
  async list(@Query() query: ConversionQueryDto): Promise<PageView<ConversionView>> {
    const page = await readPage(() =>
      this.conversions.list({
        clickId: clickIdFilter(query.clickId),
        campaignId: query.campaignId,
        from: toDate(query.from),
        to: toDate(query.to),
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
    return mapPage(page, toConversionView);
  }
}
