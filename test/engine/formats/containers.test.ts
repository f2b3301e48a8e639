import { describe, expect, it } from 'vitest';
import { innerName } from '../../../lambdas/engine/formats/compressed.js';
import { openContent } from '../../../lambdas/engine/formats/index.js';
import { MAX_LISTED_MEMBERS } from '../../../lambdas/engine/formats/source.js';
import {
  csvText,
  docxBuffer,
  encodeGbk,
  encryptedZipBuffer,
  gzipBuffer,
  nestedZipBuffer,
  xlsxBuffer,
  zipBombBuffer,
  zipBuffer,
} from '../../../synthetic/files.js';
import { allText, bufferSource, fileSource, noise, readAll } from './read-parts.js';

const MB = 1024 * 1024;

/** Overwrites the first member's data with 0xFF bytes: an invalid deflate block. */
function corruptFirstMember(zip: Buffer): Buffer {
  const copy = Buffer.from(zip);
  const dataStart = 30 + copy.readUInt16LE(26) + copy.readUInt16LE(28);
  copy.fill(0xff, dataStart, dataStart + 8);
  return copy;
}

describe('gzip', () => {
  it('decompresses, re-sniffs the inner object and names it as the entry', async () => {
    const csv = csvText([['手机'], ['13812345678']]);
    const { format, parts } = await readAll(bufferSource('exports/people.csv.gz', gzipBuffer(encodeGbk(csv)), 1000));
    expect(format).toBe('gzip');
    expect(parts).toEqual([{ kind: 'text', where: { entry: 'people.csv' }, delimiter: ',', text: csv, chunks: 1 }]);
  });

  it('a gzip inside a gzip nests its entry', async () => {
    const { parts } = await readAll(bufferSource('a.txt.gz.gz', gzipBuffer(gzipBuffer('hello 你好'))));
    expect(parts).toMatchObject([{ kind: 'text', where: { entry: 'a.txt.gz/a.txt' }, text: 'hello 你好' }]);
  });

  it('truncated gzip data is a CORRUPT error part', async () => {
    const gz = gzipBuffer('hello '.repeat(10_000));
    const { parts } = await readAll(bufferSource('cut.txt.gz', gz.subarray(0, gz.length / 2)));
    expect(parts.at(-1)).toMatchObject({ kind: 'error', where: { entry: 'cut.txt' }, code: 'CORRUPT' });
  });

  it('an unknown object inside goes to the strings pass', async () => {
    const blob = Buffer.concat([Buffer.from('file.txt'), Buffer.alloc(504), Buffer.from('hello')]);
    expect((await readAll(bufferSource('x.bin.gz', gzipBuffer(blob)))).parts).toEqual([
      { kind: 'text', where: { entry: 'x.bin' }, text: 'file.txt\n', chunks: 1 },
    ]);
  });

  it.each([
    ['a/b/data.csv.gz', 'data.csv'],
    ['LOG.GZ', 'LOG'],
    ['backup.tgz', 'backup.tar'],
    ['crm.tar.bz2', 'crm.tar'],
    ['customers.csv.XZ', 'customers.csv'],
    ['db.zst', 'db'],
    ['logs.tzst', 'logs.tar'],
    ['logs.txz', 'logs.tar'],
    ['blob', 'blob'],
  ])('innerName(%j) = %j', (name, inner) => {
    expect(innerName(name)).toBe(inner);
  });
});

/** The zip with its end record's member counts (this disk's and the total) set to 0. */
function noMembersListed(zip: Buffer): Buffer {
  const copy = Buffer.from(zip);
  const end = copy.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  copy.writeUInt16LE(0, end + 8);
  copy.writeUInt16LE(0, end + 10);
  return copy;
}

