// The GS1 element-string parser of the counting screen (web/src/shared/gs1/gs1.ts), plain TS under Node.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkDigitOk, classifyScan, GS, gs1Date, Gs1Error, impliedDecimal, normalizeGtin, parseGs1 } from '../../web/src/shared/gs1/gs1.js';

const TODAY = new Date('2026-11-22T10:00:00Z');
const GTIN = '09506000134352';
const CASE_GTIN = '19506000134359';

describe('GS1 element strings', () => {
  it('reads the parenthesised human-readable form', () => {
    const d = parseGs1(`(01)${GTIN}(10)L-42(17)270331(21)SN0007(30)38`, { today: TODAY });
    assert.equal(d.gtin, GTIN);
    assert.equal(d.lot, 'L-42');
    assert.equal(d.expiry, '2027-03-31');
    assert.equal(d.serial, 'SN0007');
    assert.equal(d.count, '38');
    assert.deepEqual(d.elements.map((e) => e.ai), ['01', '10', '17', '21', '30']);
  });

  it('reads the raw form: fixed-length AIs need no separator, variable ones end at GS or at the end', () => {
    const d = parseGs1(`01${GTIN}17270331` + `10ABC123${GS}` + `3038`, { today: TODAY });
    assert.deepEqual({ gtin: d.gtin, expiry: d.expiry, lot: d.lot, count: d.count }, { gtin: GTIN, expiry: '2027-03-31', lot: 'ABC123', count: '38' });
    // the lot last: no GS needed
    const e = parseGs1(`01${GTIN}3012${GS}10LOT/7`);
    assert.equal(e.count, '12');
    assert.equal(e.lot, 'LOT/7');
  });

  it('strips the symbology identifier, a leading FNC1 and the scanner\'s CR/LF; takes ␝ and configured characters for GS', () => {
    assert.equal(parseGs1(`]C101${GTIN}10L1${GS}3005\r\n`).count, '5');
    assert.equal(parseGs1(`]d2${GS}01${GTIN}21S-1`).serial, 'S-1');
    assert.equal(parseGs1(`]Q301${GTIN}10L1\u241d3007`).count, '7');
    assert.equal(parseGs1(`01${GTIN}10L1~3009`, { separators: ['~'] }).count, '9');
  });

  it('net weight 310n in kg with n decimals, and counts without leading zeros', () => {
    assert.equal(parseGs1(`01${GTIN}3103001250`).netWeightKg, '1.25');
    assert.equal(parseGs1(`01${GTIN}3100000042`).netWeightKg, '42');
    assert.equal(parseGs1(`01${GTIN}3105123456`).netWeightKg, '1.23456');
    assert.equal(parseGs1(`(01)${GTIN}(37)00000120`).count, '120');
    assert.equal(impliedDecimal('000000', 3), '0');
    assert.equal(impliedDecimal('100500', 2), '1005');
  });

  it('a logistic unit: SSCC (00), content GTIN (02) and count (37)', () => {
    const d = parseGs1(`00006141411234567890` + `02${CASE_GTIN}` + `3724`);
    assert.equal(d.sscc, '006141411234567890');
    assert.equal(d.contentGtin, CASE_GTIN);
    assert.equal(d.count, '24');
    const s = classifyScan(`]C10000614141123456789002${CASE_GTIN}3724`);
    assert.equal(s.kind, 'gs1');
    assert.equal(s.kind === 'gs1' && s.data.gtin, CASE_GTIN, 'the content GTIN names the item when no (01) is there');
  });

  it('dates: GS1 century window, day 00 = end of month, impossible dates refused', () => {
    assert.equal(gs1Date('270331', TODAY), '2027-03-31');
    assert.equal(gs1Date('990101', TODAY), '1999-01-01', '73 years ahead is last century');
    assert.equal(gs1Date('760101', TODAY), '2076-01-01', '50 years ahead is still this century');
    assert.equal(gs1Date('280200', TODAY), '2028-02-29', 'day 00: last day of the month (leap year)');
    assert.equal(gs1Date('270200', TODAY), '2027-02-28');
    assert.throws(() => gs1Date('271301', TODAY), Gs1Error);
    assert.throws(() => gs1Date('270230', TODAY), /no day 30/);
    assert.equal(gs1Date('100101', new Date('2099-06-01T00:00:00Z')), '2110-01-01', 'near a century\'s end, small years are next century');
    assert.equal(gs1Date('510101', new Date('2099-06-01T00:00:00Z')), '2051-01-01', 'but 48 years back is still this century');
  });

  it('refuses what is not a well-formed element string, saying why', () => {
    assert.throws(() => parseGs1(`01${GTIN.slice(0, 13)}9`), /check digit/);
    assert.throws(() => parseGs1(`01${GTIN}99`), /\(99\) is empty|needs|empty/);
    assert.throws(() => parseGs1(`01${GTIN}7777ABC`), /unknown application identifier/);
    assert.throws(() => parseGs1(`01${GTIN.slice(0, 10)}`), /needs 14/);
    assert.throws(() => parseGs1(`(01)${GTIN}(10)${'X'.repeat(21)}`), /at most 20/);
    assert.throws(() => parseGs1(`(01)${GTIN}(30)12a`), /digits only/);
    assert.throws(() => parseGs1(`(01)${GTIN}(10)L#1`), /character GS1 does not allow/);
    assert.throws(() => parseGs1(`(01)${GTIN}(10)A(10)B`), /twice/);
    assert.throws(() => parseGs1(`(01)${GTIN}(1x)2`), /expected "\(AI\)"/);
    assert.throws(() => parseGs1(''), /empty/);
  });

  it('keeps AIs it does not interpret (HRI form) and the other predefined ones (raw form)', () => {
    const d = parseGs1(`(01)${GTIN}(7240)ABC(10)L1`);
    assert.deepEqual(d.elements, [{ ai: '01', value: GTIN }, { ai: '7240', value: 'ABC' }, { ai: '10', value: 'L1' }]);
    const r = parseGs1(`01${GTIN}15271231400PO-77${GS}10L1`, { today: TODAY });
    assert.equal(r.bestBefore, '2027-12-31');
    assert.deepEqual(r.elements.map((e) => e.ai), ['01', '15', '400', '10']);
  });
});

