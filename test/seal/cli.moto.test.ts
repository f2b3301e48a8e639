import { afterAll, describe, expect, it, vi } from 'vitest';
import { resetClients } from '../../lambdas/aws/clients.js';
import { parseSealRecord } from '../../lambdas/seal/records.js';
import { registerSeal } from '../../bin/commands/seal.js';
import { refuseVersion } from '../scanner/fixtures.js';
import { runCli, type CliRun } from '../support/cli.js';
import { motoEnv, motoS3 } from '../support/moto.js';
import { NOW, PREFIX, PRINCIPAL, UNSEALER, RECORDS, REASON, VAULT, holdOf, putVersion, rawIn, textOf, useLeakedVault } from './fixtures.js';

const { s3, leak } = useLeakedVault();

/** Everything the commands printed in this file, to search for raw values at the end. */
const printed: string[] = [];

/** Runs the commands the way bin/shredlock.ts does (exit 2 for usage errors), keeping what they printed. */
async function cli(argv: string[], client = s3): Promise<CliRun> {
  // The caller STS would name: the responder seals, legal unseals (four eyes).
  const caller = async () => (argv[0] === 'unseal' ? UNSEALER : PRINCIPAL);
  const run = await runCli(argv, (program) => registerSeal(program, { s3: () => client, now: () => NOW, caller }));
  printed.push(run.out, run.err);
  return run;
}

const sealArgs = ['seal', '--vault-bucket', VAULT, '--records-bucket', RECORDS, '--prefix', PREFIX, '--reason', REASON, '--incident', 'INC-42'];
const unsealArgs = ['unseal', '--vault-bucket', VAULT, '--records-bucket', RECORDS, '--incident', 'INC-42', '--reason', 'closed'];

afterAll(() => {
  // No raw identifier was printed by any command of this file.
  expect(printed.join('').length).toBeGreaterThan(0);
  expect(rawIn(printed.join('\n'), leak.raw)).toEqual([]);
});

describe('shredlock seal', () => {
  it('prints affected people per identifier type and where the list was written (table)', async () => {
    // Act
    const { code, out } = await cli(sealArgs);
    // Assess
    expect(code).toBe(0);
    expect(out).toMatch(/incident +INC-42: sealed/);
    expect(out).toMatch(new RegExp(`holds +${leak.sealed.length} held, 0 held before the seal`));
    expect(out).toMatch(/cn_resident_id +3\n/);
    expect(out).toMatch(/cn_mobile +4\n/);
    expect(out).toMatch(/bank_card +4\n/);
    expect(out).toContain(`s3://${RECORDS}/incidents/INC-42/notification.json`);
    expect(out).toContain(`s3://${RECORDS}/incidents/INC-42/notification.csv`);
    expect(out).toContain('unreadable    1 version(s)');
    expect(out).not.toContain('customers.csv');
    expect(rawIn(out, leak.raw)).toEqual([]);
  });

  it('prints JSON with --format json', async () => {
    // Act
    const { code, out } = await cli([...sealArgs, '--format', 'json']);
    // Assess
    expect(code).toBe(0);
    const json = JSON.parse(out) as { status: string; seal: { versions: number }; notification: { people: unknown; csv: string } };
    expect(json).toMatchObject({ status: 'sealed', seal: { versions: leak.sealed.length }, notification: { people: leak.expected } });
  });

  it('says so, writes nothing and exits 0 when run again', async () => {
    // Prepare
    await cli(sealArgs);
    // Act
    const { code, out } = await cli(sealArgs);
    // Assess
    expect(code).toBe(0);
    expect(out).toContain('already sealed (revision 1); nothing held or written');
    expect(out).toContain('(up to date, not rewritten)');
  });

  it('exits 1 and lists the version ids it could not hold', async () => {
    // Prepare
    const refused = leak.sealed[0];
    const client = motoS3();
    refuseVersion(client, { commandName: 'PutObjectLegalHoldCommand', versionId: refused.versionId, name: 'AccessDenied', status: 403, key: refused.key });
    // Act
    const { code, out } = await cli(sealArgs, client);
    // Assess
    expect(code).toBe(1);
    expect(out).toContain('NOT HELD      1 version(s)');
    expect(out).toContain(`${refused.versionId}  S3_ACCESS_DENIED (PutObjectLegalHold AccessDenied)`);
    expect(out).not.toContain(refused.key);
    client.destroy();
  });

  it.each([
    ['an incident id with a slash', ['--incident', 'a/b'], 'incidentId:'],
  ])('exits 2 for %s', async (_, override, message) => {
    const { code, err } = await cli([...sealArgs, ...override]);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('exits 2 when the incident id belongs to another prefix', async () => {
    await cli(sealArgs);
    const { code, err } = await cli(sealArgs.map((a) => (a === PREFIX ? 'leak/' : a)));
    expect(code).toBe(2);
    expect(err).toContain('INC-42');
  });

  it('exits 1 with a message naming the bucket when the records bucket does not exist', async () => {
    const { code, err } = await cli(sealArgs.map((a) => (a === RECORDS ? 'no-such-records' : a)));
    expect(code).toBe(1);
    expect(err).toContain('S3_NOT_FOUND');
    expect(err).toContain('no-such-records');
    expect(err).toContain('run seal again with --incident INC-42 to resume');
  });
});

describe('shredlock unseal', () => {
  it('releases the holds and prints the counts and the record', async () => {
    // Prepare
    await cli(sealArgs);
    const late = await putVersion(s3, VAULT, `${PREFIX}late.txt`, 'later\n');
    // Act
    const { code, out } = await cli(unsealArgs);
    // Assess
    expect(code).toBe(0);
    expect(out).toContain(`${leak.sealed.length} released, 0 released earlier, 0 kept for other open incidents, 0 NOT released`);
    expect(out).toContain(`s3://${RECORDS}/incidents/INC-42/unseal.json`);
    expect(await holdOf(s3, VAULT, leak.sealed[0].key, leak.sealed[0].versionId)).toBe('OFF');
    expect(await holdOf(s3, VAULT, `${PREFIX}late.txt`, late)).toBeUndefined();
  });

  it('exits 1 when a version could not be released', async () => {
    // Prepare
    await cli(sealArgs);
    const refused = leak.sealed[1];
    const client = motoS3();
    refuseVersion(client, { commandName: 'PutObjectLegalHoldCommand', versionId: refused.versionId, name: 'AccessDenied', status: 403, key: refused.key });
    // Act
    const { code, out } = await cli([...unsealArgs, '--format', 'json'], client);
    // Assess
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ status: 'unsealed', failures: [{ versionId: refused.versionId, code: 'S3_ACCESS_DENIED' }] });
    client.destroy();
  });

  it('exits 2 for an incident that was never sealed', async () => {
    const { code, err } = await cli(unsealArgs);
    expect(code).toBe(2);
    expect(err).toContain('no seal record (incident INC-42)');
  });
});

describe('who is recorded', () => {
  it('is the caller STS GetCallerIdentity names (here moto\'s), not a flag', async () => {
    for (const [k, v] of Object.entries(motoEnv())) vi.stubEnv(k, v);
    resetClients();
    try {
      const run = await runCli(sealArgs, (program) => registerSeal(program, { s3: () => s3, now: () => NOW }));
      expect(run.code).toBe(0);
      const record = parseSealRecord(JSON.parse(await textOf(s3, RECORDS, 'incidents/INC-42/seal.json')), 'INC-42', 'incidents/INC-42/seal.json');
      expect(record.principal).toBe('arn:aws:sts::123456789012:user/moto');
    } finally {
      vi.unstubAllEnvs();
      resetClients();
    }
  });
});