describe('a name that claims a signed format its bytes are not', () => {
  // A fuzzed .zip, .7z, .gz, .ods or .pdf whose first bytes were overwritten came out public.
  it.each([
    ['bundle.zip', 'a zip archive'],
    ['crm.ods', 'an OpenDocument package'],
    ['backup.7z', 'a 7z archive'],
    ['log.gz', 'gzip data'],
    ['contract.pdf', 'a PDF'],
    ['members.dbf', 'a dBASE table'],
    ['events.avro', 'an Avro file'],
    ['users.bson', 'a BSON file'],
  ])('%s with its signature overwritten is CORRUPT after what the strings pass or the text reader read', async (name, claimed) => {
    const zip = await zipBuffer([{ name: 'people.csv', data: csvText([['手机'], ['13812345678']]) }]);
    const damaged = Buffer.from(zip);
    damaged.writeUInt32LE(0xffffffff, 0);
    const { parts, thrown } = await readAll(bufferSource(name, damaged));
    expect(thrown).toBeUndefined();
    expect(parts.at(-1)).toEqual({ kind: 'error', where: {}, code: 'CORRUPT', message: `named .${name.split('.').pop()}, but its bytes are not ${claimed} this engine reads: damaged, or another kind of file` });
  });

  // Told by their text as a text is, so as a text is CORRUPT under a signed format's name.
  it.each([
    ['mail', 'bundle.zip', 'From: a@example.com\nSubject: 回访\n\n客户 13812345678\n', 'a zip archive'],
    ['mbox', 'contract.pdf', 'From a@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\n\n客户 13812345678\n', 'a PDF'],
    ['an HTML table', 'crm.xlsx', '<table><tr><th>手机</th></tr><tr><td>13812345678</td></tr></table>', 'an XLSX package'],
    ['a SQL dump', 'backup.gz', 'CREATE TABLE t (\n  mobile varchar(11)\n);\nINSERT INTO t VALUES (\'13812345678\');\n', 'gzip data'],
  ])('%s under a signed format\'s name (%s) is read, then CORRUPT', async (_, name, text, claimed) => {
    const { parts, thrown } = await readAll(bufferSource(name, text));
    expect(thrown).toBeUndefined();
    expect(parts.some((part) => part.kind !== 'error')).toBe(true);
    expect(parts.at(-1)).toMatchObject({ kind: 'error', code: 'CORRUPT', message: `named .${name.split('.').pop()}, but its bytes are not ${claimed} this engine reads: damaged, or another kind of file` });
  });

  it.each([
    ['export.xls', '<table><tr><td>手机</td></tr><tr><td>13812345678</td></tr></table>'],
    ['notes.db', 'plain text'],
    ['placeholder.zip', ''],
  ])('%s, a text under a name systems give text (or an empty file), is read, no error', async (name, text) => {
    const { parts } = await readAll(bufferSource(name, text));
    expect(parts.every((part) => part.kind !== 'error')).toBe(true);
  });
});

