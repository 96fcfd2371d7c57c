// Numbers as ERP exports write them ("1,234.50", "1.234,50", "1 234,5", "(12)", "12-")
// turned into plain decimal strings ("1234.50"). Never through a JS float: the digits
// are moved as text, and the result is checked by the kernel's parseDecimal.

import { parseDecimal } from '../../kernel/decimal.js';
import { assert } from '../../kernel/errors.js';

/** Which character separates the fraction: en writes '.', de and fr write ','. */
export type DecimalMark = '.' | ',';

export type NumberTextResult =
  | { readonly ok: true; /** canonical decimal string, e.g. "-1234.50" */ readonly value: string; readonly negative: boolean }
  | { readonly ok: false; readonly reason: string };

/** How one text reads when the file's decimal mark is not known yet. */
export type NumberTextReading =
  /** both marks give the same value ("12", "1 234") or the text is no number under either */
  | { readonly kind: 'same'; readonly result: NumberTextResult }
  /** only one mark gives a number ("12,5" → ',', "1,234.5" → '.'): evidence for the file */
  | { readonly kind: 'only'; readonly mark: DecimalMark; readonly result: NumberTextResult & { ok: true } }
  /** both marks give different numbers ("1,234" is 1234 or 1.234) */
  | { readonly kind: 'ambiguous'; readonly byPoint: string; readonly byComma: string };

// Spaces of every width that spreadsheets use as thousands separators (fr writes U+202F).
const SPACES = new Set([' ', '\u00a0', '\u202f', '\u2009']);
const MINUS = new Set(['-', '\u2212']);
const CURRENCY_RE = /^[€$£¥]\s*|\s*[€$£¥]$/g;

/** Parses a number written with the given decimal mark; groups of three may be separated by the other mark or spaces. */
export function parseNumberText(text: string, mark: DecimalMark): NumberTextResult {
  let s = text.trim().replace(CURRENCY_RE, '');
  if (s === '') return { ok: false, reason: 'is empty' };
  if (/[eE]/.test(s) && /\d/.test(s)) {
    return { ok: false, reason: `"${text}" is in scientific notation, which has lost digits; format the column as a plain number` };
  }

  // Accounting exports write negatives as "(12)" and SAP-style ones as "12-".
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  } else if (MINUS.has(s[0] ?? '') || s[0] === '+') {
    negative = MINUS.has(s[0] ?? '');
    s = s.slice(1).trim();
  } else if (MINUS.has(s[s.length - 1] ?? '')) {
    negative = true;
    s = s.slice(0, -1).trim();
  }
  if (!/^[0-9.,'\u00a0\u202f\u2009 ]*\d[0-9.,'\u00a0\u202f\u2009 ]*$/.test(s)) {
    return { ok: false, reason: `"${text}" is not a number` };
  }

  const parts = s.split(mark);
  if (parts.length > 2) return { ok: false, reason: `"${text}" has more than one decimal mark '${mark}'` };
  const intText = parts[0] ?? '';
  const fracText = parts[1] ?? '';
  if (!/^\d*$/.test(fracText)) return { ok: false, reason: `"${text}" has separators after the decimal mark '${mark}'` };

  const intDigits = readGroupedInteger(intText, mark);
  if (intDigits === undefined) return { ok: false, reason: `"${text}" has thousands separators in the wrong places for decimal mark '${mark}'` };
  if (intDigits === '' && fracText === '') return { ok: false, reason: `"${text}" is not a number` };

  const int = intDigits.replace(/^0+(?=\d)/, '') || '0';
  const isZero = /^0*$/.test(int + fracText);
  const value = (negative && !isZero ? '-' : '') + int + (fracText ? '.' + fracText : '');
  assert(parseDecimal(value) !== undefined, `canonical decimal ${value}`);
  return { ok: true, value, negative: negative && !isZero };
}

