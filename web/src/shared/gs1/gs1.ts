// GS1 element strings as barcode scanners deliver them (GS1 General Specifications §3 and §7.8):
// the parenthesised human-readable form "(01)09506000134352(10)L-42", the raw form a scanner sends
// ("0109506000134352" "10L-42" with GS, ASCII 29, after each variable-length element unless it is the
// last), with or without a symbology identifier ("]C1", "]d2", "]Q3", "]e0", "]J1"). Also the plain
// product codes (EAN-8, UPC-A, EAN-13, GTIN-14) a counter scans off a box.
//
// Only the application identifiers a count needs are interpreted (01/02 GTIN, 10 lot, 11/13/15/16/17
// dates, 21 serial, 30/37 counts, 310n net weight in kg); every other AI of the predefined-length table
// is read and kept in `elements` so that a string with, say, an SSCC (00) in it still parses.
// Imports nothing: tested under Node (test/web/gs1.test.ts).

export const GS = '\u001d';

/** What a count takes from a scan. Quantities and weights stay decimal strings (no float math). */
export interface Gs1Data {
  /** GTIN-14 (a shorter GTIN is padded with zeros on the left) */
  gtin?: string;
  /** GTIN of the trade items contained in a logistic unit (AI 02) */
  contentGtin?: string;
  lot?: string;
  /** YYYY-MM-DD; a day of 00 means the last day of the month */
  expiry?: string;
  bestBefore?: string;
  productionDate?: string;
  serial?: string;
  /** AI 30 (variable count of items) or AI 37 (count of trade items in a logistic unit), without leading zeros */
  count?: string;
  /** AI 310n, kg, with n decimals */
  netWeightKg?: string;
  sscc?: string;
  /** every element in scan order, the ones not interpreted too */
  elements: { ai: string; value: string }[];
}

export class Gs1Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Gs1Error';
  }
}

interface AiSpec {
  /** digits in the AI itself */
  readonly aiLength: number;
  /** fixed data length, or the maximum of a variable-length field */
  readonly length: number;
  readonly fixed: boolean;
  readonly numeric: boolean;
}

const fixedN = (length: number, aiLength = 2): AiSpec => ({ aiLength, length, fixed: true, numeric: true });
const varX = (length: number, aiLength = 2, numeric = false): AiSpec => ({ aiLength, length, fixed: false, numeric });

/** AI → spec, for the AIs a warehouse meets. Longer AIs are looked up by their first 2, 3 or 4 digits. */
function specOf(ai4: string): { ai: string; spec: AiSpec } | undefined {
  const two = ai4.slice(0, 2);
  const three = ai4.slice(0, 3);
  switch (two) {
    case '00': return { ai: two, spec: fixedN(18) };
    case '01': case '02': return { ai: two, spec: fixedN(14) };
    case '10': case '21': case '22': return { ai: two, spec: varX(20) };
    case '11': case '12': case '13': case '15': case '16': case '17': return { ai: two, spec: fixedN(6) };
    case '20': return { ai: two, spec: fixedN(2) };
    case '30': case '37': return { ai: two, spec: varX(8, 2, true) };
    case '90': return { ai: two, spec: varX(30) };
    default: break;
  }
  if (/^9[1-9]$/.test(two)) return { ai: two, spec: varX(90) };
  // 310n–369n: trade and logistic measures, six digits with n decimals
  if (/^3[1-6]\d$/.test(three) && /^\d$/.test(ai4[3] ?? '')) return { ai: ai4, spec: fixedN(6, 4) };
  if (three === '240' || three === '241' || three === '250' || three === '251' || three === '400' || three === '401' || three === '403') return { ai: three, spec: varX(30, 3) };
  if (three === '242') return { ai: three, spec: varX(6, 3, true) };
  if (three === '402') return { ai: three, spec: fixedN(17, 3) };
  if (/^41[0-7]$/.test(three)) return { ai: three, spec: fixedN(13, 3) };
  if (three === '420') return { ai: three, spec: varX(20, 3) };
  if (three === '422' || three === '424' || three === '426') return { ai: three, spec: fixedN(3, 3) };
  if (ai4 === '7003') return { ai: ai4, spec: fixedN(10, 4) };
  if (ai4 === '7007') return { ai: ai4, spec: varX(12, 4, true) };
  if (ai4 === '8008') return { ai: ai4, spec: varX(12, 4, true) };
  return undefined;
}

/** The mod-10 check digit of GS1 keys (GTIN, SSCC, GLN) is right. */
export function checkDigitOk(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  const body = digits.slice(0, -1);
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48;
    sum += d * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(digits.length - 1) - 48;
}

/** A GTIN-8/12/13/14 as GTIN-14, or null when it is not one (wrong length or check digit). */
export function normalizeGtin(code: string): string | null {
  const t = code.trim();
  if (!/^(\d{8}|\d{12,14})$/.test(t) || !checkDigitOk(t)) return null;
  return t.padStart(14, '0');
}