describe('zip', () => {
  it('an end record listing no member in a zip that holds some is CORRUPT, not an empty public zip; an empty zip is empty', async () => {
    const zip = await zipBuffer([{ name: 'people.csv', data: csvText([['手机'], ['13812345678']]) }]);
    for (const source of [bufferSource('bundle.zip', noMembersListed(zip)), fileSource('bundle.zip', noMembersListed(zip))]) {
      const { format, parts, thrown } = await readAll(source);
      expect([format, parts, thrown]).toEqual(['zip', [], { code: 'CORRUPT', message: 'zip directory lists no member, but the file holds more' }]);
    }
    const empty = await readAll(bufferSource('empty.zip', await zipBuffer([])));
    expect([empty.parts, empty.thrown]).toEqual([[], undefined]);
  });

  async function archive(): Promise<Buffer> {
    const inner = await zipBuffer([
      { name: 'people.csv', data: csvText([['手机'], ['13812345678']]) },
      { name: 'letter.docx', data: await docxBuffer(['hello 你好']) },
    ]);
    return zipBuffer([
      { name: 'docs/', data: '' },
      { name: 'docs/inner.zip', data: inner, compress: false },
      { name: 'docs/readme.txt', data: 'hello' },
      { name: 'sheet.xlsx', data: await xlsxBuffer([{ name: 'S', rows: [['tel'], [13812345678]] }]) },
      { name: 'log.txt.gz', data: gzipBuffer('line 1\n') },
      { name: 'image.bin', data: noise(2000) },
    ]);
  }

  it.each([
    ['from a buffer', (zip: Buffer) => bufferSource('bundle.zip', zip, 4096)],
    ['from a path', (zip: Buffer) => fileSource('bundle.zip', zip)],
  ])('reads nested members recursively with entry paths (%s)', async (_, toSource) => {
    const { format, parts } = await readAll(toSource(await archive()));
    expect(format).toBe('zip');
    expect(parts.map((part) => [part.kind, part.where])).toEqual([
      ['text', { entry: 'docs/inner.zip/people.csv' }],
      // A DOCX's tables' cells (it has none), then its text.
      ['cells', { entry: 'docs/inner.zip/letter.docx' }],
      ['text', { entry: 'docs/inner.zip/letter.docx' }],
      ['text', { entry: 'docs/readme.txt' }],
      ['cells', { entry: 'sheet.xlsx' }],
      ['text', { entry: 'log.txt.gz/log.txt' }],
      ['text', { entry: 'image.bin' }],
      // Random bytes: read by the strings pass, then opaque (nothing in them can be read).
      ['error', { entry: 'image.bin' }],
    ]);
    expect(allText(parts)).toContain('13812345678');
    expect(allText(parts)).toContain('hello 你好');
    expect(parts[4]).toMatchObject({ cells: [{ text: 'tel' }, { sheet: 'S', ref: 'A2', text: '13812345678', header: 'tel' }] });
  });

  it('decodes GBK member names written without the UTF-8 flag (as Windows in Chinese does)', async () => {
    const ascii = Buffer.from('AAAAAAAA.txt');
    const gbk = encodeGbk('名单名单.txt');
    expect(gbk.length).toBe(ascii.length);
    const zip = Buffer.from(await zipBuffer([{ name: ascii.toString(), data: 'x' }]));
    for (let at = zip.indexOf(ascii); at !== -1; at = zip.indexOf(ascii, at + 1)) gbk.copy(zip, at);
    for (const [signature, flagAt] of [[0x04034b50, 6], [0x02014b50, 8]] as const) {
      for (let at = 0; at + 4 <= zip.length; at++) {
        if (zip.readUInt32LE(at) === signature) zip.writeUInt16LE(zip.readUInt16LE(at + flagAt) & ~0x800, at + flagAt);
      }
    }
    const { parts } = await readAll(bufferSource('names.zip', zip));
    expect(parts).toMatchObject([{ kind: 'text', where: { entry: '名单名单.txt' }, text: 'x' }]);
  });

  it('an encrypted member is an ENCRYPTED error part and the other members are read', async () => {
    const zip = await encryptedZipBuffer(
      [
        { name: 'secret.txt', data: 'hidden' },
        { name: 'open.txt', data: 'hello 你好' },
      ],
      ['secret.txt'],
    );
    const { parts, thrown } = await readAll(bufferSource('mixed.zip', zip));
    expect(thrown).toBeUndefined();
    expect(parts).toMatchObject([
      { kind: 'error', where: { entry: 'secret.txt' }, code: 'ENCRYPTED' },
      { kind: 'text', where: { entry: 'open.txt' }, text: 'hello 你好' },
    ]);
  });

  it.each([
    ['from a buffer', bufferSource],
    ['from a path', fileSource],
  ])('a corrupt member is a CORRUPT error part and the other members are read (%s)', async (_, toSource) => {
    const zip = corruptFirstMember(await zipBuffer([
      { name: 'bad.txt', data: 'hello '.repeat(1000) },
      { name: 'good.txt', data: 'fine' },
    ]));
    const { parts, thrown } = await readAll(toSource('partly.zip', zip));
    expect(thrown).toBeUndefined();
    expect(parts).toMatchObject([
      { kind: 'error', where: { entry: 'bad.txt' }, code: 'CORRUPT' },
      { kind: 'text', where: { entry: 'good.txt' }, text: 'fine' },
    ]);
  });

  it.each([
    ['one byte more', 1],
    ['one byte less', -1],
  ])('a member that inflates to %s than its directory record says is CORRUPT, small (inflated at once) or large (streamed)', async (_, delta) => {
    const large = Array.from({ length: 200_000 }, (_, i) => (i * 7919).toString(36)).join(' '); // over 1 MiB: streamed
    const zip = Buffer.from(
      await zipBuffer([
        { name: 'small.txt', data: 'hello '.repeat(1000) },
        { name: 'large.txt', data: large },
        { name: 'good.txt', data: 'fine' },
      ]),
    );
    // Central directory records: the declared uncompressed size is at offset 24.
    for (let at = 0; at + 4 <= zip.length; at++) {
      if (zip.readUInt32LE(at) === 0x02014b50 && zip.readUInt16LE(at + 28) !== 8) zip.writeUInt32LE(zip.readUInt32LE(at + 24) - delta, at + 24);
    }
    for (const source of [bufferSource('sizes.zip', zip), fileSource('sizes.zip', zip)]) {
      const { parts, thrown } = await readAll(source);
      expect(thrown).toBeUndefined();
      // A streamed member's text read before the size check comes first.
      expect(parts.map((part) => [part.where.entry, part.kind === 'error' ? part.code : part.kind])).toEqual([
        ['small.txt', 'CORRUPT'],
        ['large.txt', 'text'],
        ['large.txt', 'CORRUPT'],
        ['good.txt', 'text'],
      ]);
    }
  });

  // Neither yauzl nor inflate checks a member's CRC-32, and a stored member has no other check.
  it('a member whose bytes do not give its CRC-32 is CORRUPT (after the text read before its end), stored, inflated at once or streamed', async () => {
    const large = Array.from({ length: 200_000 }, (_, i) => (i * 7919).toString(36)).join(' '); // over 1 MiB: streamed
    const zip = await zipBuffer([
      { name: 'stored.txt', data: 'hello '.repeat(1000), compress: false },
      { name: 'small.txt', data: 'hello '.repeat(1000) },
      { name: 'large.txt', data: large },
      { name: 'good.txt', data: 'fine' },
    ]);
    // Each member's CRC-32 (at 16 in its central directory record) off by one, but good.txt's.
    for (let at = zip.indexOf('PK\x01\x02'); at !== -1; at = zip.indexOf('PK\x01\x02', at + 4)) {
      if (!zip.toString('latin1', at + 46, at + 46 + zip.readUInt16LE(at + 28)).startsWith('good')) zip.writeUInt32LE((zip.readUInt32LE(at + 16) + 1) >>> 0, at + 16);
    }
    for (const source of [bufferSource('crc.zip', zip), fileSource('crc.zip', zip)]) {
      const { parts, thrown } = await readAll(source);
      expect(thrown).toBeUndefined();
      expect(parts.map((part) => [part.where.entry, part.kind === 'error' ? part.message : part.kind])).toEqual([
        ['stored.txt', 'text'],
        ['stored.txt', 'zip entry 1 is damaged (its CRC-32 does not match the zip directory\'s)'],
        ['small.txt', 'text'],
        ['small.txt', 'zip entry 2 is damaged (its CRC-32 does not match the zip directory\'s)'],
        ['large.txt', 'text'],
        ['large.txt', 'zip entry 3 is damaged (its CRC-32 does not match the zip directory\'s)'],
        ['good.txt', 'text'],
      ]);
    }
  });

  it.each([
    ['garbage after the magic', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), noise(500)])],
    ['a truncated archive', Buffer.from('PK\x03\x04\x14\x00', 'latin1')],
  ])('a corrupt archive (%s) is CORRUPT', async (_, bytes) => {
    const result = await readAll(bufferSource('broken.zip', bytes));
    expect(result).toMatchObject({ format: 'zip', parts: [], thrown: { code: 'CORRUPT' } });
    expect(result.thrown?.message).not.toContain('broken');
  });

  it('random bytes are binary, read by the strings pass, then OPAQUE: never public for nothing found', async () => {
    const result = await readAll(bufferSource('random.dat', noise(100_000)));
    expect(result).toMatchObject({ format: 'binary', parts: [{ kind: 'text', where: {} }, { kind: 'error', code: 'OPAQUE' }] });
    expect(result.thrown).toBeUndefined();
  });
});

