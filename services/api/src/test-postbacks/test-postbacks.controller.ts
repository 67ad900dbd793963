import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { ApiController } from '../auth/api-controller.decorator';
import { TestPostbackDto } from './test-postback.dto';
import { TestPostbacksService, type TestPostbackResult } from './test-postbacks.service';

const STEP = {
  type: 'object',
  properties: {
    url: { type: 'string' },
    status: { type: 'integer', nullable: true },
    body: {},
    error: { type: 'string' },
  },
};

@ApiController('test-postbacks', 'test postbacks')
export class TestPostbacksController {
  constructor(private readonly tests: TestPostbacksService) {}

  /** Makes a test click on the campaign and fires its network's postback through the real ingress. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({
    description:
      'every step: click, stored click, postback fired, ingress answer, postback-log entry, conversion',
    schema: {
      type: 'object',
      properties: {
        campaignId: { type: 'string' },
        click: {
          ...STEP,
          properties: {
            ...STEP.properties,
            clickId: { type: 'string', nullable: true },
            location: { type: 'string', nullable: true },
          },
        },
        clickStored: { type: 'object', nullable: true },
        postback: { ...STEP, nullable: true },
        postbackLog: { type: 'object', nullable: true },
        conversion: { type: 'object', nullable: true },
        stoppedAt: {
          type: 'string',
          nullable: true,
          enum: ['click', 'click-stored', 'postback', 'postback-log', 'conversion'],
        },
      },
      required: ['campaignId', 'click', 'stoppedAt'],
    },
  })
  run(@Body() body: TestPostbackDto): Promise<TestPostbackResult> {
    return this.tests.run(body);
  }
}
