import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeText, type DecodingState } from './text-decoder.js';
import type { TextEncoding } from './imports.types.js';

async function decode(chunks: Buffer[], requested: TextEncoding | 'auto' = 'auto'): Promise<{ text: string; encoding: TextEncoding | undefined }> {
  const state: DecodingState = { encoding: undefined };
  async function* source(): AsyncGenerator<Buffer> {
    yield* chunks;
  }
  let text = '';
  for await (const s of decodeText(source(), requested, state)) text += s;
  return { text, encoding: state.encoding };
}

const UMLAUTS = 'Größe;Maß;Ø 5 mm;€ 12\n';

test('decodeText detects the encoding as the spec says', async () => {
  const utf8 = Buffer.from(UMLAUTS, 'utf8');
  const cp1252 = iconv.encode(UMLAUTS, 'windows-1252');
  const cases: [name: string, chunks: Buffer[], requested: TextEncoding | 'auto', encoding: TextEncoding][] = [
    ['UTF-8 without BOM', [utf8], 'auto', 'utf-8'],
    ['UTF-8 with BOM', [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])], 'auto', 'utf-8'],
    ['Windows-1252', [cp1252], 'auto', 'windows-1252'],
    ['UTF-16LE with BOM', [Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(UMLAUTS, 'utf-16le')])], 'auto', 'utf-16le'],
    ['UTF-8 split inside a character', [utf8.subarray(0, 3), utf8.subarray(3, 4), utf8.subarray(4)], 'auto', 'utf-8'],
    ['ASCII first, Windows-1252 in a later chunk', [Buffer.from('sku;name\n'.repeat(100)), cp1252], 'auto', 'windows-1252'],
    ['override wins', [cp1252], 'windows-1252', 'windows-1252'],
  ];
  for (const [name, chunks, requested, encoding] of cases) {
    const r = await decode(chunks, requested);
    assert.equal(r.encoding, encoding, name);
    assert.ok(r.text.endsWith(UMLAUTS), name);
    assert.ok(!r.text.startsWith('\ufeff'), `${name}: BOM stripped`);
  }
});

test('decodeText reads pure ASCII as UTF-8', async () => {
  assert.deepEqual(await decode([Buffer.from('a,b\n1,2\n')]), { text: 'a,b\n1,2\n', encoding: 'utf-8' });
});

test('decodeText refuses a file that turns from UTF-8 to something else', async () => {
  const utf8 = Buffer.from('Größe\n', 'utf8');
  const cp1252 = iconv.encode('Maß\n', 'windows-1252');
  await assert.rejects(decode([utf8, cp1252]), { code: 'import.mixed_encoding' });
});
