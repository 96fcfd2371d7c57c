// Unit-of-measure texts as ERPs and WMSs write them ("EA", "Units", "Nos", "Stk", "KGM",
// "Case of 12", "Pallet (40 cs)") mapped to Stockroom unit codes. A text we do not know
// gives undefined, so the row is refused with a reason instead of loaded in a wrong unit.

/** Stockroom unit codes the import understands; a site may add its own through aliases. */
export const UNIT_CODES = [
  'each', 'pair', 'dozen', 'set',
  'case', 'carton', 'box', 'pack', 'pallet', 'bag', 'roll', 'drum', 'bottle', 'can',
  'kg', 'g', 'mg', 't', 'lb', 'oz',
  'l', 'ml', 'gal',
  'm', 'cm', 'mm', 'km', 'in', 'ft', 'm2', 'm3',
  'h',
] as const;
export type UnitCode = (typeof UNIT_CODES)[number];

export interface UnitText {
  /** Stockroom unit code: 'case' */
  readonly unit: string;
  /** how many of `factorUnit` (or of the item's base unit when absent) one unit holds, as a decimal string */
  readonly factor?: string;
  /** the unit the factor counts: "Pallet (40 cs)" → 'case' */
  readonly factorUnit?: string;
}

// Names and codes seen in exports: English and German words, UN/ECE Rec 20 codes (KGM,
// C62, H87, MTR, ...), Odoo's "Units"/"Dozens", ERPNext's "Nos", Dynamics' "ea"/"pcs".
const ALIASES: Record<UnitCode, readonly string[]> = {
  each: ['each', 'ea', 'pc', 'pcs', 'piece', 'pieces', 'unit', 'units', 'nos', 'no', 'nr', 'stk', 'stck', 'st', 'stück', 'stueck', 'pce', 'c62', 'h87', 'unité', 'unités', 'u'],
  pair: ['pair', 'pairs', 'pr', 'paar'],
  dozen: ['dozen', 'dozens', 'dz', 'dzn', 'doz'],
  set: ['set', 'sets', 'satz'],
  case: ['case', 'cases', 'cs', 'cse'],
  carton: ['carton', 'cartons', 'ctn', 'ct', 'karton', 'kartons', 'krt'],
  box: ['box', 'boxes', 'bx', 'schachtel', 'boîte'],
  pack: ['pack', 'packs', 'pk', 'pkg', 'package', 'packages', 'packet', 'packets', 'paket', 'pckg'],
  pallet: ['pallet', 'pallets', 'pal', 'plt', 'pl', 'px', 'palette', 'paletten'],
  bag: ['bag', 'bags', 'bg', 'sack', 'sacks', 'sac'],
  roll: ['roll', 'rolls', 'ro', 'rl', 'rolle', 'rollen', 'rouleau'],
  drum: ['drum', 'drums', 'dr', 'fass'],
  bottle: ['bottle', 'bottles', 'btl', 'bt', 'flasche'],
  can: ['can', 'cans', 'dose'],
  kg: ['kg', 'kgs', 'kgm', 'kilo', 'kilos', 'kilogram', 'kilograms', 'kilogramm', 'kilogramme'],
  g: ['g', 'gr', 'grm', 'gram', 'grams', 'gramm', 'gramme', 'grammes'],
  mg: ['mg', 'mgm', 'milligram', 'milligrams'],
  t: ['t', 'tne', 'tonne', 'tonnes', 'metric ton'],
  lb: ['lb', 'lbs', 'lbr', 'pound', 'pounds'],
  oz: ['oz', 'onz', 'ounce', 'ounces'],
  l: ['l', 'ltr', 'lt', 'litre', 'litres', 'liter', 'liters'],
  ml: ['ml', 'mlt', 'millilitre', 'millilitres', 'milliliter', 'milliliters'],
  gal: ['gal', 'gll', 'gallon', 'gallons', 'gal (us)'],
  m: ['m', 'mtr', 'meter', 'meters', 'metre', 'metres'],
  cm: ['cm', 'cmt', 'centimeter', 'centimeters', 'centimetre', 'centimetres'],
  mm: ['mm', 'mmt', 'millimeter', 'millimeters', 'millimetre', 'millimetres'],
  km: ['km', 'kmt', 'kilometer', 'kilometre'],
  in: ['in', 'inch', 'inches', 'inh'],
  ft: ['ft', 'foot', 'feet', 'fot'],
  m2: ['m2', 'm²', 'mtk', 'sqm', 'square meter', 'square metre'],
  m3: ['m3', 'm³', 'mtq', 'cbm', 'cubic meter', 'cubic metre'],
  h: ['h', 'hr', 'hrs', 'hour', 'hours', 'hur'],
};

