// `shredlock scan s3://…` against moto: the operator's path to the same scanner the Lambda runs.
import { describe, expect, it, vi } from 'vitest';
import { FindingSpill, SPILL_OVER } from '../../bin/finding-spill.js';
import type { ScanReport } from '../../lambdas/engine/report.js';
import { TAG_KEYS } from '../../lambdas/scanner/tags.js';
import { runCli } from '../support/cli.js';
import { useMotoEnv, useMotoS3 } from '../support/moto.js';
import { PUBLIC_TEXT, createVault, customerCsv, putVersion, tagsOf } from '../scanner/fixtures.js';

const VAULT = 'vault-cli-scan';
let ids: Record<string, string>;
const s3 = useMotoS3(async (client) => {
  await createVault(client, VAULT, 'GOVERNANCE');
  ids = {
    customers: await putVersion(client, VAULT, 'exports/customers.csv', customerCsv('cli').csv),
    notes: await putVersion(client, VAULT, 'exports/notes.txt', PUBLIC_TEXT),
    other: await putVersion(client, VAULT, 'elsewhere/x.txt', PUBLIC_TEXT),
  };
});

useMotoEnv();

describe('shredlock scan s3://bucket/prefix', () => {
  it('scans every version under the prefix as a dry run by default: no tags written', async () => {
    const { code, out } = await runCli(['scan', `s3://${VAULT}/exports/`, '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as ScanReport;
    expect(report.source).toBe(`s3://${VAULT}/exports/`);
    expect(Object.fromEntries(report.objects.map((o) => [o.key, o.sensitivity]))).toEqual({
      'exports/customers.csv': 'confidential',
      'exports/notes.txt': 'public',
    });
    expect(await tagsOf(s3, VAULT, 'exports/customers.csv', ids.customers)).toEqual({});
  });

  it('writes the tags on each version with --tag, and nothing outside the prefix', async () => {
    const { code } = await runCli(['scan', `s3://${VAULT}/exports/`, '--tag', '--fail-on', 'confidential']);
    expect(code).toBe(1);
    expect((await tagsOf(s3, VAULT, 'exports/customers.csv', ids.customers))[TAG_KEYS.sensitivity]).toBe('confidential');
    expect((await tagsOf(s3, VAULT, 'exports/notes.txt', ids.notes))[TAG_KEYS.sensitivity]).toBe('public');
    expect(await tagsOf(s3, VAULT, 'elsewhere/x.txt', ids.other)).toEqual({});
  });

  it('lists every finding with --max-findings 0, kept on disk until the report is written', async () => {
    const store = vi.spyOn(FindingSpill.prototype, 'store');
    let all;
    try {
      all = await runCli(['scan', `s3://${VAULT}/exports/`, '--format', 'json', '--max-findings', '0']);
      expect(store).toHaveBeenCalledTimes(1);
    } finally {
      store.mockRestore();
    }
    const inMemory = await runCli(['scan', `s3://${VAULT}/exports/`, '--format', 'json', '--max-findings', String(SPILL_OVER)]);
    const objects = (run: { out: string }) => (JSON.parse(run.out) as ScanReport).objects;
    const customers = objects(all).find((o) => o.key === 'exports/customers.csv')!;
    expect(customers.findings.length).toBeGreaterThan(3);
    expect(customers.findings.length).toBe(Object.values(customers.counts).reduce((n, c) => n + (c ?? 0), 0));
    expect(objects(all)).toEqual(objects(inMemory));
  });

  it('refuses to mix an s3:// prefix with local paths, and --tag without s3://', async () => {
    expect((await runCli(['scan', `s3://${VAULT}/`, 'README.md'])).code).toBe(2);
    expect((await runCli(['scan', 'README.md', '--tag'])).code).toBe(2);
  });
});