describe('limits', () => {
  it('maxDepth: a member nested too deep is a LIMIT_EXCEEDED error part', async () => {
    // bundle.zip > level-2.zip > level-3.zip > deep.txt: level-3.zip would be container depth 3.
    const zip = await nestedZipBuffer(3, { name: 'deep.txt', data: 'deep' });
    const ok = await readAll(bufferSource('bundle.zip', zip), { maxDepth: 3 });
    expect(ok.parts).toMatchObject([{ kind: 'text', where: { entry: 'level-2.zip/level-3.zip/deep.txt' }, text: 'deep' }]);
    const deep = await readAll(bufferSource('bundle.zip', zip), { maxDepth: 2 });
    expect(deep.thrown).toBeUndefined();
    expect(deep.parts).toMatchObject([{ kind: 'error', where: { entry: 'level-2.zip/level-3.zip' }, code: 'LIMIT_EXCEEDED' }]);
  });

  it('maxDepth 0: even the top-level container is refused', async () => {
    const result = await readAll(bufferSource('x.gz', gzipBuffer('x')), { maxDepth: 0 });
    expect(result.thrown?.code).toBe('LIMIT_EXCEEDED');
  });

  it('maxEntries: counts members of all nested archives, then stops the object', async () => {
    const inner = await zipBuffer([1, 2, 3].map((i) => ({ name: `inner-${i}.txt`, data: `inner ${i}` })));
    const zip = await zipBuffer([
      { name: 'a.txt', data: 'a' },
      { name: 'inner.zip', data: inner },
      { name: 'b.txt', data: 'b' },
    ]);
    expect((await readAll(bufferSource('x.zip', zip), { maxEntries: 6 })).thrown).toBeUndefined();
    const result = await readAll(bufferSource('x.zip', zip), { maxEntries: 4 });
    expect(result.thrown?.code).toBe('LIMIT_EXCEEDED');
    expect(result.thrown?.message).toContain('maxEntries');
    expect(result.parts.map((part) => part.where.entry)).toEqual(['a.txt', 'inner.zip/inner-1.txt', 'inner.zip/inner-2.txt']);
  });

  it('a document package of more parts than are listed in memory is LIMIT_EXCEEDED, whatever maxEntries allows', async () => {
    const parts = Array.from({ length: MAX_LISTED_MEMBERS }, (_, i) => ({ name: `word/media/${i}.bin`, data: '' }));
    const docx = await zipBuffer([{ name: 'word/document.xml', data: '<w:document/>' }, ...parts]);
    const result = await readAll(bufferSource('big.docx', docx), { maxEntries: 1_000_000 });
    expect(result.format).toBe('docx');
    expect([result.thrown?.code, ...result.parts.map((part) => (part.kind === 'error' ? part.code : part.kind))]).toContain('LIMIT_EXCEEDED');
  });

  it('maxTotalBytes: decompressed bytes of all members, then stops the object', async () => {
    const member = 'x'.repeat(MB);
    const zip = await zipBuffer([1, 2, 3].map((i) => ({ name: `${i}.txt`, data: member })));
    expect((await readAll(bufferSource('x.zip', zip), { maxTotalBytes: 3 * MB })).thrown).toBeUndefined();
    const result = await readAll(bufferSource('x.zip', zip), { maxTotalBytes: 2.5 * MB });
    expect(result.thrown?.code).toBe('LIMIT_EXCEEDED');
    expect(result.thrown?.message).toContain('maxTotalBytes');
    expect(result.parts.filter((part) => part.kind === 'error')).toEqual([]);
  });

  it('maxTotalBytes also counts what a gzip inflates to', async () => {
    const limits = { maxTotalBytes: 2 * MB, maxRatio: 1e6 }; // ratio out of the way
    const result = await readAll(bufferSource('x.txt.gz', gzipBuffer('y'.repeat(3 * MB))), limits);
    expect(result.thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxTotalBytes') });
  });

  it('maxRatio: a zip bomb member is stopped as it inflates; the next member is read', async () => {
    const bomb = await zipBombBuffer({ bytes: 64 * MB });
    expect(bomb.length).toBeLessThan(MB / 4);
    const zip = await zipBuffer([
      { name: 'bomb.zip', data: bomb, compress: false },
      { name: 'after.txt', data: 'still read' },
    ]);
    const { parts, thrown } = await readAll(bufferSource('x.zip', zip));
    expect(thrown).toBeUndefined();
    expect(parts.filter((part) => part.kind === 'error')).toMatchObject([
      { where: { entry: 'bomb.zip/bomb.txt' }, code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxRatio') },
    ]);
    expect(parts.at(-1)).toMatchObject({ kind: 'text', where: { entry: 'after.txt' }, text: 'still read' });
  });

  it('maxRatio applies to a gzip too', async () => {
    const { parts } = await readAll(bufferSource('bomb.txt.gz', gzipBuffer(Buffer.alloc(32 * MB, 0x20))));
    expect(parts.at(-1)).toMatchObject({ kind: 'error', where: { entry: 'bomb.txt' }, code: 'LIMIT_EXCEEDED' });
  });

  it('maxBufferedBytes: a nested archive too big to hold is an error part; the others are read', async () => {
    const big = await zipBuffer([{ name: 'noise.bin', data: noise(200_000), compress: false }]);
    const zip = await zipBuffer([
      { name: 'big.zip', data: big },
      { name: 'small.txt', data: 'small' },
    ]);
    const { parts, thrown } = await readAll(fileSource('holder.zip', zip), { maxBufferedBytes: 100_000 });
    expect(thrown).toBeUndefined();
    expect(parts).toMatchObject([
      { kind: 'error', where: { entry: 'big.zip' }, code: 'LIMIT_EXCEEDED' },
      { kind: 'text', where: { entry: 'small.txt' }, text: 'small' },
    ]);
  });

  it('maxBufferedBytes: a top-level zip without a path that is too big is LIMIT_EXCEEDED', async () => {
    const zip = await zipBuffer([{ name: 'noise.bin', data: noise(200_000), compress: false }]);
    const result = await readAll(bufferSource('big.zip', zip, 10_000), { maxBufferedBytes: 100_000 });
    expect(result).toMatchObject({ format: 'zip', parts: [], thrown: { code: 'LIMIT_EXCEEDED' } });
  });

  it('error messages name no file, member or content', async () => {
    const zip = await encryptedZipBuffer([{ name: 'zhangsan-13812345678.txt', data: 'x' }], ['zhangsan-13812345678.txt']);
    const { parts } = await readAll(bufferSource('zhangsan.zip', zip));
    expect(parts[0]).toMatchObject({ kind: 'error', code: 'ENCRYPTED', message: 'zip entry 1 is encrypted' });
  });
});

describe('stopping early', () => {
  it('breaking out after the first chunk closes the object without errors', async () => {
    const zip = await zipBuffer([
      { name: 'a.txt', data: 'a'.repeat(200_000) },
      { name: 'b.txt', data: 'b' },
    ]);
    for (const source of [bufferSource('x.zip', zip), fileSource('early.zip', zip)]) {
      const { parts } = await openContent(source);
      let seen = '';
      for await (const part of parts) {
        if (part.kind !== 'text') continue;
        for await (const chunk of part.chunks) {
          seen = chunk.slice(0, 1);
          break;
        }
        break;
      }
      expect(seen).toBe('a');
    }
  });
});
