/**
 * The hostile set: inputs made to exhaust a scanner's memory, each generated into
 * .bench/hostile/ by the project's generators (once; same bytes every time). The bench runs the
 * engine on each in its own process, as the scanner Lambda runs it, and prints its peak RSS and
 * outcome; issue 12's memory target for one worker is measured against its highest peak too. A
 * value of 12 MiB is one string wherever a reader must give it whole (a cell, a paragraph), so its
 * peak grows with that size; in XML, its markup escaped (`&lt;div class=&quot;row&quot;&gt;`) made
 * saxes hold a text node at about three times its size until the node ended, before the XML reader
 * handed long nodes on in pieces (formats/xml.ts).
 *
 * | input | made to |
 * |---|---|
 * | a zip of 1 GiB of spaces, a gzip of 512 MiB | expand beyond any limit (LIMIT_EXCEEDED) |
 * | zips nested 12 deep, a zip of 5,000 members | exhaust nesting and member bookkeeping |
 * | 64 MiB of digits on one line, 64 MiB of Chinese prose on one line | defeat line-by-line reading |
 * | 8 MiB of random bytes | read as text, or opaque |
 * | XML entities nested to expand a billion times | expand in the parser |
 * | one value of 12 MiB (Chinese and Latin words, some markup) in a SQL INSERT, a JSON document, a CSV cell, an HTML attribute, an XLSX cell and a DOCX paragraph | be held whole, and copied, by a reader |
 * | eight MongoDB documents of 12 MiB (mongodump's largest are 16 MiB), each such a value beside a customer's fields | lie dead in the heap several at once (engine/collect.ts) |
 * | a workbook of 300,000 customers (45 MB, 3.6 million shared strings, as exceljs's streaming writer writes it) | be held whole: every cell refers to the shared strings (formats/xlsx-shared-strings.ts) |
 * | an Excel 97 `.xls` of 60,000 customers (28 MB, as SheetJS writes it) | be held whole: its OLE container and SheetJS's copy of its streams (formats/ole.ts) |
 * | the same as xlwt writes it (every text in the shared string table, as Excel, POI and NPOI write it too) | hold the table's strings (162-174 MiB before engine 0.3.17; formats/biff8.ts) |
 * | an Excel binary `.xlsb` of 60,000 customers (as SheetJS writes it) | be parsed whole (SheetJS's model of every cell: 244 MiB before engine 0.3.17; formats/xlsb.ts) |
 */
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { ensurePythonTools } from '../scripts/python-tools.js';
import { CUSTOMER_HEADER, customerRow } from '../synthetic/exports.js';
import { csvText, docxBuffer, nestedZipBuffer, xlsxBuffer, zipBombBuffer, zipBuffer } from '../synthetic/files.js';
import { Rng } from '../synthetic/random.js';
import { MiB } from './datasets.js';

/** One input of the set: its name in the bench's table, and how it is made into `path`. */
interface HostileInput {
  readonly name: string;
  readonly file: string;
  readonly make: (path: string) => Promise<void>;
}

/**
 * Prose without identifiers, `bytes` long (UTF-8), in lines of about 80 characters when `lineEnd` is
 * given: Chinese words, and as a stored page or a log holds, Latin words and numbers among them (a
 * string of them is the longest in characters for its bytes).
 */
function prose(rng: Rng, bytes: number, lineEnd = ''): string {
  const words = ['我们', '服务', '系统', '今天', '已经', '处理', '订单', '问题', '客户', '反馈', 'status ok ', 'retry 3 ', 'version 2.1 ', '<div class="row">', 'total 128 '];
  const parts: string[] = [];
  let length = 0;
  let line = 0;
  while (length < bytes) {
    const word = rng.pick(words);
    parts.push(word);
    length += Buffer.byteLength(word);
    line += word.length;
    if (line >= 80 && lineEnd !== '') {
      parts.push(lineEnd);
      length += Buffer.byteLength(lineEnd);
      line = 0;
    }
  }
  return parts.join('');
}

/** Writes `chunks` to `path`, streamed. */
async function writeChunks(path: string, chunks: Iterable<string | Buffer>): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** `count` times `block`, then `tail`. */
function* repeated(block: string, count: number, tail = ''): Generator<string> {
  for (let i = 0; i < count; i++) yield block;
  if (tail !== '') yield tail;
}

