/**
 * pg_dump's custom-format archives, made by PostgreSQL on this machine (pg-dumps.ts): every row's
 * values under their columns, as the same table dumped as plain SQL reads; large objects read as
 * files; damage CORRUPT after what was read.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../../lambdas/engine/report.js';
import { runCli } from '../../support/cli.js';
import { SCAN_ERROR_CODES } from '../../../lambdas/engine/errors.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import type { ObjectReport } from '../../../lambdas/engine/scan.js';
import { csvText, zipBuffer } from '../../../synthetic/files.js';
import { tarBuffer } from './writers.js';
import { Rng } from '../../../synthetic/random.js';
import { customerCsv, labelledList } from './backup-fixtures.js';
import { bufferSource, readAll } from './read-parts.js';
import { pgDumps } from './pg-dumps.js';

const list = labelledList(new Rng('pgdump'), 20);
const [, ...rows] = list;
const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;
const { csv, ids } = customerCsv(5, 31);

let dumps: Record<string, Buffer>;
let csvReport: ObjectReport;
/** The large object's zip scanned alone. */
let zipReport: ObjectReport;

beforeAll(async () => {
  const zip = await zipBuffer([{ name: 'list.csv', data: Buffer.from(csv) }]);
  const sql = [
    'CREATE TABLE customer (id int PRIMARY KEY, real_name text, wechat text, birthday date, passport_no text, qq text, photo bytea);',
    `INSERT INTO customer VALUES ${rows.map((row, i) => `(${i + 1}, ${row.map(quoted).join(', ')}, '\\x89504e470d0a1a0a')`).join(',\n')};`,
    // A large object holding a zip of a customer list.
    `SELECT lo_from_bytea(0, '\\x${zip.toString('hex')}');`,
  ].join('\n');
  dumps = await pgDumps(sql, {
    'custom.dump': ['-Fc'],
    'uncompressed.dump': ['-Fc', '-Z0'],
    'plain.sql': [],
    directory: ['-Fd'],
    'tar.tar': ['-Ft'],
  });
  csvReport = await scanSource(bufferSource('list.csv', csvText(list)), 'list.csv');
  zipReport = await scanSource(bufferSource('list.zip', zip), 'list.zip');
}, 120_000);

const scan = (name: string, data: Buffer) => scanSource(bufferSource(name, data, 4096), name);

describe('a pg_dump custom-format archive', () => {
  it.each([
    ['compressed (pg_dump -Fc, the default)', 'custom.dump'],
    ['uncompressed (-Z0)', 'uncompressed.dump'],
  ])('%s: every row under its columns, as the plain SQL dump of the same table reads; its large object read as a file', async (_, name) => {
    const plain = await scan('plain.sql', dumps['plain.sql']);
    const report = await scan('backup.dump', dumps[name]);
    expect(csvReport.counts.cn_name).toBe(20);
    expect(report).toMatchObject({ format: 'pgdump', sensitivity: 'confidential' });
    // The table's rows as the same list in a CSV, and the large object's zip as alone.
    for (const type of ['cn_name', 'wechat_id', 'date_of_birth', 'cn_passport', 'qq', 'cn_resident_id'] as const) {
      expect([type, report.counts[type]]).toEqual([type, (csvReport.counts[type] ?? 0) + (zipReport.counts[type] ?? 0)]);
    }
    expect(zipReport.counts.cn_resident_id).toBe(ids.length);
    // The photo column's PNGs: pictures, not read (no OCR).
    expect(report.error?.code).toBe('NO_TEXT');
    // The plain SQL dump of the same database (its large object written as lowrite calls) reads its table so too.
    expect(plain.counts.qq).toBe(report.counts.qq);
  });

  it('gives the rows as cells of their table, under their column names', async () => {
    const { format, parts } = await readAll(bufferSource('backup.dump', dumps['custom.dump']));
    expect(format).toBe('pgdump');
    const cells = parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));
    expect(cells.find((cell) => cell.text === rows[0][0])).toMatchObject({ sheet: 'customer', ref: 'B2', header: 'real name' });
  });

  it('is told by its signature, whatever its name', () => {
    expect(sniffBytes(dumps['custom.dump'].subarray(0, 8192), 'backup').format).toBe('pgdump');
  });

  it('was OPAQUE (compressed) read by the strings pass, unread', async () => {
    const bytes = Buffer.from(dumps['custom.dump']);
    bytes.write('XXXXX', 0, 'latin1');
    const report = await scan('backup.bin', bytes);
    expect(report.format).toBe('binary');
    expect(report.counts.cn_name ?? 0).toBe(0);
  });

  it('the directory format\'s toc.dat gives its statements (its data is in files beside it)', async () => {
    const { format, parts } = await readAll(bufferSource('toc.dat', dumps.directory));
    expect(format).toBe('pgdump');
    expect(parts.map((part) => part.kind)).not.toContain('error');
    expect(parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('')).toContain('PRIMARY KEY (id)');
  });

  it('cut short: the rows before the cut are read, then CORRUPT', async () => {
    const whole = dumps['uncompressed.dump'];
    const report = await scan('cut.dump', whole.subarray(0, whole.indexOf(Buffer.from(rows[12][0]))));
    expect(report.error).toMatchObject({ code: 'CORRUPT', message: 'pg_dump archive: cut short' });
    expect(report.counts.cn_name).toBeGreaterThanOrEqual(10);
    expect(report.sensitivity).toBe('confidential');
  });

  it('damaged compressed data: CORRUPT, never public', async () => {
    const bytes = Buffer.from(dumps['custom.dump']);
    const at = bytes.length - 600;
    bytes.fill(0x55, at, at + 200);
    const report = await scan('bad.dump', bytes);
    expect(report.sensitivity).not.toBe('public');
    expect(report.error?.code).toMatch(/^(CORRUPT|LIMIT_EXCEEDED)$/);
  });
});

