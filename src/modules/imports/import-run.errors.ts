// Failures of an import run as a whole, under the parsing layer's `import.` prefix (its file-level codes
// are in imports.errors.ts). Problems of single rows are rejections in the run's report, not errors.

import { defineErrors } from '../../kernel/error-registry.js';

export const importRunErrors = defineErrors('import', {
  rows_rejected: { kind: 'invalid', when: 'an import in mode "all" found rejected rows, so nothing was loaded; the answer lists every rejected row with its column and reason' },
  invalid_option: { kind: 'invalid', when: 'an import option (mode, batch size, preset, locale, mapping) is not one the import knows' },
  run_not_found: { kind: 'not_found', when: 'the import run to resume or show does not exist' },
  resume_mismatch: { kind: 'conflict', when: 'a run can only be resumed with the same kind and the same file (same SHA-256) in mode "batches", and not once it has completed' },
  mapping_not_found: { kind: 'not_found', when: 'the saved header mapping named by the import does not exist for this kind' },
  empty_file: { kind: 'invalid', when: 'the request carries no file: send the CSV or XLSX bytes as the request body' },
  immutable_field: { kind: 'invalid', when: 'a row would change what an import cannot change: the type or parent of a location, or the base unit of an item with stock' },
  already_loaded: { kind: 'conflict', when: 'an opening balance for this item, bin and lot was already loaded with another quantity; correct it with an adjustment or a count' },
  bom_incomplete: { kind: 'invalid', when: 'another row of the same BOM was refused, so the BOM is not loaded' },
  ambiguous_bom: { kind: 'invalid', when: 'the parent item has several active BOMs and the file does not say which one it updates' },
});