/** A customer's row, a long value beside it. */
function rowWith(long: string): string[] {
  const row = customerRow(new Rng(7), 1);
  row[row.length - 1] = long;
  return row;
}

const LONG_VALUE_BYTES = 12 * MiB;

export const HOSTILE_INPUTS: readonly HostileInput[] = [
  {
    name: 'zip bomb (1 GiB of spaces)',
    file: 'bomb.zip',
    make: async (path) => writeFile(path, await zipBombBuffer({ bytes: 1024 * MiB })),
  },
  {
    name: 'gzip bomb (512 MiB of zeros)',
    file: 'bomb.txt.gz',
    make: (path) => pipeline(Readable.from(repeated('\0'.repeat(MiB), 512)), createGzip({ level: 9 }), createWriteStream(path)),
  },
  {
    name: 'zips nested 12 deep',
    file: 'nested.zip',
    make: async (path) => writeFile(path, await nestedZipBuffer(12, { name: 'customers.csv', data: csvText([rowWith('')]) })),
  },
  {
    name: 'a zip of 5,000 members',
    file: 'members.zip',
    make: async (path) => writeFile(path, await zipBuffer(Array.from({ length: 5000 }, (_, i) => ({ name: `m/${i}.txt`, data: `note ${i}\n` })))),
  },
  {
    name: '64 MiB of digits on one line',
    file: 'digits.txt',
    make: (path) => writeChunks(path, repeated('0123456789'.repeat(MiB / 10 + 1).slice(0, MiB), 64, '\n')),
  },
  {
    name: '64 MiB of Chinese prose on one line',
    file: 'prose.txt',
    make: (path) => writeChunks(path, repeated(prose(new Rng(3), MiB), 64, '\n')),
  },
  {
    name: '8 MiB of random bytes',
    file: 'random.bin',
    make: (path) => {
      const rng = new Rng(5);
      const bytes = Buffer.alloc(8 * MiB);
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 255);
      return writeFile(path, bytes);
    },
  },
  {
    name: 'XML entities nested to a billion',
    file: 'entities.xml',
    make: (path) => {
      const entities = ['<!ENTITY e0 "lol">'];
      for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY e${i} "${`&e${i - 1};`.repeat(10)}">`);
      return writeFile(path, `<?xml version="1.0"?>\n<!DOCTYPE r [\n${entities.join('\n')}\n]>\n<r>&e9;</r>\n`);
    },
  },
  {
    name: 'SQL: a 12 MiB string in an INSERT',
    file: 'long-string.sql',
    make: (path) => {
      const row = rowWith(prose(new Rng(9), LONG_VALUE_BYTES, '\\n'));
      return writeChunks(path, [
        'CREATE TABLE customer (\n',
        ...row.map((_, i) => `  c${i} text${i < row.length - 1 ? ',' : ''}\n`),
        ');\n',
        `INSERT INTO customer VALUES (${row.map((v) => `'${v}'`).join(',')});\n`,
      ]);
    },
  },
  {
    name: 'JSON: a 12 MiB string value',
    file: 'long-string.json',
    make: (path) => {
      const row = rowWith(prose(new Rng(11), LONG_VALUE_BYTES, '\\n'));
      return writeFile(path, `[${JSON.stringify(Object.fromEntries(row.map((v, i) => [`c${i}`, v])))}]\n`);
    },
  },
  {
    name: 'CSV: a 12 MiB quoted cell',
    file: 'long-cell.csv',
    make: (path) => writeFile(path, csvText([rowWith(prose(new Rng(13), LONG_VALUE_BYTES, '\n'))])),
  },
  {
    name: 'HTML: a 12 MiB attribute beside a table',
    file: 'long-attribute.html',
    make: (path) => writeFile(path, `<html><body><table><tr><td>姓名</td></tr></table><div title="${prose(new Rng(15), LONG_VALUE_BYTES).replaceAll('"', '&quot;')}">x</div></body></html>\n`),
  },
  {
    name: 'XLSX: a 12 MiB cell',
    file: 'long-cell.xlsx',
    make: async (path) => writeFile(path, await xlsxBuffer([{ name: 'customers', rows: [['note'], [prose(new Rng(17), LONG_VALUE_BYTES)]] }])),
  },
  {
    name: 'BSON: 8 documents of 12 MiB',
    file: 'large-documents.bson',
    make: async (path) => {
      const { serialize } = await import('bson');
      const documents = function* (): Generator<Buffer> {
        for (let i = 0; i < 8; i++) {
          const row = rowWith(prose(new Rng(21 + i), LONG_VALUE_BYTES));
          yield Buffer.from(serialize(Object.fromEntries(row.map((v, c) => [`c${c}`, v]))));
        }
      };
      return writeChunks(path, documents());
    },
  },
  {
    name: 'XLSX: 300,000 customers (shared strings)',
    file: 'customers-300k.xlsx',
    make: async (path) => {
      const { default: ExcelJS } = await import('exceljs');
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
      const sheet = workbook.addWorksheet('customers');
      sheet.addRow([...CUSTOMER_HEADER]).commit();
      const rng = new Rng(23);
      for (let i = 1; i <= 300_000; i++) sheet.addRow(customerRow(rng, i)).commit();
      sheet.commit();
      await workbook.commit();
    },
  },
  {
    name: 'XLS: 60,000 customers (Excel 97)',
    file: 'customers-60k.xls',
    make: (path) => sheetJsCustomers(path, 25, 'biff8'),
  },
  {
    name: 'XLS: 60,000 customers (shared strings)',
    file: 'customers-60k-sst.xls',
    make: (path) => xlwtCustomers(path, 29),
  },
  {
    name: 'XLSB: 60,000 customers (Excel binary)',
    file: 'customers-60k.xlsb',
    make: (path) => sheetJsCustomers(path, 27, 'xlsb'),
  },
  {
    name: 'DOCX: a 12 MiB paragraph',
    file: 'long-paragraph.docx',
    make: async (path) => writeFile(path, await docxBuffer([prose(new Rng(19), LONG_VALUE_BYTES)])),
  },
];

