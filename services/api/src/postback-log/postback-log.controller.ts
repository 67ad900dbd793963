import { Get, Query } from '@nestjs/common';
import { PostbackLogRepository } from '@clickledger/persistence';
import { ApiController } from '../auth/api-controller.decorator';
import { clickIdFilter } from '../common/click-id-filter';
import { ApiPageResponse } from '../common/openapi-responses';
import { mapPage, readPage, type PageView } from '../common/page';
import { toDate } from '../common/time-range-query.dto';
import { PostbackLogQueryDto } from './postback-log-query.dto';
import {
  PostbackLogEntryView,
  toPostbackLogEntryView,
  PostbackLogEntryViewSchema,
} from './postback-log-entry.view';

/** "Why was this conversion not counted?": every postback with its outcome and reason. */
@ApiController('postback-log', 'postback log')
export class PostbackLogController {
  constructor(private readonly postbackLog: PostbackLogRepository) {}

  @Get()
  @ApiPageResponse(PostbackLogEntryViewSchema)
  async list(@Query() query: PostbackLogQueryDto): Promise<PageView<PostbackLogEntryView>> {
    const page = await readPage(() =>
      this.postbackLog.list({
        clickId: clickIdFilter(query.clickId),
        outcome: query.outcome,
        reason: query.reason,
        from: toDate(query.from),
        to: toDate(query.to),
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
    return mapPage(page, toPostbackLogEntryView);
  }
}
