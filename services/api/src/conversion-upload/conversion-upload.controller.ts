import { HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiController } from '../auth/api-controller.decorator';
import { UnsupportedUploadTypeError, UploadTooLargeApiError } from '../common/api.errors';
import { UPLOAD_MEDIA_TYPES, uploadFormatOf, type UploadBody } from './upload-body';
import { UploadConversionsService, type UploadResult } from './upload-conversions.service';
import { readUploadRows, UploadTooLargeError, type UploadLimits } from './upload-rows';

/** Bounds of one upload: a month of a network's conversions fits; a runaway file does not. */
export const UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxRows: 50_000,
  maxLineBytes: 8192,
};

@ApiController('conversions', 'conversions')
export class ConversionUploadController {
  constructor(private readonly uploads: UploadConversionsService) {}

  /**
   * `POST /api/conversions/upload`: CSV (`text/csv`) or JSON lines (`application/x-ndjson`) of
   * clickId, payout, txid, status, et. Every row is handled as a postback and answered on its own.
   */
  @Post('upload')
  @HttpCode(200)
  @ApiConsumes(...UPLOAD_MEDIA_TYPES)
  @ApiBody({
    schema: {
      type: 'string',
      description: 'CSV with a header row (clickId,payout,txid,status,et) or JSON lines',
    },
  })
  @ApiOkResponse({
    description: 'each row with its result, by line number',
    schema: {
      type: 'object',
      properties: {
        accepted: { type: 'integer' },
        rejected: { type: 'integer' },
        rows: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              line: { type: 'integer' },
              status: { type: 'string', enum: ['accepted', 'rejected'] },
              id: { type: 'string', format: 'uuid', description: 'postback-log entry' },
              clickId: { type: 'string' },
              reason: { type: 'string' },
              message: { type: 'string' },
            },
            required: ['line', 'status'],
          },
        },
      },
      required: ['accepted', 'rejected', 'rows'],
    },
  })
  async upload(@Req() request: FastifyRequest): Promise<UploadResult> {
    const format = uploadFormatOf(request.headers['content-type']);
    const body = request.body as UploadBody | undefined;
    if (format === undefined || typeof body?.stream !== 'function') {
      throw new UnsupportedUploadTypeError(UPLOAD_MEDIA_TYPES);
    }
    let rows;
    try {
      rows = await readUploadRows(body.stream(), format, UPLOAD_LIMITS);
    } catch (error) {
      if (error instanceof UploadTooLargeError)
        throw new UploadTooLargeApiError(error.message, error.limit, error.bound);
      throw error;
    }
    return this.uploads.upload(rows, request.ip);
  }
}
