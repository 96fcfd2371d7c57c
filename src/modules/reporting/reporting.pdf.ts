// The count report as PDF (pdfkit): a landscape A4 table with a title, a header row repeated on
// every page, rows that wrap inside their cells, page numbers, and the totals at the end.
// A Unicode font is embedded when the system has one (DejaVu or Liberation), so the headers can
// say "system − counted" with a real minus sign; without one, the built-in Helvetica says "system - counted".

import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { CountReportRow, CountReportTotals, ResolvedCountFilter } from './reporting.types.js';

type Doc = InstanceType<typeof PDFDocument>;

const FONT_CANDIDATES: ReadonlyArray<readonly [string, string]> = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf'],
  ['/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf'],
  ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'],
  ['/usr/share/fonts/dejavu/DejaVuSansCondensed.ttf', '/usr/share/fonts/dejavu/DejaVuSansCondensed-Bold.ttf'],
];

let fontCache: { regular: string; bold: string; unicode: boolean } | undefined;
function fonts(): { regular: string; bold: string; unicode: boolean } {
  if (!fontCache) {
    const found = FONT_CANDIDATES.find(([r, b]) => fs.existsSync(r) && fs.existsSync(b));
    fontCache = found ? { regular: found[0], bold: found[1], unicode: true } : { regular: 'Helvetica', bold: 'Helvetica-Bold', unicode: false };
  }
  return fontCache;
}

interface Column {
  readonly header: string;
  readonly width: number;
  readonly align: 'left' | 'right';
  readonly cell: (r: CountReportRow) => string;
}

const MINUS = () => (fonts().unicode ? '−' : '-');
/** Helvetica's WinAnsi encoding has neither the minus sign nor sigma. */
const plain = (text: string) => (fonts().unicode ? text : text.replace(/−/g, '-').replace(/Σ/g, 'sum of '));
const dt = (ts: string | null) => (ts ? `${ts.slice(0, 10)} ${ts.slice(11, 16)}` : '');
const s = (v: string | null | undefined) => v ?? '';

function columns(): Column[] {
  const dir = `(system ${MINUS()} counted)`;
  return [
    { header: 'Item (SKU)', width: 62, align: 'left', cell: (r) => r.sku },
    { header: 'Description', width: 70, align: 'left', cell: (r) => `${r.description} (${r.uom})` },
    { header: 'Location / lot', width: 56, align: 'left', cell: (r) => r.location + (r.lot ? `\nlot ${r.lot}` : '') },
    { header: 'Counted at (UTC)', width: 50, align: 'left', cell: (r) => dt(r.first.countedAt) },
    { header: 'System qty', width: 38, align: 'right', cell: (r) => s(r.first.systemQty) },
    { header: 'Physical count', width: 38, align: 'right', cell: (r) => s(r.first.countedQty) },
    { header: `Shortage ${dir}`, width: 44, align: 'right', cell: (r) => s(r.first.shortageQty) },
    { header: 'Shortage %', width: 40, align: 'right', cell: (r) => (r.first.shortagePct === null ? '' : `${r.first.shortagePct}%`) },
    { header: 'Shortage value', width: 48, align: 'right', cell: (r) => s(r.first.shortageValue) },
    { header: 'Variance status', width: 62, align: 'left', cell: (r) => r.statusText },
    { header: 'Recount qty', width: 38, align: 'right', cell: (r) => s(r.recount?.countedQty) },
    { header: `Recount shortage ${dir}`, width: 46, align: 'right', cell: (r) => (r.recount?.shortageQty ? `${r.recount.shortageQty}\n${s(r.recount.shortageValue)}` : '') },
    { header: 'Investigator / resolver', width: 60, align: 'left', cell: (r) => r.investigatorResolver },
    { header: 'Resolution notes', width: 70, align: 'left', cell: (r) => r.resolutionNotes },
    {
      header: 'Counters', width: 60, align: 'left',
      cell: (r) => [r.team.firstCounters.map((p) => p.name).join(', '), r.team.secondCounters.length ? `2nd: ${r.team.secondCounters.map((p) => p.name).join(', ')}` : '', r.team.recountCounters.length ? `recount: ${r.team.recountCounters.map((p) => p.name).join(', ')}` : ''].filter(Boolean).join('\n'),
    },
  ];
}

const MARGIN = 28;
const BODY = 6.5;
const PAD = 2;

export interface PdfReportHead {
  readonly filter: ResolvedCountFilter;
  readonly totals: CountReportTotals;
  readonly generatedAt: Date;
}

/**
 * Starts writing the report and returns the document, a readable stream of the PDF bytes.
 * Rows are read as they are drawn; `done` settles when the document has ended.
 */
