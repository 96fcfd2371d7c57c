// HTTP adapter of the count reports: the report per task or period as JSON, CSV or PDF, and the
// count history for charts. Thin over reporting.queries; the filter is resolved before an export
// starts, so a bad filter still gets a problem answer rather than a broken download.

import { Type } from 'typebox';
import type { RouteModule } from '../../http/app.js';
import { countReportRows, countReportTotals, countHistory, getCountReport, resolveCountFilter } from './reporting.queries.js';
import { countReportCsv } from './reporting.csv.js';
import { countReportPdf } from './reporting.pdf.js';
import type { ResolvedCountFilter, TrendDimension } from './reporting.types.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC)' });
const Code = Type.String({ minLength: 1, maxLength: 100 });
const DIMS = '(location|zone|item|counter)';

function fileName(f: ResolvedCountFilter, ext: string): string {
  const base = f.taskId !== null ? `count-report-task-${f.taskId}` : `count-report-${f.site ?? 'site'}-${f.from}-${f.to}${f.zone ? `-${f.zone}` : ''}`;
  return `${base.replace(/[^\w.-]/g, '_')}.${ext}`;
}

export const reportingRoutes: RouteModule = (app, deps) => {
  const db = deps.db;
  const tags = ['reports'];

  app.get('/api/v1/reports/counts', {
    schema: {
      tags,
      summary: 'Cycle count report per task or period: item, location, lot, system qty at the count, physical count, shortage (system − counted) in qty, % and value, variance status, recount beside the first count, investigator/resolver, resolution, date and time, counters',
      querystring: Type.Object({
        site: Type.Optional(Code), from: Type.Optional(Day), to: Type.Optional(Day), zone: Type.Optional(Code), taskId: Type.Optional(Type.Integer({ minimum: 1 })),
        format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('pdf')])),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'json only: rows per page' })), cursor: Type.Optional(Type.String({ maxLength: 500 })),
      }, { additionalProperties: false }),
    },
    config: { permission: 'reports.read' },
  }, async (req, reply) => {
    const { format = 'json', limit, cursor, ...filter } = req.query;
    const f = await resolveCountFilter(db.k, filter, req.ctx);
    if (format === 'json') return getCountReport(db.k, f, { ...(limit !== undefined ? { limit } : {}), ...(cursor !== undefined ? { cursor } : {}) });
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName(f, 'csv')}"`).send(countReportCsv(countReportRows(db.k, f)));
    }
    const totals = await countReportTotals(db.k, f);
    const { doc } = countReportPdf(countReportRows(db.k, f), { filter: f, totals, generatedAt: req.ctx.now() });
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName(f, 'pdf')}"`).send(doc);
  });

  app.get('/api/v1/reports/count-history', {
    schema: {
      tags,
      summary: 'Cycle count history for charts: record accuracy by count and by value over time, trends by location, zone, item and counter, variance frequency and magnitude, investigation causes (Pareto), counter recount disagreement rate',
      querystring: Type.Object({
        site: Code, from: Day, to: Day, zone: Type.Optional(Code),
        granularity: Type.Optional(Type.Union([Type.Literal('week'), Type.Literal('month')])),
        by: Type.Optional(Type.String({ pattern: `^${DIMS}(,${DIMS})*$`, description: 'trend dimensions, comma-separated: location,zone,item,counter (default all)' })),
        top: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'groups per trend dimension, largest Σ|shortage value| first (default 20)' })),
      }, { additionalProperties: false }),
    },
    config: { permission: 'reports.read' },
  }, async (req) => {
    const { by, ...rest } = req.query;
    return countHistory(db.k, { ...rest, ...(by ? { by: by.split(',') as TrendDimension[] } : {}) }, req.ctx);
  });
};