describe('product codes and scan classification', () => {
  it('check digits and GTIN normalisation', () => {
    assert.ok(checkDigitOk(GTIN));
    assert.ok(checkDigitOk('12345670'), 'EAN-8');
    assert.ok(checkDigitOk('123456789012'), 'UPC-A');
    assert.ok(!checkDigitOk('123456789013'));
    assert.equal(normalizeGtin('9506000134352'), GTIN, 'EAN-13 → GTIN-14');
    assert.equal(normalizeGtin('12345670'), '00000012345670');
    assert.equal(normalizeGtin('9506000134353'), null, 'wrong check digit');
    assert.equal(normalizeGtin('95060001343'), null, '11 digits is no GTIN');
  });

  it('classifies a scan: GS1, plain GTIN, text, or invalid GS1', () => {
    assert.deepEqual(classifyScan('9506000134352'), { kind: 'gtin', gtin: GTIN, raw: '9506000134352' });
    assert.equal(classifyScan(`]E09506000134352`).kind, 'gtin');
    const g = classifyScan(`]C101${GTIN}10L1${GS}3038\r`);
    assert.equal(g.kind, 'gs1');
    assert.equal(g.kind === 'gs1' && g.data.count, '38');
    assert.equal(classifyScan(`01${GTIN}10L1`).kind, 'gs1', 'raw form without symbology identifier');
    assert.deepEqual(classifyScan('P1-A-01'), { kind: 'text', text: 'P1-A-01', raw: 'P1-A-01' }, 'a bin label');
    assert.equal(classifyScan('BOLT-M8').kind, 'text');
    assert.equal(classifyScan('0123').kind, 'text', 'short digits are text (an internal code)');
    const bad = classifyScan(`(01)${GTIN}(17)271341`);
    assert.equal(bad.kind, 'invalid');
    assert.match(bad.kind === 'invalid' ? bad.error : '', /month|day/);
    assert.equal(classifyScan(`]d2${GS}017777`).kind, 'invalid', 'a GS1 DataMatrix that does not parse');
    assert.equal(classifyScan('   ').kind, 'invalid');
    // text that merely starts like (01) with a right check digit but has junk after it
    assert.equal(classifyScan(`01${GTIN}ZZ`).kind, 'text');
  });
});

