/**
 * Sealed files (sealed.ts): encrypted, or compressed in a format no reader here knows, told by their
 * signature, are failed and never public, however small. The files are made by the real tools
 * (OpenSSL, GnuPG with a throwaway key, lzop, xz's LZMA-alone format, pyarrow's ORC writer, MariaDB's
 * InnoDB: mariadb-files.ts); age, lzip and qpress, of
 * which Debian's tools are not installed here, by their documented headers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { sealedKind } from '../../../lambdas/engine/formats/sealed.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { customerCsv } from './backup-fixtures.js';
import { bufferSource, noise } from './read-parts.js';
import { mariadbFiles } from './mariadb-files.js';
import { CUSTOMER_COLUMNS, customers, products, written } from './writers.js';

/** Five customers: about 600 bytes, under what the opacity meter can measure. */
const { csv } = customerCsv(5, 21);
const gnupg = mkdtempSync(join(tmpdir(), 'shredlock-gnupg-'));
afterAll(() => rmSync(gnupg, { recursive: true, force: true }));

const run = (program: string, args: readonly string[], input: Buffer | string = csv) => execFileSync(program, args, { input, maxBuffer: 64 * 1024 * 1024 });
const gpg = (args: readonly string[], input: Buffer | string = csv) => run('gpg', ['--homedir', gnupg, '--batch', '--yes', '--quiet', ...args], input);
const scan = (name: string, bytes: Buffer) => scanSource(bufferSource(name, bytes), name);

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

/**
 * A Microsoft Tape Format TAPE block as SQL Server's BACKUP DATABASE starts a `.bak` (MTF 1.00a:
 * MTF_DB_HDR, its checksum at 50 the XOR of the 25 words before it), padded to 1 KiB.
 */
function mtfTape(): Buffer {
  const block = Buffer.alloc(1024);
  block.write('TAPE', 0, 'latin1');
  block.writeUInt32LE(0x00030000, 4); // attributes
  block.writeUInt16LE(0x00cc, 8); // offset to the first event
  block.writeUInt8(14, 10); // OS: Windows NT
  block.writeUInt8(2, 11);
  block.writeUInt8(2, 48); // strings in Unicode
  let sum = 0;
  for (let at = 0; at < 50; at += 2) sum ^= block.readUInt16LE(at);
  block.writeUInt16LE(sum, 50);
  return block;
}

describe('encrypted files are ENCRYPTED, never public, however small', () => {
  gpg(['--passphrase', '', '--quick-gen-key', 'Test <test@example.com>', 'future-default', 'default', 'never'], '');

  it.each<[string, () => Buffer, string]>([
    ['openssl enc (salted, its default)', () => run('openssl', ['enc', '-aes-256-cbc', '-pbkdf2', '-pass', 'pass:test']), 'OpenSSL-encrypted data'],
    ['gpg -c (a passphrase)', () => gpg(['--passphrase', 'test', '--pinentry-mode', 'loopback', '-c']), 'an OpenPGP-encrypted message'],
    ['gpg -e (a public key)', () => gpg(['-e', '-r', 'test@example.com', '--trust-model', 'always']), 'an OpenPGP-encrypted message'],
    ['gpg -e -a (ASCII-armored)', () => gpg(['-e', '-a', '-r', 'test@example.com', '--trust-model', 'always']), 'an ASCII-armored OpenPGP message'],
    ['age (its header)', () => Buffer.concat([Buffer.from('age-encryption.org/v1\n-> X25519 abc\nxyz\n--- mac\n'), noise(600, 3)]), 'an age-encrypted file'],
  ])('%s', async (_, make, what) => {
    const bytes = make();
    expect(bytes.length).toBeLessThan(1400);
    const report = await scan('customers.csv.enc', bytes);
    expect(report).toMatchObject({ sensitivity: 'failed', counts: {}, error: { code: 'ENCRYPTED', message: expect.stringContaining(what) } });
  });
});

