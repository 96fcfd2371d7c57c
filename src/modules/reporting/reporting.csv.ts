// The count report as CSV: one row per first count, the recount beside it, streamed through
// csv-stringify so a period of any size leaves in constant memory. Every signed column names its
// direction in the header: "Shortage … (system − counted)".

import { Readable, pipeline, type Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { CountReportRow, PersonRef } from './reporting.types.js';

const names = (people: readonly PersonRef[]) => people.map((p) => p.name).join(', ');

/** Header → value of a row. The order is the order of the columns. */
export const COUNT_REPORT_CSV_COLUMNS: ReadonlyArray<readonly [string, (r: CountReportRow) => string | number | null]> = [
  ['Line ID', (r) => r.lineId],
  ['Task ID', (r) => r.taskId],
  ['Site', (r) => r.site],
  ['Zone', (r) => r.zone],
  ['Item number (SKU)', (r) => r.sku],
  ['Description', (r) => r.description],
  ['UOM', (r) => r.uom],
  ['Location', (r) => r.location],
  ['Lot', (r) => r.lot],
  ['Count kind', (r) => r.countKind],
  ['Date & time of count (UTC)', (r) => r.first.countedAt],
  ['System qty (at count)', (r) => r.first.systemQty],
  ['Physical count', (r) => r.first.countedQty],
  ['Shortage qty (system − counted)', (r) => r.first.shortageQty],
  ['Shortage % (system − counted) / system', (r) => r.first.shortagePct],
  ['Shortage value (system − counted)', (r) => r.first.shortageValue],
  ['Unit cost', (r) => r.first.unitCost],
  ['Variance status', (r) => r.first.varianceStatus],
  ['Recount date & time (UTC)', (r) => r.recount?.countedAt ?? null],
  ['Recount system qty (at recount)', (r) => r.recount?.systemQty ?? null],
  ['Recount qty', (r) => r.recount?.countedQty ?? null],
  ['Recount shortage qty (system − counted)', (r) => r.recount?.shortageQty ?? null],
  ['Recount shortage value (system − counted)', (r) => r.recount?.shortageValue ?? null],
  ['Recount status', (r) => r.recount?.varianceStatus ?? null],
  ['Final shortage qty (system − counted)', (r) => r.finalShortageQty],
  ['Final shortage value (system − counted)', (r) => r.finalShortageValue],
  ['Line status', (r) => r.status],
  ['Status', (r) => r.statusText],
  ['Investigator / resolver', (r) => r.investigatorResolver],
  ['Investigation causes', (r) => r.investigation?.causes.join(', ') ?? null],
  ['Resolution notes', (r) => r.resolutionNotes],
  ['Correction movement', (r) => r.resolution.correctionMovementId],
  ['First counters', (r) => names(r.team.firstCounters)],
  ['Second counters', (r) => names(r.team.secondCounters)],
  ['Recount counters', (r) => names(r.team.recountCounters)],
];

async function* cells(rows: AsyncIterable<CountReportRow>): AsyncGenerator<(string | number | null)[]> {
  for await (const r of rows) yield COUNT_REPORT_CSV_COLUMNS.map(([, get]) => get(r));
}

/** A readable CSV stream of the rows (UTF-8, header first, RFC 4180 quoting). Errors while reading destroy the stream. */
export function countReportCsv(rows: AsyncIterable<CountReportRow>): Transform {
  const out = stringify({ header: true, columns: COUNT_REPORT_CSV_COLUMNS.map(([h]) => h), cast: { number: (v) => String(v) } });
  pipeline(Readable.from(cells(rows)), out, () => {
    /* an error destroys `out`, which ends the response; nothing else to do */
  });
  return out;
}
