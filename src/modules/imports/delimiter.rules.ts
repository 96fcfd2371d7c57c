// Picks the CSV delimiter from the header line and the first rows. Each candidate is tried
// with csv-parse itself, so quoted values that hold delimiters or line breaks do not mislead.

import { parse } from 'csv-parse/sync';
import type { CsvDelimiter } from './imports.types.js';

export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];
const SAMPLE_LINES = 20;

function sampleRecords(sample: string, delimiter: CsvDelimiter): string[][] {
  // The sample may end inside a quoted value; read fewer lines until it parses.
  for (let lines = SAMPLE_LINES; lines >= 1; lines = Math.floor(lines / 2)) {
    try {
      const records = parse(sample, { delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, to_line: lines }) as string[][];
      return records.filter((r) => r.some((c) => c.trim() !== ''));
    } catch {
      // try a shorter sample
    }
  }
  return [];
}

/**
 * Scores each delimiter by how consistently the rows split into as many values as the header;
 * a header that does not split at all scores zero. Ties go to the comma.
 */
export function detectDelimiter(sample: string): CsvDelimiter {
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  for (const delimiter of CSV_DELIMITERS) {
    const records = sampleRecords(sample, delimiter);
    const width = records[0]?.length ?? 0;
    if (width < 2) continue;
    const rows = records.slice(1);
    const consistent = rows.length === 0 ? 1 : rows.filter((r) => r.length === width).length / rows.length;
    const score = consistent * 1000 + width;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}
