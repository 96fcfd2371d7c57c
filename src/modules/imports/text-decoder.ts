// Bytes to text for CSV. Auto mode: a BOM decides; otherwise the file is UTF-8 if it is
// valid UTF-8, else Windows-1252. Streaming, the decision falls at the first non-ASCII
// bytes (ASCII reads the same in both); a file that starts as valid UTF-8 and later holds
// non-UTF-8 bytes is refused rather than half decoded wrongly.

import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { TextEncoding } from './imports.types.js';
import { importErrors } from './imports.errors.js';

/** What the decoder has settled on so far; undefined while the text was pure ASCII. */
export interface DecodingState {
  encoding: TextEncoding | undefined;
}

interface ChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
}

function decoderFor(encoding: TextEncoding, stripBom: boolean): ChunkDecoder {
  if (encoding === 'utf-8') {
    const d = new TextDecoder('utf-8', { fatal: true, ignoreBOM: !stripBom });
    return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
  }
  const d = iconv.getDecoder(encoding, { stripBOM: stripBom });
  return { write: (b) => d.write(b), end: () => d.end() ?? '' };
}

function bomEncoding(head: Buffer): TextEncoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Bytes of an unfinished UTF-8 sequence at the end of a chunk, which the next chunk completes. */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

export async function* decodeText(chunks: AsyncIterable<Buffer>, requested: TextEncoding | 'auto', state: DecodingState): AsyncGenerator<string> {
  let decoder: ChunkDecoder | undefined;
  let pending: Buffer = Buffer.alloc(0);
  let offset = 0;
  let first = true;

  const write = (bytes: Buffer): string => {
    try {
      return decoder!.write(bytes);
    } catch {
      throw importErrors.mixed_encoding(`the file reads as UTF-8 at first, but bytes near byte ${offset} are not UTF-8; set the encoding option (e.g. windows-1252)`, { field: 'encoding' });
    }
  };

  for await (const raw of chunks) {
    let chunk: Buffer = pending.length > 0 ? Buffer.concat([pending, raw]) : raw;
    pending = Buffer.alloc(0);
    if (first) {
      first = false;
      const bom = bomEncoding(chunk);
      if (requested !== 'auto') {
        state.encoding = requested;
        decoder = decoderFor(requested, true);
      } else if (bom) {
        state.encoding = bom;
        decoder = decoderFor(bom, true);
      }
    }
    if (decoder) {
      yield write(chunk);
      offset += chunk.length;
      continue;
    }
    const i = chunk.findIndex((b) => b >= 0x80);
    if (i === -1) {
      yield chunk.toString('latin1');
      offset += chunk.length;
      continue;
    }
    if (i > 0) yield chunk.toString('latin1', 0, i);
    offset += i;
    const rest = chunk.subarray(i);
    const complete = rest.subarray(0, rest.length - incompleteTail(rest));
    if (complete.length === 0) {
      // Too few bytes to judge; wait for the next chunk.
      pending = Buffer.from(rest);
      continue;
    }
    state.encoding = isUtf8(complete) ? 'utf-8' : 'windows-1252';
    decoder = decoderFor(state.encoding, false);
    yield write(rest);
    offset += rest.length;
  }
  if (!decoder) {
    state.encoding ??= pending.length === 0 || isUtf8(pending) ? 'utf-8' : 'windows-1252';
    decoder = decoderFor(state.encoding, false);
    if (pending.length > 0) yield write(pending);
  }
  try {
    const tail = decoder.end();
    if (tail) yield tail;
  } catch {
    throw importErrors.mixed_encoding('the file ends inside a UTF-8 character; set the encoding option', { field: 'encoding' });
  }
}