describe('compressed in a format no reader here knows: what the strings pass finds, then OPAQUE', () => {
  it.each<[string, () => Buffer, string]>([
    ['lzop', () => run('lzop', ['-c']), 'lzop data'],
    ['LZMA alone (xz --format=lzma)', () => run('xz', ['--format=lzma', '-c']), 'LZMA data (.lzma)'],
    ['lzip (its header)', () => Buffer.concat([Buffer.from('LZIP\x01\x0c', 'latin1'), noise(500, 4)]), 'lzip data'],
    ['qpress (its header)', () => Buffer.concat([Buffer.from('qpress10', 'latin1'), noise(500, 5)]), 'qpress data'],
    ['a SQL Server backup (its MTF tape header)', () => Buffer.concat([mtfTape(), Buffer.from(csv, 'utf16le')]), 'a Microsoft Tape Format backup (SQL Server .bak'],
  ])('%s', async (_, make, what) => {
    const report = await scan('customers.csv.x', make());
    // Failed, or confidential by an ID the compressor left whole: never public, never only sensitive.
    expect(['failed', 'confidential']).toContain(report.sensitivity);
    expect(report.error).toMatchObject({ code: 'OPAQUE', message: expect.stringContaining(what) });
  });

  it("lzop's fragments are reported beside the error: found, not hidden", async () => {
    const { csv: many } = customerCsv(400, 22);
    const report = await scan('customers.csv.lzo', run('lzop', ['-c'], many));
    expect(report.sensitivity).not.toBe('public');
    expect(report.error?.code).toBe('OPAQUE');
    expect(Object.keys(report.counts).length).toBeGreaterThan(0);
  });
});

describe('Apache ORC files (no reader here): what the strings pass finds, then OPAQUE, never public', () => {
  const { rows } = customers(30, 'orc');
  const table = { name: 'c', columns: [...CUSTOMER_COLUMNS], types: ['text', 'text', 'text', 'int', 'text', 'text'], rows };
  it.each(['zlib', 'zstd', 'snappy', 'uncompressed'])('%s, as Hive names its files', async (codec) => {
    const bytes = await written({ kind: 'orc', tables: [table], codec });
    expect(sealedKind(bytes)).toMatchObject({ code: 'OPAQUE', what: 'an Apache ORC file' });
    const report = await scan('warehouse/customers/000000_0', bytes);
    expect(['failed', 'confidential']).toContain(report.sensitivity);
    expect(report.error).toMatchObject({ code: 'OPAQUE', message: expect.stringContaining('an Apache ORC file') });
  });

  it('one without personal data is failed too: its content was not read', async () => {
    const bytes = await written({ kind: 'orc', tables: [{ name: 'p', columns: ['code', 'item', 'price', 'count', 'note'], types: ['text', 'text', 'text', 'int', 'text'], rows: products(40) }] });
    expect(await scan('products.orc', bytes)).toMatchObject({ sensitivity: 'failed', error: { code: 'OPAQUE' } });
  });

  it('a text that starts with ORC is text', async () => {
    expect(sealedKind(Buffer.from('ORC-2024 orders\nid,amount\n1,20\n'))).toBeUndefined();
  });
});

describe("InnoDB's files (a physical MySQL backup): what the strings pass finds, then OPAQUE, never public nor only that", () => {
  const { rows } = customers(30, 'innodb');
  const quoted = (value: string | number) => `'${String(value).replace(/'/g, '')}'`;
  const sql = [
    'CREATE DATABASE crm CHARACTER SET utf8mb4; USE crm;',
    'CREATE TABLE c (no VARCHAR(16), name VARCHAR(32), id_no CHAR(18), mobile VARCHAR(20), card VARCHAR(24), note VARCHAR(32)) ENGINE=InnoDB;',
    'CREATE TABLE m (name VARCHAR(32), id_no CHAR(18), mobile BIGINT) ENGINE=InnoDB;',
    ...rows.map((row) => `INSERT INTO c VALUES (${row.map(quoted).join(', ')});`),
    ...rows.map((row) => `INSERT INTO m VALUES (${quoted(row[1])}, ${quoted(row[2])}, ${row[3]});`),
  ].join('\n');
  let files: Record<string, Buffer>;
  beforeAll(async () => {
    files = await mariadbFiles(sql, ['crm/c.ibd', 'crm/m.ibd', 'ibdata1', 'ib_logfile0']);
  }, 120_000);

  it('a table\'s .ibd, the system tablespace and the redo log are told by their headers', () => {
    expect(sealedKind(files['crm/c.ibd'])).toMatchObject({ code: 'OPAQUE', what: expect.stringContaining('an InnoDB tablespace') });
    expect(sealedKind(files.ibdata1)).toMatchObject({ code: 'OPAQUE', what: expect.stringContaining('an InnoDB tablespace') });
    expect(sealedKind(files.ib_logfile0.subarray(0, 8192))).toMatchObject({ code: 'OPAQUE', what: 'an InnoDB redo log (MySQL, MariaDB)' });
    expect(files.ib_logfile0.length).toBe(8 * 1024 * 1024);
  });

  it.each(['crm/c.ibd', 'crm/m.ibd', 'ibdata1'])('%s: failed (or confidential by what the pass found), never public', async (file) => {
    const report = await scan(file.split('/').pop()!, files[file]);
    expect(['failed', 'confidential']).toContain(report.sensitivity);
    expect(report.error).toMatchObject({ code: 'OPAQUE', message: expect.stringContaining('mysqldump') });
  });

  it('the customer table\'s columns run together: the strings pass alone finds none of its IDs (the reason it is not trusted)', async () => {
    const report = await scan('c.ibd', files['crm/c.ibd']);
    expect(report.counts.cn_resident_id ?? 0).toBe(0);
    expect(report.sensitivity).toBe('failed');
  });
});