/** Digits of an integer part that may carry thousands separators, or undefined when they are misplaced. */
function readGroupedInteger(text: string, mark: DecimalMark): string | undefined {
  if (/^\d*$/.test(text)) return text;
  // The separator is the other mark, a space of any width, or (with a decimal point) the Swiss apostrophe.
  const groupChars = mark === '.' ? [',', "'"] : ['.'];
  const seps = new Set([...text].filter((ch) => !/\d/.test(ch)));
  const isSpace = [...seps].every((ch) => SPACES.has(ch));
  if (!isSpace && (seps.size !== 1 || !groupChars.includes([...seps][0] ?? ''))) return undefined;
  const groups = text.split(/[^\d]/);
  const [first, ...rest] = groups;
  if (!first || first.length > 3 || (first.startsWith('0'))) return undefined;
  if (rest.length === 0 || rest.some((g) => g.length !== 3)) return undefined;
  return groups.join('');
}

/** Reads a number under both decimal marks, to tell whether it proves the file's style. */
export function readNumberText(text: string): NumberTextReading {
  const byPoint = parseNumberText(text, '.');
  const byComma = parseNumberText(text, ',');
  if (byPoint.ok && byComma.ok) {
    if (byPoint.value === byComma.value) return { kind: 'same', result: byPoint };
    return { kind: 'ambiguous', byPoint: byPoint.value, byComma: byComma.value };
  }
  if (byPoint.ok) return { kind: 'only', mark: '.', result: byPoint };
  if (byComma.ok) return { kind: 'only', mark: ',', result: byComma };
  return { kind: 'same', result: byPoint };
}

/**
 * Parses with the file's mark (from the locale option, or in auto mode the mark the file has
 * shown so far); with no mark yet, an ambiguous text is refused rather than guessed.
 */
export function parseNumberTextAuto(text: string, lockedMark: DecimalMark | undefined): NumberTextResult {
  if (lockedMark) {
    const result = parseNumberText(text, lockedMark);
    if (result.ok) return result;
    const other = parseNumberText(text, lockedMark === '.' ? ',' : '.');
    if (other.ok) {
      return { ok: false, reason: `"${text}" is written with decimal mark '${lockedMark === '.' ? ',' : '.'}' but the file is read with '${lockedMark}'; check the locale option` };
    }
    return result;
  }
  const reading = readNumberText(text);
  switch (reading.kind) {
    case 'same':
    case 'only':
      return reading.result;
    case 'ambiguous':
      return {
        ok: false,
        reason: `"${text}" is ambiguous (${reading.byPoint} with locale en, ${reading.byComma} with de/fr); set the locale option`,
      };
  }
}

/** Moves the decimal point left by `places` exactly: ("5", 2) → "0.05"; used for percentages. */
export function shiftDecimalLeft(value: string, places: number): string {
  const d = parseDecimal(value);
  assert(d !== undefined, `decimal ${value}`);
  const neg = d.units < 0n;
  const digits = (neg ? -d.units : d.units).toString();
  const scale = d.scale + places;
  const padded = digits.padStart(scale + 1, '0');
  const int = padded.slice(0, padded.length - scale);
  const frac = padded.slice(padded.length - scale);
  return (neg ? '-' : '') + int + (frac ? '.' + frac : '');
}

/**
 * Writes a spreadsheet number as a decimal string. Excel shows and stores 15 significant
 * digits, so anything beyond is float noise from formulas (0.1+0.2 → 0.30000000000000004).
 */
export function decimalFromSpreadsheetNumber(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  if (Number.isSafeInteger(n)) return String(n);
  const [mantissa = '', expText = '0'] = n.toPrecision(15).split('e');
  const exp = Number(expText);
  const neg = mantissa.startsWith('-');
  const [intPart = '', fracPart = ''] = mantissa.replace('-', '').split('.');
  let digits = intPart + fracPart;
  let point = intPart.length + exp;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits = digits.padEnd(point, '0');
  }
  const int = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(point).replace(/0+$/, '');
  const isZero = /^0*$/.test(int + frac);
  return (neg && !isZero ? '-' : '') + int + (frac ? '.' + frac : '');
}