// Only containers hold a count of something else: "kg of 12" is not a unit.
const PACKAGING = new Set<string>(['set', 'case', 'carton', 'box', 'pack', 'pallet', 'bag', 'roll', 'drum', 'bottle', 'can']);

const BY_ALIAS: ReadonlyMap<string, UnitCode> = new Map(
  (Object.entries(ALIASES) as [UnitCode, readonly string[]][]).flatMap(([code, names]) => names.map((n) => [n, code] as const)),
);

const NUM = String.raw`(\d+(?:[.,]\d+)?)`;
const WORD = String.raw`([^\d()/]*?)`;
// "Case of 12", "Case 12", "CS12", "Case x 12", "Case/12", "Pallet of 40 cases"
const TRAILING_COUNT_RE = new RegExp(String.raw`^${WORD}\s*(?:\bof\b|\bde\b|\bà\b|\bzu\b|\bmit\b|[x×/:-])?\s*${NUM}\s*${WORD}$`, 'i');
// "Pallet (40 cs)", "Case (12)", "Case (of 12 pcs)"
const PAREN_COUNT_RE = new RegExp(String.raw`^${WORD}\s*\(\s*(?:of\s+)?${NUM}\s*${WORD}\s*\)$`, 'i');
// "12 per case", "12/case", "40 cs / pallet"
const LEADING_COUNT_RE = new RegExp(String.raw`^${NUM}\s*${WORD}\s*(?:\bper\b|\bpro\b|\bpar\b|/)\s*${WORD}$`, 'i');

/** Normalizes a unit word for lookup: lower case, single spaces, no trailing dot ("Stk." → "stk"). */
export function normalizeUnitWord(text: string): string {
  return text.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
}

/**
 * Maps a unit text to a unit code and, for containers, the count it holds.
 * `aliases` adds a site's own names ({ "BT": "bottle", "Eimer": "pail" }); they may carry counts too.
 */
export function parseUnitText(text: string, aliases: Readonly<Record<string, string>> = {}): UnitText | undefined {
  const custom = new Map(Object.entries(aliases).map(([k, v]) => [normalizeUnitWord(k), v]));
  const lookup = (word: string): string | undefined => {
    const w = normalizeUnitWord(word);
    return custom.get(w) ?? BY_ALIAS.get(w);
  };
  const mayHoldCount = (unit: string): boolean => PACKAGING.has(unit) || [...custom.values()].includes(unit);

  const word = normalizeUnitWord(text);
  if (word === '') return undefined;
  const exact = lookup(word);
  if (exact === 'dozen') return { unit: 'dozen', factor: '12', factorUnit: 'each' };
  if (exact) return { unit: exact };

  const withCount = (unitWord: string, countText: string, countUnitWord: string): UnitText | undefined => {
    const unit = lookup(unitWord);
    if (!unit || !mayHoldCount(unit)) return undefined;
    const factor = countText.replace(',', '.').replace(/^0+(?=\d)/, '');
    if (/^[0.]*$/.test(factor)) return undefined;
    if (countUnitWord.trim() === '') return { unit, factor };
    const factorUnit = lookup(countUnitWord);
    if (!factorUnit || factorUnit === unit) return undefined;
    return { unit, factor, factorUnit };
  };

  let m = PAREN_COUNT_RE.exec(word);
  if (m) return withCount(m[1] ?? '', m[2] ?? '', m[3] ?? '');
  m = LEADING_COUNT_RE.exec(word);
  if (m) return withCount(m[3] ?? '', m[1] ?? '', m[2] ?? '');
  m = TRAILING_COUNT_RE.exec(word);
  if (m) return withCount(m[1] ?? '', m[2] ?? '', m[3] ?? '');
  return undefined;
}