describe('what a scan means on the task screen', async () => {
  const { matchScan } = await import('../../web/src/modules/counting-mobile/match.js');
  type Line = Parameters<typeof matchScan>[1]['lines'][number];
  const line = (over: Partial<Line>): Line => ({
    lineId: 1, kind: 'adhoc', status: 'assigned', reasons: [], sku: 'GIZMO', description: 'Gizmo', uom: 'each', units: [{ uom: 'case', factor: '10' }], location: 'A-01', walkSeq: 10,
    lot: null, lotTracked: true, serialTracked: false, lastReceipt: null, lastShipment: null, countedQty: null, observations: 0, unexpected: false, ...over,
  });
  const items = {
    GIZMO: { sku: 'GIZMO', description: 'Gizmo', baseUom: 'each', gtin: '9506000134352', internalBarcode: 'INT-77', lotTracked: true, serialTracked: false, units: [{ uom: 'case', factor: '10', gtin: CASE_GTIN }] },
    PUMP: { sku: 'PUMP', description: 'Pump', baseUom: 'each', gtin: '12345670', internalBarcode: null, lotTracked: false, serialTracked: true, units: [] },
    RESIN: { sku: 'RESIN', description: 'Resin', baseUom: 'kg', gtin: '123456789012', internalBarcode: null, lotTracked: true, serialTracked: false, units: [] },
  };
  const lines = [
    line({ lineId: 1, lot: 'L-1' }), line({ lineId: 2, lot: 'L-2' }),
    line({ lineId: 3, sku: 'PUMP', location: 'A-02', lotTracked: false, serialTracked: true, units: [] }),
    line({ lineId: 4, sku: 'RESIN', location: 'A-01', uom: 'kg', units: [] }),
  ];
  const ctx = { bin: 'A-01', lines, items };

  it('a GS1 label of a line in this bin opens that line, lot chosen by the label, count and expiry filled', () => {
    const a = matchScan(classifyScan(`]C101${GTIN}17270331` + `10L-2${GS}3038`, { today: TODAY }), ctx);
    assert.equal(a.kind, 'line');
    assert.equal(a.kind === 'line' && a.line.lineId, 2, 'the line with lot L-2');
    assert.deepEqual(a.kind === 'line' && a.prefill, { unit: 'each', qty: '38', lot: 'L-2', lotExpiry: '2027-03-31' });
  });

  it('the case GTIN counts in cases; a lot the list does not expect is said', () => {
    const a = matchScan(classifyScan(`(01)${CASE_GTIN}(10)L-9(30)4`), { ...ctx, lines: [line({ lineId: 1, lot: 'L-1' })] });
    assert.equal(a.kind === 'line' && a.prefill.unit, 'case');
    assert.match(a.kind === 'line' ? (a.hint ?? '') : '', /expects lot L-1; the label says L-9/);
  });

  it('net weight fills a kg item; a serial fills the lot field of a serial-tracked item with 1', () => {
    const w = matchScan(classifyScan(`01${'00123456789012'}3102001250${GS}10R-1`), ctx);
    assert.deepEqual(w.kind === 'line' && w.prefill, { unit: 'kg', qty: '12.5', lot: 'R-1' });
    const s = matchScan(classifyScan(`(01)00000012345670(21)SN-9`), { ...ctx, bin: 'A-02' });
    assert.deepEqual(s.kind === 'line' && s.prefill, { unit: 'each', lot: 'SN-9', qty: '1' });
  });

  it('an item of another bin is unexpected here; an unknown GTIN is looked up; a bin label goes to the bin; SKUs and internal codes are read', () => {
    const other = matchScan(classifyScan('00000012345670'), ctx);
    assert.equal(other.kind, 'unexpected');
    assert.match(other.kind === 'unexpected' ? (other.hint ?? '') : '', /listed in bin A-02|on the list in bin A-02/);
    const unknown = matchScan(classifyScan('4006381333931'), ctx);
    assert.deepEqual(unknown, { kind: 'unknown-gtin', gtin: '04006381333931', prefill: {} });
    assert.deepEqual(matchScan(classifyScan('a-02'), ctx), { kind: 'bin', location: 'A-02' });
    const bySku = matchScan(classifyScan('resin'), ctx);
    assert.equal(bySku.kind === 'line' && bySku.line.lineId, 4);
    const byInternal = matchScan(classifyScan('INT-77'), ctx);
    assert.equal(byInternal.kind, 'line');
    assert.deepEqual(matchScan(classifyScan('XYZ-1'), ctx), { kind: 'unknown', text: 'XYZ-1' });
    assert.equal(matchScan(classifyScan(`(01)${GTIN}(17)271341`), ctx).kind, 'error');
  });
});
