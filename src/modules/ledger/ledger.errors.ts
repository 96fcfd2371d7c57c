import { defineErrors } from '../../kernel/error-registry.js';

export const ledgerErrors = defineErrors('ledger', {
  insufficient_stock: { kind: 'conflict', when: 'a line would take a bin below zero and the site does not allow negative stock' },
  non_positive_qty: { kind: 'invalid', when: 'a line quantity is zero or negative; direction comes from the movement type and from/to, never from a sign' },
  same_location: { kind: 'invalid', when: 'a line moves stock from a location to the same location' },
  location_required: { kind: 'invalid', when: 'the movement type needs a from or to location on the line and none was given' },
  location_not_allowed: { kind: 'invalid', when: 'the line names a from or to location that this movement type sets itself (for example from on a receipt)' },
  wrong_location_kind: { kind: 'invalid', when: 'a movement type that moves physical stock names a virtual location, or the reverse' },
  reason_required: { kind: 'invalid', when: 'adjustments need a reason code' },
  count_line_required: { kind: 'invalid', when: 'a count correction must point at the count line it corrects' },
  empty_movement: { kind: 'invalid', when: 'a movement has no lines' },
  too_many_lines: { kind: 'invalid', when: 'a movement has more lines than one posting accepts' },
  movement_not_found: { kind: 'not_found', when: 'the movement does not exist' },
  already_reversed: { kind: 'conflict', when: 'the movement was reversed already; a movement is reversed at most once' },
  cannot_reverse_reversal: { kind: 'conflict', when: 'a reversing movement cannot itself be reversed; post a new movement instead' },
  bad_position: { kind: 'invalid', when: 'an as-of ledger position or time is not valid' },
  serial_on_hand: { kind: 'conflict', when: 'a serial number would be on hand in two places, or twice in one' },
  unsupported_type: { kind: 'invalid', when: 'the movement type cannot be posted through this route' },
});