describe("pg_dump's tar format (-Ft): toc.dat, a data file per table, restore.sql", () => {
  /** The tar's data file of the customer table (`NNNN.dat`), the one holding the names. */
  const dataFile = (tar: Buffer): string => /(\d+\.dat)\0/.exec(tar.toString('latin1', 0, 64 * 1024))![1];

  it('reads every row under its columns, as the custom format does; its large object as a file', async () => {
    const custom = await scan('backup.dump', dumps['custom.dump']);
    const report = await scan('backup.tar', dumps['tar.tar']);
    expect(report).toMatchObject({ format: 'tar', sensitivity: 'confidential' });
    for (const type of ['cn_name', 'wechat_id', 'date_of_birth', 'cn_passport', 'qq', 'cn_resident_id'] as const) {
      expect([type, report.counts[type]]).toEqual([type, custom.counts[type]]);
    }
    expect(report.counts.cn_name).toBe(csvReport.counts.cn_name! + zipReport.counts.cn_name!);
    const { parts } = await readAll(bufferSource('backup.tar', dumps['tar.tar']));
    const [cell] = parts.flatMap((part) => (part.kind === 'cells' ? part.cells.filter((inner) => inner.text === rows[0][0]).map((inner) => ({ ...inner, entry: part.where.entry })) : []));
    expect(cell).toMatchObject({ sheet: 'customer', ref: 'B2', header: 'real name', entry: dataFile(dumps['tar.tar']) });
  });

  it('a data file with no toc.dat before it that is one is rows without columns, read as text: only names found, by their values', async () => {
    // What every pg_dump -Ft archive was before engine 0.3.5 (public: nothing but names, WeChat ids, birth dates, passports and QQ numbers).
    const tar = Buffer.from(dumps['tar.tar']);
    tar.write('XXXXX', tar.indexOf(Buffer.from('PGDMP')), 'latin1');
    const report = await scan('backup.tar', tar);
    // The large object's names (a zip of a CSV), and the table's by their values alone
    // (column-profile.ts); its WeChat ids, without their column, unfound.
    expect(report.counts.cn_name).toBe(zipReport.counts.cn_name! + 20);
    expect(report.counts.wechat_id ?? 0).toBe(0);
  });

  it.each([
    ['its toc.dat first', true],
    ['in name order, its toc.dat last (the data files held until it comes)', false],
  ])('a tarred pg_dump -Fd folder, %s: its gzipped data files read under their columns', async (_, tocFirst) => {
    const files = Object.keys(dumps).filter((name) => name.startsWith('directory/'));
    const toc = files.filter((name) => name.endsWith('/toc.dat'));
    const rest = files.filter((name) => !toc.includes(name)).sort();
    const tar = tarBuffer((tocFirst ? [...toc, ...rest] : [...rest, ...toc]).map((name) => ({ name: `dump/${name}`, data: dumps[name] })));
    expect(files.some((name) => /\/\d+\.dat\.gz$/.test(name))).toBe(true);
    const report = await scan('dump.tar', tar);
    expect(report.counts.cn_name).toBe(csvReport.counts.cn_name! + zipReport.counts.cn_name!);
    expect(report.counts.wechat_id).toBe(20);
  });

  it('a data file held for a toc.dat that never comes is read as it is, when the archive ends', async () => {
    const data = Object.keys(dumps).find((name) => /^directory\/\d+\.dat\.gz$/.test(name))!;
    const report = await scan('dump.tar', tarBuffer([{ name: 'dump/3999.dat.gz', data: dumps[data] }, { name: 'dump/readme.txt', data: 'see toc' }]));
    expect(report.format).toBe('tar');
    // Read as gzipped text: its names found by their values (column-profile.ts), its QQ numbers
    // without their column unfound.
    expect(report.counts.cn_name).toBe(20);
    expect(report.counts.qq ?? 0).toBe(0);
    const parts = (await readAll(bufferSource('dump.tar', tarBuffer([{ name: 'dump/3999.dat.gz', data: dumps[data] }])))).parts;
    expect(parts.map((part) => part.where.entry)).toContain('dump/3999.dat.gz/3999.dat');
  });
});