/**
 * YYMMDD → YYYY-MM-DD with the GS1 century rule (General Specifications §7.12): a year more than 49
 * years ahead of `today` is last century, one more than 50 years back is next century.
 */
export function gs1Date(yymmdd: string, today: Date = new Date()): string {
  if (!/^\d{6}$/.test(yymmdd)) throw new Gs1Error(`"${yymmdd}" is not a YYMMDD date`);
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  let dd = Number(yymmdd.slice(4, 6));
  if (mm < 1 || mm > 12) throw new Gs1Error(`"${yymmdd}": month ${mm} does not exist`);
  const current = today.getUTCFullYear();
  const cc = Math.floor(current / 100);
  const diff = yy - (current % 100);
  const century = diff >= 51 ? cc - 1 : diff <= -50 ? cc + 1 : cc;
  const year = century * 100 + yy;
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  if (dd === 0) dd = last;
  if (dd > last) throw new Gs1Error(`"${yymmdd}": ${year}-${String(mm).padStart(2, '0')} has no day ${dd}`);
  return `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** "001250" with 3 decimals → "1.25"; trailing zeros of the fraction dropped, leading zeros of the integer too. */
export function impliedDecimal(digits: string, decimals: number): string {
  const padded = digits.padStart(decimals + 1, '0');
  const int = padded.slice(0, padded.length - decimals).replace(/^0+(?=\d)/, '');
  const frac = decimals > 0 ? padded.slice(padded.length - decimals).replace(/0+$/, '') : '';
  return frac ? `${int}.${frac}` : int;
}

const SYMBOLOGY_ID = /^\][A-Za-z][0-9A-Za-z]/;
/** Characters scanners and keyboard layouts send for FNC1 / GS. */
const SEPARATORS = [GS, '\u241d'];

export interface ParseOptions {
  /** "today" for the century of YYMMDD dates (tests pin it) */
  today?: Date;
  /** more characters a scanner is set up to send for GS (e.g. "~") */
  separators?: readonly string[];
}

/** Strips a symbology identifier and the CR/LF a scanner may add; turns alternative separators into GS. */
function clean(input: string, separators: readonly string[]): { text: string; symbology: string | null } {
  let text = input.replace(/[\r\n]+$/g, '').replace(/^[\r\n]+/g, '');
  let symbology: string | null = null;
  const m = SYMBOLOGY_ID.exec(text);
  if (m) {
    symbology = m[0];
    text = text.slice(3);
  }
  for (const s of separators) if (s !== GS) text = text.split(s).join(GS);
  // a leading FNC1 some scanners transmit as GS
  while (text.startsWith(GS)) text = text.slice(1);
  return { text, symbology };
}

function parseHri(text: string): { ai: string; value: string }[] {
  const out: { ai: string; value: string }[] = [];
  const re = /\((\d{2,4})\)([^(]*)/gy;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new Gs1Error(`unexpected "${text.slice(pos, pos + 10)}" at position ${pos + 1}: expected "(AI)"`);
    out.push({ ai: m[1] as string, value: (m[2] as string).split(GS).join('') });
    pos = re.lastIndex;
  }
  return out;
}

function parseRaw(text: string): { ai: string; value: string }[] {
  const out: { ai: string; value: string }[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (text[pos] === GS) {
      pos++;
      continue;
    }
    const found = specOf(text.slice(pos, pos + 4));
    if (!found) throw new Gs1Error(`unknown application identifier at position ${pos + 1} ("${text.slice(pos, pos + 4)}…")`);
    const { ai, spec } = found;
    pos += ai.length;
    let value: string;
    if (spec.fixed) {
      value = text.slice(pos, pos + spec.length);
      if (value.length < spec.length || value.includes(GS)) throw new Gs1Error(`(${ai}) needs ${spec.length} characters`);
      pos += spec.length;
    } else {
      const end = text.indexOf(GS, pos);
      const stop = end === -1 ? text.length : end;
      value = text.slice(pos, stop);
      pos = stop;
    }
    out.push({ ai, value });
  }
  return out;
}

function checkElement(ai: string, value: string): void {
  const found = specOf(ai.padEnd(4, ' '));
  if (!found || found.ai !== ai) return; // an AI we do not know: kept as it is (HRI form only)
  const spec = found.spec;
  if (value.length === 0) throw new Gs1Error(`(${ai}) is empty`);
  if (spec.fixed && value.length !== spec.length) throw new Gs1Error(`(${ai}) needs ${spec.length} characters, got ${value.length}`);
  if (!spec.fixed && value.length > spec.length) throw new Gs1Error(`(${ai}) takes at most ${spec.length} characters, got ${value.length}`);
  if (spec.numeric && !/^\d+$/.test(value)) throw new Gs1Error(`(${ai}) takes digits only`);
  // CSET 82: the characters GS1 allows in alphanumeric fields
  if (!spec.numeric && !/^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/.test(value)) throw new Gs1Error(`(${ai}) has a character GS1 does not allow`);
}

/**
 * Parses a GS1 element string. Throws Gs1Error naming what is wrong: an unknown AI in raw form (its
 * length cannot be known), a wrong length, a bad check digit, an impossible date.
 */
export function parseGs1(input: string, opts: ParseOptions = {}): Gs1Data {
  const { text } = clean(input, [...SEPARATORS, ...(opts.separators ?? [])]);
  if (!text) throw new Gs1Error('the scan is empty');
  const elements = text.startsWith('(') ? parseHri(text) : parseRaw(text);
  if (elements.length === 0) throw new Gs1Error('no element found');
  const data: Gs1Data = { elements };
  const seen = new Map<string, string>();
  for (const { ai, value } of elements) {
    checkElement(ai, value);
    const before = seen.get(ai);
    if (before !== undefined && before !== value) throw new Gs1Error(`(${ai}) appears twice with different values`);
    seen.set(ai, value);
    if (ai === '01' || ai === '02') {
      if (!checkDigitOk(value)) throw new Gs1Error(`(${ai}) ${value}: wrong check digit`);
      if (ai === '01') data.gtin = value;
      else data.contentGtin = value;
    } else if (ai === '00') {
      if (!checkDigitOk(value)) throw new Gs1Error(`(00) ${value}: wrong check digit`);
      data.sscc = value;
    } else if (ai === '10') data.lot = value;
    else if (ai === '21') data.serial = value;
    else if (ai === '17') data.expiry = gs1Date(value, opts.today);
    else if (ai === '15' || ai === '16') data.bestBefore = gs1Date(value, opts.today);
    else if (ai === '11') data.productionDate = gs1Date(value, opts.today);
    else if (ai === '13' || ai === '12') gs1Date(value, opts.today);
    else if (ai === '30' || ai === '37') {
      const n = value.replace(/^0+(?=\d)/, '');
      if (data.count !== undefined && data.count !== n) throw new Gs1Error(`(30) and (37) give different counts (${data.count}, ${n})`);
      data.count = n;
    } else if (/^310\d$/.test(ai)) data.netWeightKg = impliedDecimal(value, Number(ai[3]));
  }
  return data;
}

export type Scan =
  | { kind: 'gs1'; data: Gs1Data; raw: string }
  | { kind: 'gtin'; gtin: string; raw: string }
  | { kind: 'text'; text: string; raw: string }
  | { kind: 'invalid'; error: string; raw: string };

/**
 * What a scan is: a GS1 element string, a plain product code (EAN/UPC/GTIN, check digit right), or
 * other text (a bin label, a SKU, an internal barcode). A string that looks like GS1 (symbology
 * identifier of a GS1 symbol, parentheses, a GS, or a leading (01) with a right check digit) but does
 * not parse is `invalid`, with the reason.
 */
export function classifyScan(input: string, opts: ParseOptions = {}): Scan {
  const raw = input;
  const { text, symbology } = clean(input, [...SEPARATORS, ...(opts.separators ?? [])]);
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'invalid', error: 'the scan is empty', raw };
  // ]C1 GS1-128, ]e0 GS1 DataBar, ]d2 GS1 DataMatrix, ]Q3 GS1 QR, ]J1 GS1 DotCode
  const gs1Symbology = symbology !== null && /^\](C1|e0|d2|Q3|J1)$/.test(symbology);
  const plainProduct = symbology === null || /^\](E0|E4|e0|C0|I1|X0)$/.test(symbology) || /^\]E[0-4]$/.test(symbology);
  if (!gs1Symbology && plainProduct && /^\d+$/.test(trimmed)) {
    const g = normalizeGtin(trimmed);
    if (g) return { kind: 'gtin', gtin: g, raw };
  }
  const looksGs1 = gs1Symbology || /^\(\d{2,4}\)/.test(trimmed) || text.includes(GS) || (/^(01|02)\d{14}/.test(trimmed) && checkDigitOk(trimmed.slice(2, 16)));
  if (looksGs1) {
    try {
      const data = parseGs1(input, opts);
      // a logistic unit's label: (02) names the trade items it holds, (37) how many
      if (data.gtin === undefined && data.contentGtin !== undefined) data.gtin = data.contentGtin;
      return { kind: 'gs1', data, raw };
    } catch (e) {
      if (gs1Symbology || text.includes(GS) || trimmed.startsWith('(')) return { kind: 'invalid', error: (e as Error).message, raw };
      // a code that merely starts like (01): take it as text
    }
  }
  return { kind: 'text', text: trimmed, raw };
}
