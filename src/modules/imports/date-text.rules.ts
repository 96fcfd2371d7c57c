// Dates as exports write them: ISO everywhere, dd.mm.yyyy in de, dd/mm/yyyy in fr and
// en-GB, mm/dd/yyyy in en-US. Slashed dates are read in the file's order; in auto mode
// only when the day is above 12, otherwise the text is refused rather than guessed.

/** Order of day and month in slashed dates. */
export type DateOrder = 'dmy' | 'mdy';

export type DateTextResult = { readonly ok: true; /** YYYY-MM-DD */ readonly value: string } | { readonly ok: false; readonly reason: string };

const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const YMD_SLASH_RE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const DOTTED_RE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const SLASHED_RE = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/;
// Exports often append a midnight time to dates ("31.05.2024 00:00"): it carries nothing.
const TRAILING_TIME_RE = /\s+\d{1,2}:\d{2}(?::\d{2})?$/;

export function parseDateText(text: string, order: DateOrder | 'auto'): DateTextResult {
  const s = text.trim().replace(TRAILING_TIME_RE, '');
  let m = ISO_RE.exec(s) ?? YMD_SLASH_RE.exec(s);
  if (m) return build(text, m[1], m[2], m[3]);
  m = DOTTED_RE.exec(s);
  if (m) return build(text, m[3], m[2], m[1]);
  m = SLASHED_RE.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    let resolved: DateOrder | undefined = order === 'auto' ? undefined : order;
    if (!resolved) {
      if (a > 12 && b <= 12) resolved = 'dmy';
      else if (b > 12 && a <= 12) resolved = 'mdy';
      else if (a === b) resolved = 'dmy';
      else return { ok: false, reason: `"${text}" could be day/month or month/day; set the locale option` };
    }
    return resolved === 'dmy' ? build(text, m[3], m[2], m[1]) : build(text, m[3], m[1], m[2]);
  }
  return { ok: false, reason: `"${text}" is not a date (write YYYY-MM-DD)` };
}

function build(text: string, y?: string, mo?: string, d?: string): DateTextResult {
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const t = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31.02 over into March; a round trip catches it.
  if (year < 1900 || t.getUTCFullYear() !== year || t.getUTCMonth() !== month - 1 || t.getUTCDate() !== day) {
    return { ok: false, reason: `"${text}" is not a calendar date` };
  }
  return { ok: true, value: isoDate(t) };
}

/** YYYY-MM-DD of a Date read in UTC (exceljs builds spreadsheet dates at UTC midnight). */
export function isoDate(t: Date): string {
  return t.toISOString().slice(0, 10);
}

/** Excel's 1900 date system: serial 1 is 1900-01-01, and day 60 is the fictitious 1900-02-29. */
export function dateFromExcelSerial(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 61 || serial >= 2958466) return undefined;
  return isoDate(new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000));
}