describe("pg_dump's directory format (-Fd) scanned as a folder (shredlock scan)", () => {
  it.each(['1', '2'])('--jobs %s: a data file (NNNN.dat.gz) is read under the columns its toc.dat beside it names; alone, as gzipped text', async (jobs) => {
    const dir = join('test', '.out', `pgdump-fd-${jobs}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 'dump'), { recursive: true });
    await mkdir(join(dir, 'moved'), { recursive: true });
    const files = Object.keys(dumps).filter((name) => name.startsWith('directory/'));
    const data = files.find((name) => /\/\d+\.dat\.gz$/.test(name))!;
    for (const name of files) await writeFile(join(dir, 'dump', name.slice('directory/'.length)), dumps[name]);
    await writeFile(join(dir, 'moved', 'copy.dat.gz'), dumps[data]);
    try {
      const { code, out } = await runCli(['scan', dir, '--format', 'json', '--no-progress', '--jobs', jobs]);
      expect(code).toBe(0);
      const byKey = Object.fromEntries((JSON.parse(out) as ScanReport).objects.map((object) => [object.key, object]));
      expect(byKey[`dump/${data.slice('directory/'.length)}`]).toMatchObject({ format: 'pgdump', sensitivity: 'confidential', counts: { cn_name: 20, wechat_id: 20, qq: 20 } });
      expect(byKey['moved/copy.dat.gz']).toMatchObject({ format: 'gzip' });
      // Alone: its names by their values (column-profile.ts), its QQ numbers unfound.
      expect(byKey['moved/copy.dat.gz'].counts).toMatchObject({ cn_name: 20 });
      expect(byKey['moved/copy.dat.gz'].counts.qq ?? 0).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('damaged copies (bytes overwritten, runs filled, cut short)', () => {
  it('every one is read or fails with a scan error code, never a foreign error, and is never public', async () => {
    const rng = new Rng('pgdump-damage');
    const codes = new Set<string>();
    for (let i = 0; i < 45; i++) {
      const copy = Buffer.from(dumps[i % 2 === 0 ? 'custom.dump' : 'uncompressed.dump']);
      if (i % 3 === 0) for (let k = 0; k < 8; k++) copy[rng.int(8, copy.length - 1)] = rng.int(0, 255);
      if (i % 3 === 1) copy.fill(rng.int(0, 255), rng.int(8, copy.length - 100), copy.length - rng.int(0, 99));
      const bytes = i % 3 === 2 ? copy.subarray(0, rng.int(8, copy.length - 1)) : copy;
      const result = await readAll(bufferSource('damaged.dump', bytes));
      for (const part of result.parts) if (part.kind === 'error') codes.add(part.code);
      if (result.thrown !== undefined) codes.add(result.thrown.code);
      const report = await scan('damaged.dump', bytes);
      expect(report.sensitivity).not.toBe('public');
    }
    expect([...codes].filter((code) => !(SCAN_ERROR_CODES as readonly string[]).includes(code))).toEqual([]);
    expect(codes.has('CORRUPT')).toBe(true);
  });
});

describe('a large object too large to be read as a BLOB', () => {
  it('is LIMIT_EXCEEDED after the rest of the archive, never public', async () => {
    // 7.5 MiB of random bytes: its statement in hex would be longer than the SQL reader reads as one.
    const big = Buffer.alloc(7.5 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4) big.writeUInt32LE((Math.imul(i, 2654435761) ^ (i >>> 7)) >>> 0, i);
    const { 'big.dump': dump } = await pgDumps(
      [`CREATE TABLE t (real_name text, qq text);`, `INSERT INTO t VALUES (${rows.map((row) => `${quoted(row[0])}, ${quoted(row[4])}`).join('), (')});`, `SELECT lo_from_bytea(0, '\\x${big.toString('hex')}');`].join('\n'),
      { 'big.dump': ['-Fc'] },
    );
    const report = await scan('big.dump', dump);
    expect(report.error).toEqual({ code: 'LIMIT_EXCEEDED', message: 'pg_dump archive: 1 large object(s) of more than 7340032 bytes not read' });
    expect(report.counts.qq).toBe(20);
    expect(report.sensitivity).not.toBe('public');
  }, 120_000);
});
