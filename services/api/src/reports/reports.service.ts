import { Injectable } from '@nestjs/common';
import { buildReport } from './report-builder';
import type { ReportRequest } from './report-query.dto';
import type { ReportView } from './report.view';
import { ReportsRepository } from './reports.repository';

@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  async report(request: ReportRequest): Promise<ReportView> {
    const [clicks, conversions] = await Promise.all([
      this.reports.clickAggregates(request),
      this.reports.conversionAggregates(request),
    ]);
    const keys = [...new Set([...clicks, ...conversions].map((row) => row.key))];
    const names = await this.reports.namesOf(request.groupBy, keys);
    return {
      from: request.from.toISOString(),
      to: request.to.toISOString(),
      groupBy: request.groupBy,
      tz: request.timeZone,
      ...buildReport(request.groupBy, clicks, conversions, names),
    };
  }
}
