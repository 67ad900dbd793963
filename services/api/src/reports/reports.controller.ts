import { Get, Query } from '@nestjs/common';
import { ApiController } from '../auth/api-controller.decorator';
import { ReportQueryDto, toReportRequest } from './report-query.dto';
import type { ReportView } from './report.view';
import { ReportsService } from './reports.service';

@ApiController('reports', 'reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  report(@Query() query: ReportQueryDto): Promise<ReportView> {
    return this.reports.report(toReportRequest(query));
  }
}
