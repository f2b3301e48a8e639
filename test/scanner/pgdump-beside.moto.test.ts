/**
 * A `pg_dump -Fd` backup copied to the vault as it is (a folder: `toc.dat`, a `NNNN.dat.gz` per
 * table): each data file is an object of its own, its rows without their columns' names. Scanned
 * on moto with the scanner's own source (s3-source.ts), a data file is read under the columns
 * its `toc.dat` beside it names (the current version of that key); without it (deleted, a delete
 * marker newer), as gzipped text, as before. So is a `mysqldump --tab` table's `.txt` under the
 * CREATE TABLE of the `.sql` beside it.
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ObjectVersionRef } from '../../lambdas/aws/object-ref.js';
import { scanSource } from '../../lambdas/engine/scan.js';
import { listVersionPage } from '../../lambdas/aws/object-versions.js';
import { s3VersionSource } from '../../lambdas/scanner/s3-source.js';
import { Rng } from '../../synthetic/random.js';
import { labelledList } from '../engine/formats/backup-fixtures.js';
import { pgDumps } from '../engine/formats/pg-dumps.js';
import { useMotoS3 } from '../support/moto.js';
import { createVault, putVersion } from './fixtures.js';

const VAULT = 'vault-pgdump';
const [, ...rows] = labelledList(new Rng('pgdump-beside'), 20);
const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;
let folder: Record<string, Buffer>;
let data: ObjectVersionRef;

beforeAll(async () => {
  const sql = [
    'CREATE TABLE customer (id int PRIMARY KEY, real_name text, wechat text, birthday date, passport_no text, qq text);',
    `INSERT INTO customer VALUES ${rows.map((row, i) => `(${i + 1}, ${row.map(quoted).join(', ')})`).join(',\n')};`,
  ].join('\n');
  folder = await pgDumps(sql, { db: ['-Fd'] });
}, 120_000);

/** `mysqldump --tab`'s two files of the same table: its CREATE TABLE, its rows without their columns. */
const TAB_SQL = 'CREATE TABLE `customer` (\n  `id` int NOT NULL,\n  `real_name` varchar(64),\n  `wechat` varchar(64),\n  `birthday` date,\n  `passport_no` varchar(16),\n  `qq` varchar(16),\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n';
const TAB_TXT = rows.map((row, i) => `${i + 1}\t${row.join('\t')}\n`).join('');

const s3 = useMotoS3(async (client) => {
  await createVault(client, VAULT, 'GOVERNANCE');
  await putVersion(client, VAULT, 'backups/mysql/customer.sql', TAB_SQL);
  await putVersion(client, VAULT, 'backups/mysql/customer.txt', TAB_TXT);
  for (const [name, body] of Object.entries(folder)) {
    if (!name.includes('/')) continue;
    const key = `backups/pg/${name}`;
    const versionId = await putVersion(client, VAULT, key, body);
    if (/\/\d+\.dat\.gz$/.test(name)) data = { bucket: VAULT, key, versionId };
  }
});

const scan = () => scanSource(s3VersionSource(s3, data), data.key);

describe('a pg_dump -Fd data file in the vault, its toc.dat beside it', () => {
  it('is read under its columns: every name, WeChat id, birth date, passport and QQ number', async () => {
    const report = await scan();
    expect(report).toMatchObject({ format: 'pgdump', sensitivity: 'confidential' });
    expect(report.counts).toEqual({ cn_name: 20, wechat_id: 20, date_of_birth: 20, cn_passport: 20, qq: 20 });
  });

  it('with its toc.dat deleted (a delete marker newer), is read as gzipped text: its WeChat ids unfound, as every such file was before', async () => {
    await s3.send(new DeleteObjectCommand({ Bucket: VAULT, Key: 'backups/pg/db/toc.dat' }));
    const report = await scan();
    expect(report.format).toBe('gzip');
    // Its names by their values alone (column-profile.ts), since engine 0.3.6.
    expect(report.counts.cn_name).toBe(20);
    expect(report.counts.wechat_id ?? 0).toBe(0);
  });
});

describe('a mysqldump --tab table in the vault (customer.txt beside customer.sql)', () => {
  it('is read under the columns of the CREATE TABLE beside it', async () => {
    const { versions } = await listVersionPage(s3, VAULT, { prefix: 'backups/mysql/customer.txt' });
    const ref = { bucket: VAULT, key: 'backups/mysql/customer.txt', versionId: versions[0].versionId };
    const report = await scanSource(s3VersionSource(s3, ref), ref.key);
    expect(report).toMatchObject({ format: 'sql', sensitivity: 'confidential' });
    expect(report.counts).toEqual({ cn_name: 20, wechat_id: 20, date_of_birth: 20, cn_passport: 20, qq: 20 });
  });
});
