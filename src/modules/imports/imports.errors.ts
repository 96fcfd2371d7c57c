// File-level failures: the file as a whole cannot be read or mapped. Problems of single
// rows are not errors but 'rejected' events (see RowProblemCode in imports.types.ts).

import { defineErrors } from '../../kernel/error-registry.js';

export const importErrors = defineErrors('import', {
  unsupported_format: { kind: 'invalid', when: 'the file is neither CSV nor XLSX (legacy .xls must be saved as .xlsx or CSV first)' },
  unreadable_file: { kind: 'invalid', when: 'the file is damaged or its quoting never closes, so no further rows can be read' },
  mixed_encoding: { kind: 'invalid', when: 'a CSV file read as UTF-8 holds bytes that are not UTF-8 further down; set the encoding option' },
  no_header: { kind: 'invalid', when: 'the file or sheet has no header row' },
  missing_columns: { kind: 'invalid', when: 'the header names no column for a required field; extend the mapping' },
  unknown_field: { kind: 'invalid', when: 'the saved mapping names a field this kind of import does not have' },
  mapping_conflict: { kind: 'invalid', when: 'the saved mapping sends two columns to the same field' },
  sheet_not_found: { kind: 'not_found', when: 'the workbook has no sheet with the requested name or position' },
});
