// CSV as a stream of rows: decode the bytes, pick the delimiter from a sample, then let
// csv-parse do the quoting. Rows are numbered as a spreadsheet shows them, so blank lines
// count and a quoted value spanning three lines is still one row.

import { pipeline, Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import type { CsvDelimiter, SourceRow, TextEncoding } from './imports.types.js';
import { importErrors } from './imports.errors.js';
import { decodeText, type DecodingState } from './text-decoder.js';
import { detectDelimiter } from './delimiter.rules.js';

export interface CsvTable {
  readonly delimiter: CsvDelimiter;
  /** the encoding as decided so far (a file that is ASCII up to here reads as UTF-8) */
  encoding(): TextEncoding;
  readonly rows: AsyncIterable<SourceRow>;
}

export interface CsvOptions {
  readonly encoding?: TextEncoding | 'auto';
  readonly delimiter?: CsvDelimiter | 'auto';
}

const SAMPLE_BYTES = 64 * 1024;
const SAMPLE_LINES = 21;
// A quote that never closes would otherwise swallow the rest of the file into one value.
const MAX_RECORD_CHARS = 1_000_000;

export async function openCsv(chunks: AsyncIterable<Buffer>, options: CsvOptions = {}): Promise<CsvTable> {
  const state: DecodingState = { encoding: undefined };
  const text = decodeText(chunks, options.encoding ?? 'auto', state);

  // Read just enough text to judge the delimiter; it is replayed in front of the rest.
  const sample: string[] = [];
  let sampleLength = 0;
  let newlines = 0;
  while (sampleLength < SAMPLE_BYTES && newlines < SAMPLE_LINES) {
    const next = await text.next();
    if (next.done) break;
    sample.push(next.value);
    sampleLength += next.value.length;
    newlines += next.value.split('\n').length - 1;
  }
  const delimiter = !options.delimiter || options.delimiter === 'auto' ? detectDelimiter(sample.join('')) : options.delimiter;

  async function* replay(): AsyncGenerator<string> {
    yield* sample;
    yield* text;
  }

  async function* rows(): AsyncGenerator<SourceRow> {
    const parser = parse({
      delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
      max_record_size: MAX_RECORD_CHARS,
    });
    const records = pipeline(Readable.from(replay()), parser, () => {});
    let rowNumber = 0;
    try {
      for await (const record of records as AsyncIterable<string[]>) {
        rowNumber++;
        yield { rowNumber, cells: record.map((c) => c.trim()) };
      }
    } catch (e) {
      if (e instanceof CsvError) {
        throw importErrors.unreadable_file(`the CSV cannot be read after row ${rowNumber}: ${e.message}`, { field: 'file', extra: { rowNumber, csvCode: e.code } });
      }
      throw e;
    }
  }

  return { delimiter, encoding: () => state.encoding ?? 'utf-8', rows: rows() };
}
