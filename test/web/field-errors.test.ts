// The API's field errors land beside the form field they name, or in the alert when no field shows them.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shortReason, splitFieldErrors, toFormPath } from '../../web/src/shared/forms/field-errors.js';

describe('field errors from problem details', () => {
  it('turns "lines/0/qty" into the form path "lines.0.qty"', () => {
    assert.equal(toFormPath('lines/0/qty'), 'lines.0.qty');
    assert.equal(toFormPath('/reasonCode'), 'reasonCode');
  });
  it('drops the field name the server repeats at the start of the reason', () => {
    assert.equal(shortReason('lines/0/qty', 'lines/0/qty must be greater than zero'), 'Must be greater than zero');
    assert.equal(shortReason('lines/0/unit', 'lines/0/unit: "box" is not a unit of BOLT (known: each, case)'), '"box" is not a unit of BOLT (known: each, case)');
    assert.equal(shortReason('lines/0/qty', 'must match pattern'), 'Must match pattern');
  });
  it('splits errors between fields the form shows and the rest', () => {
    const shown = new Set(['lines.0.qty', 'lines.0.to']);
    const r = splitFieldErrors(
      [
        { field: 'lines/0/qty', reason: 'lines/0/qty must be greater than zero' },
        { field: 'lines/0/from', reason: 'lines/0/from: name exactly one of from or to' },
        { field: 'lines/0/qty', reason: 'a second reason for the same field' },
      ],
      (p) => shown.has(p),
    );
    assert.deepEqual(r.fields, { 'lines.0.qty': 'Must be greater than zero' });
    assert.deepEqual(r.other, ['lines/0/from: name exactly one of from or to', 'lines/0/qty: a second reason for the same field']);
  });
});
