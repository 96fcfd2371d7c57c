// Opens whatever the caller hands over (path, Buffer, stream) as one stream of byte chunks
// and tells CSV from XLSX: by the file name when there is one, else by the first bytes.

import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { FileFormat, ImportInput } from './imports.types.js';
import { importErrors } from './imports.errors.js';

export interface OpenedInput {
  readonly format: FileFormat;
  /** the bytes, first chunk included */
  readonly chunks: AsyncIterable<Buffer>;
  /** stops reading a file we opened; safe to call twice */
  close(): void;
}

// Slicing an in-memory file keeps every later stage working on bounded chunks.
const SLICE = 64 * 1024;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

export async function openInput(input: ImportInput, format?: FileFormat): Promise<OpenedInput> {
  let close = (): void => {};
  let source: AsyncIterable<Uint8Array>;
  let byName: FileFormat | 'xls' | undefined;
  if (typeof input === 'string') {
    const stream = createReadStream(input, { highWaterMark: SLICE });
    close = () => stream.destroy();
    source = stream;
    byName = formatFromName(input);
  } else if (input instanceof Uint8Array) {
    source = slices(input);
  } else {
    source = input as AsyncIterable<Uint8Array>;
  }
  if (byName === 'xls' && !format) {
    close();
    throw importErrors.unsupported_format('legacy .xls workbooks cannot be read; save the file as .xlsx or CSV', { field: 'file' });
  }

  // Read ahead a few bytes to sniff, then hand them back in front of the rest.
  const it = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let done = false;
  while (headLength < 8) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = toBuffer(next.value);
    head.push(chunk);
    headLength += chunk.length;
  }
  const first = Buffer.concat(head);
  const sniffed = startsWith(first, ZIP_MAGIC) ? 'xlsx' : startsWith(first, OLE_MAGIC) ? 'xls' : 'csv';
  const chosen = format ?? (byName as FileFormat | undefined) ?? sniffed;
  if (chosen === 'xls' || (sniffed === 'xls' && !format)) {
    close();
    throw importErrors.unsupported_format('this is a legacy .xls workbook; save it as .xlsx or CSV', { field: 'file' });
  }

  async function* chunks(): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    if (done) return;
    for (let next = await it.next(); !next.done; next = await it.next()) yield toBuffer(next.value);
  }
  return { format: chosen, chunks: chunks(), close };
}

function formatFromName(path: string): FileFormat | 'xls' | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.xls') return 'xls';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  return undefined;
}

async function* slices(bytes: Uint8Array): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += SLICE) yield toBuffer(bytes.subarray(i, i + SLICE));
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function startsWith(bytes: Buffer, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}
