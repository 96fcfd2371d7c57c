import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateFromExcelSerial, parseDateText, type DateOrder } from './date-text.rules.js';
import { parseBooleanText } from './boolean-text.rules.js';

test('parseDateText reads ISO and the locale orders', () => {
  const cases: [text: string, order: DateOrder | 'auto', iso: string | undefined][] = [
    ['2024-05-31', 'auto', '2024-05-31'],
    ['2024-5-3', 'mdy', '2024-05-03'],
    ['2024-05-31T00:00:00', 'auto', '2024-05-31'],
    ['2024-05-31 00:00:00', 'dmy', '2024-05-31'],
    ['2024/05/31', 'auto', '2024-05-31'],
    ['31.05.2024', 'auto', '2024-05-31'],
    ['31.05.2024', 'mdy', '2024-05-31'],
    ['31.05.2024 00:00', 'dmy', '2024-05-31'],
    ['05/31/2024', 'mdy', '2024-05-31'],
    ['05/06/2024', 'mdy', '2024-05-06'],
    ['05/06/2024', 'dmy', '2024-06-05'],
    ['31/05/2024', 'auto', '2024-05-31'],
    ['05/31/2024', 'auto', '2024-05-31'],
    ['07/07/2024', 'auto', '2024-07-07'],
    ['05/06/2024', 'auto', undefined],
    ['31/05/2024', 'mdy', undefined],
    ['30.02.2024', 'dmy', undefined],
    ['2023-02-29', 'auto', undefined],
    ['2024-02-29', 'auto', '2024-02-29'],
    ['31.05.24', 'dmy', undefined],
    ['soon', 'auto', undefined],
  ];
  for (const [text, order, iso] of cases) {
    const r = parseDateText(text, order);
    if (iso) assert.deepEqual(r, { ok: true, value: iso }, `${text} ${order}`);
    else assert.equal(r.ok, false, `${text} ${order}`);
  }
});

test('dateFromExcelSerial follows the 1900 date system', () => {
  assert.equal(dateFromExcelSerial(45443), '2024-05-31');
  assert.equal(dateFromExcelSerial(61), '1900-03-01');
  assert.equal(dateFromExcelSerial(12), undefined);
});

test('parseBooleanText reads yes/no words in en, de and fr', () => {
  const cases: [string, boolean | undefined][] = [
    ['yes', true], ['Y', true], ['TRUE', true], ['1', true], ['x', true], ['ja', true], ['oui', true],
    ['no', false], ['N', false], ['false', false], ['0', false], ['nein', false], ['non', false],
    ['maybe', undefined], ['2', undefined],
  ];
  for (const [text, value] of cases) assert.equal(parseBooleanText(text), value, text);
});
