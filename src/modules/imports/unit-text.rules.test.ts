import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUnitText, type UnitText } from './unit-text.rules.js';

test('parseUnitText maps the unit texts of ERP and WMS exports', () => {
  const cases: [string, UnitText | undefined][] = [
    ['Case of 12', { unit: 'case', factor: '12' }],
    ['case of 12', { unit: 'case', factor: '12' }],
    ['Pallet (40 cs)', { unit: 'pallet', factor: '40', factorUnit: 'case' }],
    ['Pallet of 40 cases', { unit: 'pallet', factor: '40', factorUnit: 'case' }],
    ['40 cs / pallet', { unit: 'pallet', factor: '40', factorUnit: 'case' }],
    ['12 per case', { unit: 'case', factor: '12' }],
    ['Case (12 pcs)', { unit: 'case', factor: '12', factorUnit: 'each' }],
    ['CS12', { unit: 'case', factor: '12' }],
    ['Box x 10', { unit: 'box', factor: '10' }],
    ['Bag (25 kg)', { unit: 'bag', factor: '25', factorUnit: 'kg' }],
    ['Bag 0,5 kg', { unit: 'bag', factor: '0.5', factorUnit: 'kg' }],
    ['EA', { unit: 'each' }],
    ['each', { unit: 'each' }],
    ['pcs', { unit: 'each' }],
    ['Units', { unit: 'each' }],
    ['Stk', { unit: 'each' }],
    ['Stk.', { unit: 'each' }],
    ['Nos', { unit: 'each' }],
    ['C62', { unit: 'each' }],
    ['H87', { unit: 'each' }],
    ['kg', { unit: 'kg' }],
    ['KGM', { unit: 'kg' }],
    ['g', { unit: 'g' }],
    ['GRM', { unit: 'g' }],
    ['Litre', { unit: 'l' }],
    ['MTR', { unit: 'm' }],
    ['m²', { unit: 'm2' }],
    ['M3', { unit: 'm3' }],
    ['Dozens', { unit: 'dozen', factor: '12', factorUnit: 'each' }],
    ['', undefined],
    ['Fass of', undefined],
    ['kg of 12', undefined],
    ['Case of 0', undefined],
    ['Pallet (40 widgets)', undefined],
    ['Gebinde', undefined],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseUnitText(text), expected, text);
});

test('parseUnitText learns a site’s own unit names from aliases', () => {
  const aliases = { Eimer: 'pail', BT: 'bottle' };
  assert.deepEqual(parseUnitText('Eimer', aliases), { unit: 'pail' });
  assert.deepEqual(parseUnitText('Eimer (10 l)', aliases), { unit: 'pail', factor: '10', factorUnit: 'l' });
  assert.deepEqual(parseUnitText('bt', aliases), { unit: 'bottle' });
  assert.equal(parseUnitText('Eimer'), undefined);
});
