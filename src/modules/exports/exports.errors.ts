import { defineErrors } from '../../kernel/error-registry.js';

export const exportErrors = defineErrors('export', {
  unknown_kind: { kind: 'invalid', when: 'the export kind is not one of items, units, locations, lots, suppliers, boms, on_hand, movements, counts' },
  unknown_format: { kind: 'invalid', when: 'the export format is not csv or xlsx' },
  not_available: { kind: 'not_found', when: 'the export needs a part of the system this database does not have yet (count results need the counting tables)' },
});
