import { Get, Headers, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiController } from '../auth/api-controller.decorator';
import { reportCsv } from './report-csv';
import { ReportQueryDto, toReportRequest } from './report-query.dto';
import { ReportView, ReportViewSchema } from './report.view';
import { ReportsService } from './reports.service';

const CSV = 'text/csv';

@ApiController('reports', 'reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** JSON, or the same rows as CSV with `format=csv` or `Accept: text/csv`. */
  @Get()
  @ApiProduces('application/json', CSV)
  @ApiOkResponse({
    description: 'the report; as CSV (the same rows) with format=csv or Accept: text/csv',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ReportViewSchema) } },
      [CSV]: { schema: { type: 'string' } },
    },
  })
  @ApiExtraModels(ReportViewSchema)
  async report(
    @Query() query: ReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportView | string> {
    const report = await this.reports.report(toReportRequest(query));
    const csv = query.format === 'csv' || (query.format === undefined && (accept ?? '').includes(CSV));
    if (!csv) return report;
    void reply
      .header('content-type', `${CSV}; charset=utf-8`)
      .header('content-disposition', 'attachment; filename="report.csv"');
    return reportCsv(report);
  }
}