export function countReportPdf(rows: AsyncIterable<CountReportRow>, head: PdfReportHead): { doc: Doc; done: Promise<void> } {
  const f = fonts();
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, info: { Title: 'Cycle count report', Creator: 'Stockroom' } });
  doc.registerFont('body', f.regular);
  doc.registerFont('bold', f.bold);
  const cols = columns();
  const tableWidth = cols.reduce((a, c) => a + c.width, 0);
  const bottom = () => doc.page.height - MARGIN - 14;
  let page = 0;
  const scope = head.filter.taskId !== null ? `task ${head.filter.taskId}` : `${head.filter.from} to ${head.filter.to}`;

  const footer = () => {
    // writing inside the bottom margin would make pdfkit open a new page: lift the margin while we do
    const saved = doc.page.margins.bottom;
    const y = doc.y;
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(7).fillColor('#555555')
      .text(`Stockroom cycle count report · site ${head.filter.site ?? ''} · ${scope} · page ${page}`, MARGIN, doc.page.height - MARGIN - 6, { width: tableWidth, align: 'right', lineBreak: false });
    doc.page.margins.bottom = saved;
    doc.fillColor('black');
    doc.x = MARGIN;
    doc.y = y;
  };

  const headerRow = (): number => {
    doc.font('bold').fontSize(BODY);
    const h = Math.max(...cols.map((c) => doc.heightOfString(c.header, { width: c.width - 2 * PAD }))) + 2 * PAD;
    let x = MARGIN;
    const y = doc.y;
    doc.rect(MARGIN, y, tableWidth, h).fill('#e8e8e8').fillColor('black');
    for (const c of cols) {
      doc.text(c.header, x + PAD, y + PAD, { width: c.width - 2 * PAD, align: c.align });
      x += c.width;
    }
    doc.moveTo(MARGIN, y + h).lineTo(MARGIN + tableWidth, y + h).lineWidth(0.6).stroke();
    doc.y = y + h;
    return h;
  };

  const startPage = (first: boolean) => {
    if (!first) doc.addPage();
    page++;
    doc.x = MARGIN;
    doc.y = MARGIN;
    doc.font('bold').fontSize(12).text('Cycle count report', MARGIN, MARGIN);
    const where = [`Site ${head.filter.site ?? ''}`, head.filter.zone ? `zone ${head.filter.zone}` : null, head.filter.taskId !== null ? `task ${head.filter.taskId}` : null, head.filter.from ? `counted ${head.filter.from} to ${head.filter.to}` : null].filter(Boolean).join(' · ');
    doc.font('body').fontSize(7.5).text(`${where} · generated ${head.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · shortage = system ${MINUS()} counted (positive: less found than the book; negative: overage) · quantities in the item's unit`, { width: tableWidth });
    doc.moveDown(0.4);
    headerRow();
    footer();
  };

  const done = (async () => {
    startPage(true);
    let n = 0;
    for await (const r of rows) {
      n++;
      doc.font('body').fontSize(BODY);
      const texts = cols.map((c) => c.cell(r));
      const h = Math.max(...cols.map((c, i) => doc.heightOfString(texts[i] || ' ', { width: c.width - 2 * PAD }))) + 2 * PAD;
      if (doc.y + h > bottom()) startPage(false);
      doc.font('body').fontSize(BODY);
      const y = doc.y;
      if (r.first.flagged) doc.rect(MARGIN, y, tableWidth, h).fill('#fff4e0').fillColor('black');
      let x = MARGIN;
      cols.forEach((c, i) => {
        doc.text(texts[i] ?? '', x + PAD, y + PAD, { width: c.width - 2 * PAD, align: c.align });
        x += c.width;
      });
      doc.moveTo(MARGIN, y + h).lineTo(MARGIN + tableWidth, y + h).lineWidth(0.2).strokeColor('#999999').stroke().strokeColor('black');
      doc.y = y + h;
    }
    if (n === 0) doc.font('body').fontSize(8).text('No counts in this report.', MARGIN, doc.y + 6);

    // totals
    const t = head.totals;
    const lines: [string, string][] = [
      ['Lines counted (first counts)', String(t.linesCounted)],
      ['Lines evaluated', String(t.linesEvaluated)],
      ['Within tolerance', String(t.linesWithinTolerance)],
      ['Flagged (recount or investigation)', String(t.linesFlagged)],
      ['Recounted', String(t.linesRecounted)],
      ['Accuracy by count', t.accuracyByCountPct === null ? 'n/a' : `${t.accuracyByCountPct}%`],
      ['Accuracy by value', t.accuracyByValuePct === null ? 'n/a' : `${t.accuracyByValuePct}%`],
      [`Total shortage value (system ${MINUS()} counted), net`, t.shortageValue],
      [`Total shortage value, absolute`, t.absShortageValue],
      [`Total shortage value after recounts (system ${MINUS()} counted)`, t.finalShortageValue],
      ['System value counted', t.systemValue],
    ];
    const needed = 16 + lines.length * 11 + 30;
    if (doc.y + needed > bottom()) startPage(false);
    doc.y += 8;
    doc.font('bold').fontSize(9).text('Totals', MARGIN, doc.y);
    doc.moveDown(0.2);
    for (const [label, value] of lines) {
      const y = doc.y;
      doc.font('body').fontSize(8).text(label, MARGIN, y, { width: 230 });
      doc.font('bold').fontSize(8).text(value, MARGIN + 230, y, { width: 90, align: 'right' });
      doc.y = Math.max(doc.y, y + 10);
    }
    doc.moveDown(0.4);
    doc.font('body').fontSize(6.5).fillColor('#555555')
      .text(plain('Accuracy counts each line once, by its first count (recounts excluded). Accuracy by value = 1 − Σ|shortage value| / Σ system value.'), MARGIN, doc.y, { width: 500 });
    doc.fillColor('black');
    doc.end();
  })();
  done.catch((e: unknown) => doc.destroy(e instanceof Error ? e : new Error(String(e))));
  return { doc, done };
}
