/**
 * The experiment, as a new user would run it: a folder of ordinary backup files that each
 * hold the same customer list, scanned with `shredlock scan`. Every file must come out
 * confidential with every resident ID counted; the same files without personal data must not.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../../lambdas/engine/report.js';
import { zipBuffer } from '../../../synthetic/files.js';
import { runCli } from '../../support/cli.js';
import { customerCsv, publicCsv } from './backup-fixtures.js';
import { binaryFiller } from './read-parts.js';
import { compress, emailBuffer, mboxBuffer, rarBuffer, sevenZipBuffer, tarBuffer } from './writers.js';

const root = join('test', '.out', 'backup-folder');

/** Every backup shape of the issue (and of this reader set), each holding `csv` once. */
async function backupFiles(csv: string): Promise<Record<string, Buffer>> {
  const tar = tarBuffer([{ name: 'crm/customers.csv', data: csv }], 'gnu');
  const mail = {
    fromName: '财务部',
    from: 'finance@example.com',
    to: 'archive@example.com',
    subject: '客户名单',
    body: '见附件。\n',
    charset: 'gbk',
    encoding: 'base64' as const,
  };
  return {
    'crm-2023.tar': tar,
    'crm-2023.tar.gz': compress(tar, 'gz'),
    'crm-2023.tgz': compress(tar, 'gz'),
    'crm-2023.tar.bz2': compress(tar, 'bz2'),
    'crm-2023.tar.xz': compress(tar, 'xz'),
    'crm-2023.tar.zst': compress(tar, 'zst'),
    'customers.csv.bz2': compress(csv, 'bz2'),
    'customers.csv.xz': compress(csv, 'xz'),
    'customers.csv.zst': compress(csv, 'zst'),
    'customers.eml': emailBuffer({ ...mail, attachments: [{ name: '客户名单.csv', data: csv }] }),
    'archive.mbox': mboxBuffer([{ ...mail, attachments: [{ name: '客户名单.csv', data: csv }] }, { ...mail, subject: '回复', attachments: [] }]),
    'customers-utf16.txt': iconv.encode(csv, 'utf16le'),
    'customers-nul.csv': Buffer.concat([Buffer.from(csv), Buffer.from([0, 0])]),
    'app.bak': Buffer.concat([binaryFiller(4096, 5), Buffer.from(csv), binaryFiller(4096, 6)]),
    'crm.7z': sevenZipBuffer([{ name: 'crm/customers.csv', data: csv }]),
    'crm.rar': rarBuffer([{ name: 'crm/customers.csv', data: csv }]),
    'nested.zip': await zipBuffer([{ name: 'backup/crm.tar.gz', data: compress(tar, 'gz') }]),
  };
}

async function scanFolder(folder: string, files: Record<string, Buffer>): Promise<ScanReport> {
  await mkdir(folder, { recursive: true });
  for (const [name, data] of Object.entries(files)) await writeFile(join(folder, name), data);
  const { code, out } = await runCli(['scan', folder, '--format', 'json', '--no-progress', '--max-findings', '0']);
  expect(code).toBe(0);
  return JSON.parse(out) as ScanReport;
}

const { csv, ids } = customerCsv(12, 24);
let files: Record<string, Buffer>;
beforeAll(async () => {
  await rm(root, { recursive: true, force: true });
  files = await backupFiles(csv);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('a folder of backups, scanned as a new user would', () => {
  it('every file holding the customer list is confidential, every resident ID counted, no error', async () => {
    const report = await scanFolder(join(root, 'personal'), files);
    expect(report.objects.map((o) => o.key).sort()).toEqual(Object.keys(files).sort());
    for (const object of report.objects) {
      expect({ key: object.key, sensitivity: object.sensitivity, ids: object.counts.cn_resident_id, error: object.error }).toEqual({
        key: object.key,
        sensitivity: 'confidential',
        ids: ids.length,
        error: undefined,
      });
    }
    expect(report.summary.bySensitivity.public).toBe(0);
  });

  it('the same files without personal data are not confidential and none fails', async () => {
    const report = await scanFolder(join(root, 'public'), await backupFiles(publicCsv(12)));
    for (const object of report.objects) {
      expect([object.key, object.error]).toEqual([object.key, undefined]);
      // Mail carries its senders' addresses (sensitive); everything else is public.
      expect([object.key, object.sensitivity]).toEqual([object.key, /\.(eml|mbox)$/.test(object.key) ? 'sensitive' : 'public']);
    }
  });
});
