// Finds which column feeds which canonical field: the user's saved mapping first, then a
// preset (chosen by how many header names it knows, unless the caller names one).

import type { ColumnMapping, HeaderMapping, ImportKind, PresetId, RawCell } from './imports.types.js';
import { importErrors } from './imports.errors.js';
import { findPreset, normalizeHeader, PRESETS, type Preset } from './presets.js';
import { ROW_SCHEMAS } from './row-schemas.js';

export interface ResolvedHeader {
  readonly preset: Preset;
  readonly columns: readonly ColumnMapping[];
  /** canonical field → 0-based column index */
  readonly positions: ReadonlyMap<string, number>;
  /** required fields that no column feeds */
  readonly missing: readonly string[];
}

function headerText(cell: RawCell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'boolean') return String(cell);
  return cell.kind === 'decimal' ? cell.text : cell.iso;
}

/** Maps header cells to fields; throws when the saved mapping itself is wrong. */
export function resolveHeader(
  cells: readonly RawCell[],
  kind: ImportKind,
  options: { readonly preset?: PresetId | 'auto'; readonly mapping?: HeaderMapping } = {},
): ResolvedHeader {
  const schema = ROW_SCHEMAS[kind];
  const fieldNames = new Set(schema.fields.map((f) => f.name));
  const headers = cells.map(headerText);

  const saved = new Map<string, string | null>();
  for (const [header, field] of Object.entries(options.mapping ?? {})) {
    if (field !== null && !fieldNames.has(field)) {
      throw importErrors.unknown_field(`the mapping sends "${header}" to ${field}, which ${kind} does not have (fields: ${[...fieldNames].join(', ')})`, { field: 'mapping' });
    }
    saved.set(normalizeHeader(header), field);
  }

  const candidates = PRESETS.filter((p) => p.columnsFor(kind) !== undefined);
  const preset = !options.preset || options.preset === 'auto' ? bestPreset(candidates, headers, kind) : findPreset(options.preset);
  const presetColumns = new Map(Object.entries(preset.columnsFor(kind) ?? {}).map(([h, f]) => [normalizeHeader(h), f]));

  const positions = new Map<string, number>();
  const columns: ColumnMapping[] = headers.map((header, i) => {
    const key = normalizeHeader(header);
    const base = { position: i + 1, header };
    if (key === '') return { ...base, note: 'no header' };
    if (saved.has(key)) {
      const field = saved.get(key);
      if (field === null || field === undefined) return { ...base, note: 'ignored by the mapping' };
      const taken = positions.get(field);
      if (taken !== undefined) {
        throw importErrors.mapping_conflict(`the mapping sends both "${headers[taken]}" and "${header}" to ${field}`, { field: 'mapping' });
      }
      positions.set(field, i);
      return { ...base, field };
    }
    const field = presetColumns.get(key);
    if (field === undefined) return { ...base, note: 'not a known column' };
    // Some exports carry two columns for one field (Odoo: "Quantity" and "On Hand Quantity"): the first wins.
    const taken = positions.get(field);
    if (taken !== undefined) return { ...base, note: `"${headers[taken]}" already feeds ${field}` };
    positions.set(field, i);
    return { ...base, field };
  });
  const missing = schema.fields.filter((f) => f.required && !positions.has(f.name)).map((f) => f.name);
  // A derived SKU (Odoo's "[REF] Name") stands in for a missing SKU column.
  const derivable = preset.derive && positions.has('description') ? ['sku'] : [];
  return { preset, columns, positions, missing: missing.filter((f) => !derivable.includes(f)) };
}

function bestPreset(candidates: readonly Preset[], headers: readonly string[], kind: ImportKind): Preset {
  let best = candidates[0] ?? findPreset('stockroom');
  let bestScore = -1;
  for (const p of candidates) {
    const known = new Set(Object.keys(p.columnsFor(kind) ?? {}).map(normalizeHeader));
    const score = headers.filter((h) => known.has(normalizeHeader(h))).length;
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}
