import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDelimiter } from './delimiter.rules.js';
import type { CsvDelimiter } from './imports.types.js';

test('detectDelimiter picks the delimiter that splits header and rows alike, quotes respected', () => {
  const cases: [name: string, sample: string, expected: CsvDelimiter][] = [
    ['comma', 'sku,description,qty\nA,Bolt,1\nB,Nut,2\n', ','],
    ['semicolon with decimal commas', 'sku;description;qty\nA;Bolt;1,5\nB;Nut, hex;2,25\n', ';'],
    ['tab', 'sku\tdescription\tqty\nA\tBolt, M8\t1\n', '\t'],
    ['commas hidden in quotes', 'sku;"name, long";qty\nA;"x, y, z";1\n', ';'],
    ['semicolons hidden in quotes', 'sku,"a;b;c",qty\nA,"1;2;3;4",1\n', ','],
    ['newline in quotes', 'sku;description;qty\nA;"two\nlines; really";1\nB;x;2\n', ';'],
    ['sample cut inside a quote', 'a;b;c\n1;2;3\n4;5;"unfinished\nvalue', ';'],
    ['single column', 'sku\nA\nB\n', ','],
    ['empty', '', ','],
  ];
  for (const [name, sample, expected] of cases) assert.equal(detectDelimiter(sample), expected, name);
});
