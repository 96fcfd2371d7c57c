// Reads a PDF back to text with pdfjs-dist (Mozilla's PDF.js): one string per page, the text items
// joined by single spaces, so a header wrapped over lines in its cell reads as one phrase.

import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const require = createRequire(import.meta.url);
const standardFontDataUrl = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

export async function pdfPages(bytes: Uint8Array | Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    const words = content.items.map((it) => ('str' in it ? it.str : '')).filter((s) => s.trim() !== '');
    pages.push(words.join(' ').replace(/\s+/g, ' '));
  }
  await pdf.destroy();
  return pages;
}
