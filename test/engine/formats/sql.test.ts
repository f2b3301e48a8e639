// SQL dumps (sql.ts): each row's values under their column's name, as a CSV's under its header.
// Read as text, a dump of names, birth dates, WeChat ids, passports, QQ numbers or bank accounts
// gave none of them context, and came out public.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../../lambdas/engine/report.js';
import { runCli } from '../../support/cli.js';
import { openContent } from '../../../lambdas/engine/formats/index.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import type { Cell } from '../../../lambdas/engine/types.js';
import { bankAccount, chineseName, dateString, passport, qq, residentId, wechatId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { customerCsv } from './backup-fixtures.js';
import { bufferSource, noise, readAll } from './read-parts.js';
import { greyPng, zipBuffer } from '../../../synthetic/files.js';
import { compress, tarBuffer } from './writers.js';

const rng = new Rng('sql-dumps');
const COLUMNS = ['real_name', 'wechat', 'birthday', 'passport_no', 'qq', 'bank_account'];
const rows = Array.from({ length: 20 }, () => [chineseName(rng), wechatId(rng, { chosen: true }), dateString(rng), passport(rng), qq(rng), bankAccount(rng)]);

const quoted = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const createTable = (quote: string) => `CREATE TABLE ${quote}customer${quote} (\n  ${quote}id${quote} int NOT NULL,\n${COLUMNS.map((c) => `  ${quote}${c}${quote} varchar(64) DEFAULT NULL,`).join('\n')}\n  PRIMARY KEY (${quote}id${quote})\n);\n`;

/** The same rows as each tool writes them. */
const DUMPS: Record<string, string> = {
  // mysqldump: one extended INSERT a line, no column list, NULLs, an escaped quote.
  mysqldump: `-- MySQL dump 10.13\n/*!40101 SET NAMES utf8mb4 */;\n${createTable('`')}LOCK TABLES \`customer\` WRITE;\nINSERT INTO \`customer\` VALUES ${rows.map((r, i) => `(${i + 1},${r.map(quoted).join(',')})`).join(',')},(99,NULL,'O\\'Brien',NULL,NULL,NULL,NULL);\nUNLOCK TABLES;\n`,
  // pg_dump: COPY blocks, tab-separated, \\N for NULL.
  'pg_dump (COPY)': `--\n-- PostgreSQL database dump\n--\n${createTable('')}COPY public.customer (id, ${COLUMNS.join(', ')}) FROM stdin;\n${rows.map((r, i) => `${i + 1}\t${r.join('\t')}`).join('\n')}\n99\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n\\.\n`,
  // pg_dump --column-inserts: a statement a row, with its column list.
  'pg_dump (INSERT)': `${createTable('"')}${rows.map((r, i) => `INSERT INTO public.customer (id, ${COLUMNS.join(', ')}) VALUES (${i + 1}, ${r.map(quoted).join(', ')});`).join('\n')}\n`,
  // A tool that writes each row on its own line under one INSERT.
  'one INSERT, a row a line': `${createTable('`')}INSERT INTO customer VALUES\n${rows.map((r, i) => `(${i + 1}, ${r.map(quoted).join(', ')})`).join(',\n')};\n`,
};

const cellsOf = (parts: Awaited<ReturnType<typeof readAll>>['parts']): Cell[] => parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));

describe('sql dumps', () => {
  it('a row that lost a quote (a damaged byte) is text; the statements after it are read under their columns (they were all text: public)', async () => {
    const dump = DUMPS['pg_dump (INSERT)'].replace(`${quoted(rows[0][2])}`, rows[0][2] + "'");
    const report = await scanSource(bufferSource('backup.sql', dump), 'backup.sql');
    expect(report.counts.cn_name).toBe(19);
    expect(report.counts.wechat_id).toBe(19);
  });

  it('a row that lost a quote in a statement whose table name is damaged too (`INSERT INTO\\x1dcustomer`: another table\'s name): the statements after it are read (they were all text: public)', async () => {
    const dump = DUMPS['pg_dump (INSERT)'].replace(`INSERT INTO public.customer (id, ${COLUMNS.join(', ')}) VALUES (1, ${quoted(rows[0][0])}, ${quoted(rows[0][1])}, ${quoted(rows[0][2])}`, `INSERT INTO\x1dcustomer (id, ${COLUMNS.join(', ')}) VALUES (1, ${quoted(rows[0][0])}, ${quoted(rows[0][1])}, ${rows[0][2]}'`);
    expect(dump).toContain('\x1d');
    const report = await scanSource(bufferSource('backup.sql', dump), 'backup.sql');
    expect(report.counts.cn_name).toBe(19);
    expect(report.counts.wechat_id).toBe(19);
  });

  it.each(Object.keys(DUMPS))('%s: every value found under its column', async (tool) => {
    for (const name of ['backup.sql', 'backup']) {
      const dump = await scanSource(bufferSource(name, DUMPS[tool]), name);
      expect(dump).toMatchObject({ format: 'sql', sensitivity: 'confidential' });
      expect(dump.counts).toEqual({ cn_name: 20, wechat_id: 20, date_of_birth: 20, cn_passport: 20, qq: 20, bank_account: 20 });
    }
  });

  it('gives each value with its table, A1 reference and column (snake case as words), wherever the chunks are cut', async () => {
    const whole = cellsOf((await readAll(bufferSource('backup.sql', DUMPS.mysqldump))).parts);
    expect(whole.slice(0, 3)).toEqual([
      { sheet: 'customer', ref: 'A2', text: '1', header: 'id' },
      { sheet: 'customer', ref: 'B2', text: rows[0][0], header: 'real name' },
      { sheet: 'customer', ref: 'C2', text: rows[0][1], header: 'wechat' },
    ]);
    expect(whole).toContainEqual({ sheet: 'customer', ref: 'C22', text: "O'Brien", header: 'wechat' });
    for (const tool of Object.keys(DUMPS)) {
      const all = cellsOf((await readAll(bufferSource('backup.sql', DUMPS[tool]))).parts);
      for (const size of [13, 4096]) expect(cellsOf((await readAll(bufferSource('backup.sql', DUMPS[tool], size))).parts), `${tool} in chunks of ${size}`).toEqual(all);
    }
  });

  it('reads a statement that does not parse as text: nothing in it is lost', async () => {
    const id = residentId(rng);
    const dump = `${createTable('`')}INSERT INTO customer VALUES 1,'张伟','${id}';\nINSERT INTO customer VALUES (2,'李娜');\n`;
    const { parts } = await readAll(bufferSource('broken.sql', dump));
    const text = parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
    expect(text).toContain(id);
    expect(cellsOf(parts)).toContainEqual({ sheet: 'customer', ref: 'B2', text: '李娜', header: 'real name' });
    const report = await scanSource(bufferSource('broken.sql', dump), 'broken.sql');
    expect(report.counts.cn_resident_id).toBe(1);
  });

  // Each line of a row not yet complete parses the row again: a string that never ends is text
  // after PENDING_ROW_LINES lines, not a scan that does not end.
  it('a string that never ends leaves the lines after it text, read once', async () => {
    const id = residentId(rng);
    const dump = `INSERT INTO t VALUES (1,'\n${'客户 张伟 已回访\n'.repeat(100_000)}身份证 ${id}\n`;
    const report = await scanSource(bufferSource('open.sql', dump), 'open.sql');
    expect(report).toMatchObject({ format: 'sql', counts: { cn_resident_id: 1 } });
  });

  it('a CREATE TABLE that never closes leaves the lines after it text, those that look like columns too', async () => {
    const id = residentId(rng);
    const other = residentId(rng);
    for (const notes of [`CREATE TABLE t (\n  a int,\n客户 张伟 身份证 ${id}\n`, `CREATE TABLE t (\n  a int,\n张伟 ${id}\n李娜 ${other}\n`]) {
      const { parts } = await readAll(bufferSource('notes.sql', notes));
      const text = parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
      expect(text).toContain(id);
      if (notes.includes(other)) expect(text).toContain(other);
    }
  });

  it('a CREATE TABLE on one line gives its columns', async () => {
    const [name, wechat] = rows[0];
    const dump = `CREATE TABLE \`customer\` (\`id\` int NOT NULL, \`real_name\` varchar(64), \`wechat\` varchar(64) DEFAULT NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB;\nINSERT INTO customer VALUES (1,${quoted(name)},${quoted(wechat)});\n`;
    expect(cellsOf((await readAll(bufferSource('backup.sql', dump))).parts)).toEqual([
      { sheet: 'customer', ref: 'A2', text: '1', header: 'id' },
      { sheet: 'customer', ref: 'B2', text: name, header: 'real name' },
      { sheet: 'customer', ref: 'C2', text: wechat, header: 'wechat' },
    ]);
  });

  // A tar's member goes by once: the reader parses a dump once, cells handed on, text held.
  it('a dump in a tar (read once, as a stream) gives what it gives alone, its text too', async () => {
    const id = residentId(rng);
    const dump = `-- 客户 张伟 身份证 ${id}\n${DUMPS.mysqldump}`;
    for (const [name, bytes] of [
      ['backup.tar', tarBuffer([{ name: 'db/backup.sql', data: dump }])],
      ['backup.tar.gz', compress(tarBuffer([{ name: 'notes.txt', data: 'x' }, { name: 'db/dump', data: dump }]), 'gz')],
    ] as const) {
      const report = await scanSource(bufferSource(name, bytes, 4096), name);
      expect(report.error, name).toBeUndefined();
      expect(report, name).toMatchObject({ sensitivity: 'confidential' });
      expect(report.counts, name).toEqual({ cn_resident_id: 1, cn_name: 20, wechat_id: 20, date_of_birth: 20, cn_passport: 20, qq: 20, bank_account: 20 });
    }
  });

  // Found by fuzzing: dumps of other tools and settings whose rows were read as text, far from
  // their columns (public, or one value of twenty).
  const values = (r: readonly string[], i: number, n = '') => `(${i + 1}, ${r.map((v) => `${n}${quoted(v)}`).join(', ')})`;
  const list = `id, ${COLUMNS.join(', ')}`;
  it.each<[string, string]>([
    ['SQL Server (SSMS): no INTO, brackets, N strings, GO', `CREATE TABLE [dbo].[customer](\n\t[id] [int] NOT NULL,\n${COLUMNS.map((c) => `\t[${c}] [nvarchar](64) NULL,`).join('\n')}\n) ON [PRIMARY]\nGO\n${rows.map((r, i) => `INSERT [dbo].[customer] (${['id', ...COLUMNS].map((c) => `[${c}]`).join(', ')}) VALUES ${values(r, i, 'N')}\nGO`).join('\n')}\n`],
    ['INSERT LOW_PRIORITY', `${createTable('`')}${rows.map((r, i) => `INSERT LOW_PRIORITY INTO customer VALUES ${values(r, i)};`).join('\n')}\n`],
    ['VALUES on the next line', `${createTable('')}${rows.map((r, i) => `INSERT INTO customer (${list})\nVALUES ${values(r, i)};`).join('\n')}\n`],
    ['a column list over lines', `${rows.map((r, i) => `INSERT INTO customer (\n  ${['id', ...COLUMNS].join(',\n  ')}\n) VALUES ${values(r, i)};`).join('\n')}\n`],
    ['COPY without a column list', `${createTable('')}COPY public.customer FROM stdin;\n${rows.map((r, i) => `${i + 1}\t${r.join('\t')}`).join('\n')}\n\\.\n`],
    ['COPY of CSV rows', `COPY customer (${list}) FROM stdin WITH (FORMAT csv);\n${rows.map((r, i) => `${i + 1},${r.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')}`).join('\n')}\n\\.\n`],
    ['a table named in another case', `${createTable('').replace('customer', 'Customer')}${rows.map((r, i) => `INSERT INTO CUSTOMER VALUES ${values(r, i)};`).join('\n')}\n`],
    ['a blank line and comments in CREATE TABLE', `${createTable('').replace('  id int NOT NULL,', '  id int NOT NULL,\n\n  -- 主键之后是客户资料\n  /* 客户 */')}${rows.map((r, i) => `INSERT INTO customer VALUES ${values(r, i)};`).join('\n')}\n`],
    ['a row a line, its comma at the start of the next', `${createTable('')}INSERT INTO customer VALUES\n${rows.map((r, i) => values(r, i)).join('\n,')};\n`],
    ['no semicolons, a statement a line', `${createTable('')}${rows.map((r, i) => `INSERT INTO customer VALUES ${values(r, i)}`).join('\n')}\n`],
    ['old Mac line ends (a CR alone)', `${createTable('')}${rows.map((r, i) => `INSERT INTO customer VALUES ${values(r, i)};`).join('\n')}\n`.replace(/\n/g, '\r')],
    ['8 KiB of functions first', `${'-- 存储过程\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\n'.repeat(150)}${createTable('')}${rows.map((r, i) => `INSERT INTO customer VALUES ${values(r, i)};`).join('\n')}\n`],
  ])('%s: every value found under its column', async (_, dump) => {
    const report = await scanSource(bufferSource('backup.sql', dump), 'backup.sql');
    expect(report).toMatchObject({ format: 'sql', sensitivity: 'confidential' });
    expect(report.counts).toEqual({ cn_name: 20, wechat_id: 20, date_of_birth: 20, cn_passport: 20, qq: 20, bank_account: 20 });
  });

  // Each line of a string over many lines parsed its row again: 1 MB of them took 15 s (fuzzing).
  it('a value over a thousand lines is one cell', async () => {
    const note = Array.from({ length: 990 }, (_, k) => `${k} ${'回访记录'.repeat(50)}`).join('\n');
    const cells = cellsOf((await readAll(bufferSource('notes.sql', `INSERT INTO t (id, note) VALUES (1, '${note}');\n`))).parts);
    expect(cells.map((cell) => [cell.ref, cell.text.length])).toEqual([
      ['A2', 1],
      ['B2', note.length],
    ]);
  });

  // Held whole, a 12 MB document in one value took the dump's reading to 150 MiB (bench/hostile.ts).
  it('a value longer than a cell (a document in a column) is text, its escapes undone, in order; the values beside it are cells', async () => {
    const line = (k: number) => `第${k}行 客户回访 it's "ok" \\ 𠀀 ${'记录'.repeat(40)}`;
    const doc = Array.from({ length: 3000 }, (_, k) => line(k)).join('\n');
    expect(doc.length).toBeGreaterThan(256 * 1024);
    const written = doc.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n');
    const dump = `${createTable('`')}INSERT INTO customer VALUES (1,'${written}','${rows[0][1]}',NULL,NULL,NULL,NULL),(2,${rows[1].map(quoted).join(',')});\n`;
    for (const chunk of [undefined, 65_537]) {
      const { parts } = await readAll(bufferSource('docs.sql', dump, chunk));
      const cells = cellsOf(parts);
      expect(cells.filter((cell) => cell.ref.endsWith('2')).map((cell) => cell.text)).toEqual(['1', rows[0][1]]);
      expect(cells.filter((cell) => cell.ref.endsWith('3')).map((cell) => cell.text)).toEqual(['2', ...rows[1]]);
      const text = parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('');
      expect(text).toBe(`${doc}\n`);
    }
  });

  // A line over a million characters is read a piece at a time: a row that a piece cuts is read
  // on from where it was cut, not parsed again from the line joined whole (bench/hostile.ts: a 12 MiB
  // document in one INSERT took the dump's reading to 145 MiB, over one worker's target).
  // Found by fuzzing: a document read whole in a row, then one the pieces cut, came out inside it.
  it.each(['sql-long-line', 'sql-long-line 2', 'sql-long-line 3'])('a line of megabytes (rows with documents longer than a cell, seed %j) gives the same cells and text wherever its pieces and chunks are cut', async (seed) => {
    const lineRng = new Rng(seed);
    const words = ['客户', '回访', "it's", '"ok"', '\\ ', '\n', '𠀀', 'abc ', ', ', ') ', '(', '; ', "''"];
    const text = (chars: number) => {
      const parts: string[] = [];
      for (let length = 0; length < chars; ) {
        const word = lineRng.pick(words);
        parts.push(word);
        length += word.length;
      }
      return parts.join('');
    };
    const written = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/'/g, () => (lineRng.chance(0.5) ? "\\'" : "''"))}'`;
    const rowsOf: (string | null)[][] = [];
    const longs: string[] = [];
    const cells: string[][] = [];
    for (let r = 0; r < 30; r++) {
      const row: (string | null)[] = [];
      for (let k = 0, n = lineRng.int(2, 7); k < n; k++) {
        // Longer than a cell (256 Ki characters) by a margin, up to two pieces of the line and more.
        const kind = lineRng.int(0, 9);
        const value = kind === 0 ? text(lineRng.int(270_000, 2_500_000)) : kind === 1 ? null : kind === 2 ? lineRng.digits(lineRng.int(1, 12)) : text(kind === 3 ? lineRng.int(50_000, 150_000) : lineRng.int(1, 60));
        row.push(value);
        if (kind === 0) longs.push(value!);
        else if (value !== null) cells.push([`${String.fromCharCode(65 + k)}${r + 2}`, value]);
      }
      rowsOf.push(row);
    }
    expect(longs.join('').length).toBeGreaterThan(3 * 1024 * 1024);
    // Rows apart as tools write them: a comma, and a line break after or before it.
    const line = `INSERT INTO notes VALUES ${rowsOf.map((row) => `(${row.map((value) => (value === null ? 'NULL' : /^\d+$/.test(value) ? value : written(value))).join(',')})`).join(lineRng.pick([',', ', ', ',\n', '\n,']))};`;
    const dump = `${line}\nINSERT INTO t VALUES (1,'张伟');\n`;
    for (const chunk of [undefined, lineRng.int(1000, 70_000), 999_983]) {
      const { parts } = await readAll(bufferSource('notes.sql', dump, chunk));
      const read = cellsOf(parts);
      expect(read.filter((cell) => cell.sheet === 'notes').map((cell) => [cell.ref, cell.text]), `chunks of ${chunk}`).toEqual(cells);
      expect(read.filter((cell) => cell.sheet === 't').map((cell) => cell.text)).toEqual(['1', '张伟']);
      expect(parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('') === longs.map((value) => `${value}\n`).join(''), `chunks of ${chunk}`).toBe(true);
    }
  });

  it('a piece of a long line cut anywhere after a document (in an escape, a quote, a value, a cast, between values, in the text after the statement) gives the same cells and text', async () => {
    // ASCII, two million characters and more: the line's first piece ends in the document (at a
    // 48 KiB slice of the reader's decoding, text.ts), its second where a chunk of the source does.
    const doc = `${'visit log '.repeat(213_900)}it's \\ ok''`;
    const head = 'INSERT INTO t VALUES (1,';
    const line = `${head}'${doc.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}','x''y', 12345 ,NULL,'tail'::text,0x4142),(2,'李娜');-- note`;
    const bytes = Buffer.from(`${line}\n`);
    // A chunk of `at` bytes ends the line's second piece there.
    const docEnd = Buffer.byteLength(`${head}'${doc}`) + 4;
    for (let at = docEnd - 24; at < bytes.length; at++) {
      const { parts } = await readAll(bufferSource('notes.sql', bytes, at));
      expect(cellsOf(parts).map((cell) => [cell.ref, cell.text]), `cut at ${at}`).toEqual([['A2', '1'], ['C2', "x'y"], ['D2', '12345'], ['F2', 'tail'], ['G2', 'AB'], ['A3', '2'], ['B3', '李娜']]);
      expect(parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('') === `${doc}\n-- note\n`, `cut at ${at}`).toBe(true);
    }
  });

  it('two documents in one row, the second cut by the line\'s pieces: their text in their order, the first not inside the second', async () => {
    const first = `${'第一份 '.repeat(80_000)}完`;
    const second = `${'第二份 '.repeat(600_000)}完`;
    const { parts } = await readAll(bufferSource('notes.sql', `INSERT INTO t VALUES (1,'${first}','${second}','张伟');\n`, 65_536));
    expect(cellsOf(parts).map((cell) => [cell.ref, cell.text])).toEqual([['A2', '1'], ['D2', '张伟']]);
    expect(parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('') === `${first}\n${second}\n`).toBe(true);
  });

  it('a row over lines (line breaks in its strings) longer than a million characters in all is read under its columns, and the rows after it (they were text)', async () => {
    const [first, second] = [`${'第一份 '.repeat(200_000)}完`, `${'第二份 '.repeat(70_000)}完`];
    const dump = `INSERT INTO t VALUES ('a\nb','${first}','c\nd','${second}','e\nf','张伟')\n,(2,'李娜');\n`;
    const { parts } = await readAll(bufferSource('notes.sql', dump, 65_536));
    expect(cellsOf(parts).map((cell) => [cell.ref, cell.text])).toEqual([['A2', 'a\nb'], ['C2', 'c\nd'], ['E2', 'e\nf'], ['F2', '张伟'], ['A3', '2'], ['B3', '李娜']]);
    expect(parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('') === `${first}\n${second}\n`).toBe(true);
  });

  it('a document of megabytes that lost its closing quote: the values before it are cells, it is text, and the statement on the next line is read', async () => {
    const doc = `${'客户回访记录 '.repeat(400_000)}完`;
    for (const after of ['INSERT INTO t VALUES (2,\'李娜\');\n', '']) {
      const { parts } = await readAll(bufferSource('notes.sql', `INSERT INTO t VALUES (1,'张伟','${doc}\n${after}`, 65_536));
      expect(cellsOf(parts).map((cell) => [cell.ref, cell.text])).toEqual([['A2', '1'], ['B2', '张伟'], ...(after === '' ? [] : [['A3', '2'], ['B3', '李娜']])]);
      expect(parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('') === `${doc}\n`).toBe(true);
    }
  });

  it('a dump in a tar cut short keeps the rows read before the cut, then fails', async () => {
    const tar = tarBuffer([{ name: 'db/backup.sql', data: DUMPS['pg_dump (INSERT)'] }]);
    const report = await scanSource(bufferSource('backup.tar', tar.subarray(0, 512 + Math.floor(DUMPS['pg_dump (INSERT)'].length * 0.8))), 'backup.tar');
    expect(report).toMatchObject({ sensitivity: 'confidential', error: { code: 'CORRUPT' } });
    expect(report.counts.cn_name).toBeGreaterThanOrEqual(10);
  });

  // A BLOB column as the dump tools write it: read as its bytes, a photo of an ID card is NO_TEXT and
  // a zip is opened. As text, the hex came out public.
  it.each<[string, (bytes: Buffer) => string]>([
    ['mysqldump --hex-blob (0x…)', (bytes) => `INSERT INTO \`kyc\` VALUES (1,0x${bytes.toString('hex').toUpperCase()});`],
    ["an X'…' literal", (bytes) => `INSERT INTO kyc VALUES (1, X'${bytes.toString('hex')}');`],
    ['pg_dump --inserts (bytea)', (bytes) => `INSERT INTO public.kyc (id, photo) VALUES (1, '\\x${bytes.toString('hex')}');`],
    ['pg_dump COPY (bytea)', (bytes) => `COPY public.kyc (id, photo) FROM stdin;\n1\t\\\\x${bytes.toString('hex')}\n\\.`],
  ])('a BLOB in %s is read as its bytes', async (_, row) => {
    const table = 'CREATE TABLE kyc (\n  id int NOT NULL,\n  photo longblob\n);\n';
    const photo = await scanSource(bufferSource('kyc.sql', `${table}${row(greyPng(640, 400))}\n`), 'kyc.sql');
    expect(photo).toMatchObject({ format: 'sql', sensitivity: 'failed', error: { code: 'NO_TEXT' } });
    const { csv } = customerCsv(5);
    const zipped = await scanSource(bufferSource('kyc.sql', `${table}${row(await zipBuffer([{ name: '客户.csv', data: csv }]))}\n`), 'kyc.sql');
    expect(zipped).toMatchObject({ format: 'sql', sensitivity: 'confidential', counts: { cn_resident_id: 5 } });
    expect(zipped.error).toBeUndefined();
  });

  it('a BLOB written raw (mysqldump without --hex-blob) of compressed or encrypted bytes is OPAQUE, never public', async () => {
    // Rows of text first, so that its first 8 KiB are a dump's; then a photo's size of ciphertext.
    const products = Array.from({ length: 600 }, (_, i) => `(${i + 1},'商品${i}','现货')`).join(',');
    const raw = noise(200_000, 21).toString('latin1').replace(/[\\'\0\n\r\x1a]/g, (c) => `\\${c === '\0' ? '0' : c === '\n' ? 'n' : c === '\r' ? 'r' : c === '\x1a' ? 'Z' : c}`);
    const dump = Buffer.concat([Buffer.from(`INSERT INTO product VALUES ${products};\nINSERT INTO kyc VALUES (1,'`), Buffer.from(raw, 'latin1'), Buffer.from("');\n")]);
    const report = await scanSource(bufferSource('backup.sql', dump), 'backup.sql');
    expect(report).toMatchObject({ format: 'sql', sensitivity: 'failed', error: { code: 'OPAQUE' } });
  });

  it.each<[string, string, string]>([
    ['backup.sql', DUMPS.mysqldump, 'sql'],
    ['dump', DUMPS['pg_dump (COPY)'], 'sql'],
    ['notes.sql', 'SELECT 1;\n', 'sql'],
    ['app.log', 'INSERT INTO audit VALUES (1);\n', 'text'],
    ['backup.txt', 'CREATE TABLE t (a int);\n', 'sql'],
  ])('sniffs %s as %s', (name, content, format) => {
    expect(sniffBytes(Buffer.from(content), name).format).toBe(format);
  });

  it('a byte range of a dump (the scanner ranged scan) is read as plain text', async () => {
    const content = await openContent({ ...bufferSource('backup.sql', DUMPS.mysqldump), plainText: true });
    expect(content.format).toBe('text');
  });
});

describe('mysqldump --tab: t.sql (the CREATE TABLE) beside t.txt (the rows, tab separated)', () => {
  /** The two files mysqldump 8 writes for the customer table (`--tab=dir`). */
  const definition = `-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n-- Host: localhost    Database: crm\n-- ------------------------------------------------------\n/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\nDROP TABLE IF EXISTS \`customer\`;\n/*!50503 SET character_set_client = utf8mb4 */;\n${createTable('`').replace(/\);\n$/, ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n')}/*!40101 SET character_set_client = @saved_cs_client */;\n`;
  const escaped = (value: string) => value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  const data = `${rows.map((r, i) => `${i + 1}\t${r.map(escaped).join('\t')}`).join('\n')}\n99\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n`;

  it.each(['1', '2'])('--jobs %s: the rows read under their columns, as the same table in a dump (alone, the .txt is rows without names: its names and WeChat ids unfound)', async (jobs) => {
    const dir = join('test', '.out', `mysqldump-tab-${jobs}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 'crm'), { recursive: true });
    await mkdir(join(dir, 'alone'), { recursive: true });
    await writeFile(join(dir, 'crm', 'customer.sql'), definition);
    await writeFile(join(dir, 'crm', 'customer.txt'), data);
    await writeFile(join(dir, 'alone', 'customer.txt'), data);
    try {
      const { code, out } = await runCli(['scan', dir, '--format', 'json', '--no-progress', '--jobs', jobs]);
      expect(code).toBe(0);
      const byKey = Object.fromEntries((JSON.parse(out) as ScanReport).objects.map((object) => [object.key, object]));
      const dump = await scanSource(bufferSource('backup.sql', DUMPS['pg_dump (COPY)']), 'backup.sql');
      expect(byKey['crm/customer.txt']).toMatchObject({ format: 'sql', sensitivity: 'confidential', counts: dump.counts });
      expect(byKey['alone/customer.txt'].format).toBe('tsv');
      expect(byKey['alone/customer.txt'].counts.wechat_id ?? 0).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([1, 2])('a table of %i row(s), too few lines to be told tab-separated, is read under its columns too (it was text: public)', async (count) => {
    const few = `${rows.slice(0, count).map((r, i) => `${i + 1}\t${r.map(escaped).join('\t')}`).join('\n')}\n`;
    const beside = (name: string) => ({ ...bufferSource(name, few), sibling: async (other: string) => (other === 'customer.sql' ? bufferSource('customer.sql', definition) : undefined) });
    const report = await scanSource(beside('crm/customer.txt'), 'crm/customer.txt');
    expect(report).toMatchObject({ format: 'sql', sensitivity: 'confidential' });
    expect(report.counts.wechat_id).toBe(count);
    // Another table's .sql beside it, or none: text, as before.
    const other = await scanSource(beside('crm/orders.txt'), 'crm/orders.txt');
    expect(other.format).toBe('text');
    expect(other.counts.wechat_id ?? 0).toBe(0);
  });
});