/** A workbook of 60,000 customers (rows drawn from `seed`) as SheetJS writes it in `bookType`. */
async function sheetJsCustomers(path: string, seed: number, bookType: 'biff8' | 'xlsb'): Promise<void> {
  const XLSX = await import('@e965/xlsx');
  const rng = new Rng(seed);
  const rows = [[...CUSTOMER_HEADER], ...Array.from({ length: 60_000 }, (_, i) => customerRow(rng, i + 1))];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows, { dense: true }), 'customers');
  await writeFile(path, XLSX.write(book, { type: 'buffer', bookType, compression: bookType === 'xlsb' }) as Buffer);
}

/**
 * A workbook of 60,000 customers (rows drawn from `seed`) as xlwt writes it (the project's Python
 * tools, .venv/): every text in the shared string table, as Excel, Apache POI and NPOI write them too.
 */
async function xlwtCustomers(path: string, seed: number): Promise<void> {
  const tools = await ensurePythonTools();
  const rng = new Rng(seed);
  const rows = [[...CUSTOMER_HEADER], ...Array.from({ length: 60_000 }, (_, i) => customerRow(rng, i + 1))];
  const script = [
    'import json, sys, xlwt',
    'book = xlwt.Workbook(encoding="utf-8")',
    'sheet = book.add_sheet("customers")',
    'for r, row in enumerate(json.load(sys.stdin)):',
    '    for c, value in enumerate(row): sheet.write(r, c, value)',
    'book.save(sys.argv[1])',
  ].join('\n');
  execFileSync(tools.bin('python'), ['-c', script, path], { input: JSON.stringify(rows), stdio: ['pipe', 'ignore', 'pipe'] });
}

/** The set's files in `dir` (made the first time), with their names. */
export async function hostileFiles(dir: string): Promise<{ name: string; path: string }[]> {
  await mkdir(dir, { recursive: true });
  const files: { name: string; path: string }[] = [];
  for (const input of HOSTILE_INPUTS) {
    const path = join(dir, input.file);
    if ((await stat(path).catch(() => undefined)) === undefined) {
      process.stderr.write(`generating ${path}...\n`);
      // Made beside its name and renamed once whole, so a run cut short leaves no half input.
      await input.make(`${path}.part`);
      await rename(`${path}.part`, path);
    }
    files.push({ name: input.name, path });
  }
  return files;
}
