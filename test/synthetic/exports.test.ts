// End to end: a closing company's mixed exports, scanned as `shredlock scan` scans them.
import { rm } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanPaths } from '../../bin/commands/scan.js';
import type { ScanReport } from '../../lambdas/engine/report.js';
import { writeExports, type SampleFile } from '../../synthetic/exports.js';

const dir = join('test', '.out', 'exports');
let files: SampleFile[];
let report: ScanReport;

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  files = await writeExports(dir, 2026);
  report = await scanPaths([dir], { maxFindings: 0, reveal: true });
});

const object = (name: string) => report.objects.find((o) => o.key === name)!;

describe('scanning the sample exports', () => {
  it('gives every file its expected level', () => {
    expect(report.objects.map((o) => [o.key, o.sensitivity]).sort()).toEqual(
      files.map((f) => [f.name, f.expected]).sort(),
    );
  });

  it.each([
    ['客户名单_GBK.csv', 'csv', { cn_resident_id: 200, cn_mobile: 200, bank_card: 200, email: 200, ipv4: 200, cn_name: 200 }],
    ['crm/contacts.xlsx', 'xlsx', { cn_mobile: 50, email: 50, cn_name: 50 }],
    ['orders/orders-2024.jsonl', 'jsonl', { cn_mobile: 300 }],
    ['contracts/外包服务合同.docx', 'docx', { cn_mobile: 1, cn_uscc: 1, cn_passport: 1, cn_hk_macau_permit: 1, cn_name: 1 }],
    ['archive/2023-finance.zip', 'zip', { bank_card: 40, cn_name: 40, cn_resident_id: 1 }],
    ['catalog/products.csv', 'csv', { cn_uscc: 300 }],
    ['invoices/invoice-0042.pdf', 'pdf', { cn_uscc: 1, email: 1 }],
  ])('%s is read as %s and yields exactly %j (no order numbers, timestamps, barcodes, SKUs or versions)', (name, format, counts) => {
    const o = object(name);
    expect(o.format).toBe(format);
    expect(o.counts).toEqual(counts);
    expect(o.error).toBeUndefined();
  });

  it('finds one phone, IP, email and landline per log line that has one, and nothing in masked or operational lines', () => {
    const log = gunzipSync(files.find((f) => f.name.endsWith('.log.gz'))!.data as Buffer).toString('utf8');
    const lines = (marker: string) => log.split('\n').filter((l) => l.includes(marker)).length;
    expect(object('logs/service-2024-11.log.gz').counts).toEqual({
      cn_mobile: lines('回拨号码'),
      ipv4: lines('[风控]'),
      email: lines('联系邮箱'),
      cn_landline: lines('门店座机'),
    });
  });

  it('reports archive members by entry path, including nested archives', () => {
    const entries = new Set(object('archive/2023-finance.zip').findings.map((f) => f.location.entry));
    expect(entries).toEqual(new Set(['refunds.csv', 'attachments.zip/kyc/实名核验.txt']));
  });

  it('locates spreadsheet findings by sheet and cell', () => {
    const f = object('crm/contacts.xlsx').findings.find((x) => x.type === 'cn_mobile')!;
    expect(f.location).toMatchObject({ sheet: '联系人', cell: 'B2' });
    expect(f.value).toMatch(/^1\d{10}$/);
  });

  it.each([
    ['misc/backup-broken.zip', 'zip', 'CORRUPT'],
    ['misc/telemetry.bin', 'binary', 'OPAQUE'],
    ['kyc/身份证正面.png', 'image', 'NO_TEXT'],
    ['logs/realname-api.log', 'text', 'NO_TEXT'],
  ])('reports %s (%s) as failed with the code %s and no finding, never public', (name, format, code) => {
    expect(object(name)).toMatchObject({ format, sensitivity: 'failed', counts: {}, error: { code } });
  });

  it('counts those four, and only those, as errors', () => {
    expect(report.summary.errors).toBe(4);
  });
});