describe("statistics packages' files not read (SPSS's portable, SAS's datasets): what the strings pass finds, then OPAQUE, never public", () => {
  const { rows } = customers(30, 'spss');
  // Names as survey tools give them (SPSS's portable and SAS's transport files hold 8 ASCII characters).
  const table = { name: 'c', columns: ['cid', 'xm', 'sfzh', 'sj', 'card', 'note'], types: ['text', 'text', 'text', 'int', 'text', 'text'], rows };
  it.each(['por'] as const)('%s, written by ReadStat', async (format) => {
    // A portable file holds no Chinese text (its character table is ASCII's).
    const ascii = { ...table, columns: ['cid', 'sfzh', 'sj', 'card'], types: ['text', 'text', 'int', 'text'], rows: rows.map((row) => [row[0], row[2], row[3], row[4]]) };
    const bytes = await written({ kind: 'spss', tables: [format === 'por' ? ascii : table], format });
    expect(sealedKind(bytes)).toMatchObject({ code: 'OPAQUE', what: expect.stringContaining('SPSS portable') });
    const report = await scan(`survey.${format}`, bytes);
    expect(['failed', 'confidential']).toContain(report.sensitivity);
    expect(report.error).toMatchObject({ code: 'OPAQUE', message: expect.stringContaining('export it to CSV') });
  });

  it("a SAS dataset (.sas7bdat), by its magic number (no free writer of them)", async () => {
    const head = Buffer.concat([Buffer.alloc(12), Buffer.from('c2ea8160b31411cfbd92080009c7318c181f1011', 'hex'), Buffer.from(csv)]);
    expect(await scan('trial.sas7bdat', head)).toMatchObject({ error: { code: 'OPAQUE', message: expect.stringContaining('a SAS dataset') } });
  });
});

describe('what is not sealed', () => {
  it('text and plain binaries are not; nor are a text that mentions a PGP message, noise, or an LZMA-like header with a dictionary of no allowed size', () => {
    expect(sealedKind(Buffer.from(csv))).toBeUndefined();
    expect(sealedKind(Buffer.from('See the attached -----BEGIN PGP MESSAGE----- block'))).toBeUndefined();
    for (let seed = 1; seed <= 200; seed++) expect(sealedKind(noise(64, seed)), `seed ${seed}`).toBeUndefined();
    const tape = mtfTape();
    tape[20] ^= 1;
    expect(sealedKind(tape)).toBeUndefined();
    expect(sealedKind(Buffer.from('TAPE 3 of 12: customer archive, box 7\n'.repeat(4)))).toBeUndefined();
    const lzma = Buffer.from([0x5d, 0x00, 0x00, 0x80, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(sealedKind(lzma)).toMatchObject({ code: 'OPAQUE' });
    lzma.writeUInt32LE(5_000_000, 1);
    expect(sealedKind(lzma)).toBeUndefined();
  });
});
