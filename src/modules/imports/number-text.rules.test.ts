import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimalFromSpreadsheetNumber, parseNumberText, parseNumberTextAuto, readNumberText, shiftDecimalLeft, type DecimalMark } from './number-text.rules.js';

test('parseNumberText reads each locale into a plain decimal string', () => {
  const cases: [text: string, mark: DecimalMark, value: string, negative: boolean][] = [
    ['1,234.5', '.', '1234.5', false],
    ['1.234,50', ',', '1234.50', false],
    ['1 234,5', ',', '1234.5', false],
    ['1\u00a0234,5', ',', '1234.5', false],
    ['1\u202f234\u202f567,125', ',', '1234567.125', false],
    ["1'234.50", '.', '1234.50', false],
    ['0,001', ',', '0.001', false],
    ['007', '.', '7', false],
    ['.5', '.', '0.5', false],
    ['12', ',', '12', false],
    ['-12.5', '.', '-12.5', true],
    ['\u22123', '.', '-3', true],
    ['+3', '.', '3', false],
    ['(12)', '.', '-12', true],
    ['(1.234,5)', ',', '-1234.5', true],
    ['12-', '.', '-12', true],
    ['1.234,50-', ',', '-1234.50', true],
    ['-0', '.', '0', false],
    ['€ 12,50', ',', '12.50', false],
    ['12.50 $', '.', '12.50', false],
    ['  42  ', '.', '42', false],
  ];
  for (const [text, mark, value, negative] of cases) {
    assert.deepEqual(parseNumberText(text, mark), { ok: true, value, negative }, `${text} with ${mark}`);
  }
});

test('parseNumberText refuses what it cannot read exactly', () => {
  const cases: [text: string, mark: DecimalMark, reason: RegExp][] = [
    ['', '.', /empty/],
    ['abc', '.', /not a number/],
    ['1.2.3', '.', /more than one decimal mark/],
    ['1,23.5', '.', /thousands separators/],
    ['12,5', '.', /thousands separators/],
    ['1.5', ',', /thousands separators/],
    ['0,500', '.', /thousands separators/],
    ['1,234.5', ',', /separators after the decimal mark/],
    ['1.23E+15', '.', /scientific notation/],
    ['--1', '.', /not a number/],
    ['1 234.5,0', ',', /thousands separators/],
  ];
  for (const [text, mark, reason] of cases) {
    const r = parseNumberText(text, mark);
    assert.equal(r.ok, false, `${text} with ${mark}`);
    if (!r.ok) assert.match(r.reason, reason, text);
  }
});

test('readNumberText tells evidence from ambiguity', () => {
  const cases: [text: string, kind: string, detail?: string][] = [
    ['12', 'same'],
    ['1 234', 'same'],
    ['12,5', 'only', ','],
    ['1.234,5', 'only', ','],
    ['1.5', 'only', '.'],
    ['1,234.5', 'only', '.'],
    ['1,234,567', 'only', '.'],
    ['1.234.567', 'only', ','],
    ['1,234', 'ambiguous'],
    ['1.500', 'ambiguous'],
  ];
  for (const [text, kind, mark] of cases) {
    const r = readNumberText(text);
    assert.equal(r.kind, kind, text);
    if (r.kind === 'only') assert.equal(r.mark, mark, text);
  }
});

test('parseNumberTextAuto refuses an ambiguous number until the file has shown its mark', () => {
  const open = parseNumberTextAuto('1,234', undefined);
  assert.equal(open.ok, false);
  if (!open.ok) assert.match(open.reason, /ambiguous.*1234.*1\.234/);
  assert.deepEqual(parseNumberTextAuto('1,234', '.'), { ok: true, value: '1234', negative: false });
  assert.deepEqual(parseNumberTextAuto('1,234', ','), { ok: true, value: '1.234', negative: false });
  const wrongMark = parseNumberTextAuto('12,5', '.');
  assert.equal(wrongMark.ok, false);
  if (!wrongMark.ok) assert.match(wrongMark.reason, /decimal mark ','.*locale/);
});

test('decimalFromSpreadsheetNumber keeps the 15 digits Excel shows, without exponents', () => {
  const cases: [number, string][] = [
    [12, '12'],
    [12.5, '12.5'],
    [0.1 + 0.2, '0.3'],
    [-0.000123, '-0.000123'],
    [1e-7, '0.0000001'],
    [1e21, '1000000000000000000000'],
    [4006381333931, '4006381333931'],
    [1234.5678, '1234.5678'],
  ];
  for (const [n, text] of cases) assert.equal(decimalFromSpreadsheetNumber(n), text, String(n));
  assert.equal(decimalFromSpreadsheetNumber(Number.NaN), undefined);
});

test('shiftDecimalLeft turns percentages into fractions exactly', () => {
  const cases: [string, number, string][] = [
    ['5', 2, '0.05'],
    ['12.5', 2, '0.125'],
    ['100', 2, '1.00'],
    ['-3', 2, '-0.03'],
  ];
  for (const [v, places, out] of cases) assert.equal(shiftDecimalLeft(v, places), out);
});
