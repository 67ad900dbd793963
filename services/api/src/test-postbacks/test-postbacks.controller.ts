import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { ApiController } from '../auth/api-controller.decorator';
import { ErrorBodyView } from '../common/openapi-responses';
import { TestPostbackDto } from './test-postback.dto';
import { TestPostbackResultView, TestPostbackResultViewSchema } from './test-postback.view';
import { TestPostbacksService } from './test-postbacks.service';

@ApiController('test-postbacks', 'test postbacks')
export class TestPostbacksController {
  constructor(private readonly tests: TestPostbacksService) {}

  /** Makes a test click on the campaign and fires its network's postback through the real ingress. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({
    type: TestPostbackResultViewSchema,
    description:
      'every step: click, stored click, postback fired, ingress answer, postback-log entry, conversion, traffic-source delivery',
  })
  @ApiNotFoundResponse({ type: ErrorBodyView, description: 'no such campaign' })
  @ApiServiceUnavailableResponse({
    type: ErrorBodyView,
    description: 'CLICK_ID_SECRETS is not set on the API',
  })
  run(@Body() body: TestPostbackDto): Promise<TestPostbackResultView> {
    return this.tests.run(body);
  }
}
