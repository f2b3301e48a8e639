/**
 * `shredlock certificates list|verify`: the destruction certificates of a vault in its records
 * bucket, each with its key's state in KMS and the record that closed it; `verify` also recomputes
 * each manifest's SHA-256 from the manifest the certificate cites (lambdas/reports/certificates.ts).
 * Read-only: ListObjectsV2, GetObject on the records bucket, DescribeKey.
 *
 * Exit codes: 0 nothing wrong, 1 a problem (verify: any; list: only what list can see, the
 * records and key states), 2 usage or input error, 3 (verify) no certificate found: nothing verified.
 */
import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { clientSettingsFromEnv, createKmsClient, createS3Client, isAwsCallError } from '../../lambdas/aws/index.js';
import { VERIFY_EXIT_CODES } from '../../lambdas/audit/index.js';
import {
  assessCertificates,
  assessCertificatesOffline,
  type CertificateAssessment,
  formatBytes,
  formatCount,
  langFromEnv,
  type Lang,
  readFolder,
  tr,
} from '../../lambdas/reports/index.js';
import { EPOCH_PATTERN, VAULT_NAME_PATTERN } from '../../contract/index.js';
import { UsageError } from '../errors.js';
import { headers, langOption } from '../render/audit-lang.js';
import { heading, table } from '../render/audit-table.js';

/** Output formats. */
export const CERTIFICATE_FORMATS = ['table', 'json'] as const;
/** One output format. */
export type CertificateFormat = (typeof CERTIFICATE_FORMATS)[number];

/** Options of `certificates list|verify`, parsed. */
export interface CertificatesOptions {
  readonly recordsBucket?: string;
  /** A local folder instead: `certificates/<vault>/` copied from the records bucket, or a pack's `certificates/`. */
  readonly dir?: string;
  readonly vault: string;
  readonly epoch?: string;
  readonly key?: string;
  readonly region?: string;
  readonly format: CertificateFormat;
  readonly out?: string;
  readonly lang?: Lang;
}

function manifestCell(a: CertificateAssessment, verified: boolean): string {
  if (!verified) return '-';
  if (a.manifest.recomputedSha256 === null) return a.problems.some((p) => p.code === 'MANIFEST_MISSING') ? 'MISSING' : '-';
  return a.manifest.recomputedSha256 === a.manifest.recordedSha256 && !a.problems.some((p) => p.code.startsWith('MANIFEST_')) ? 'ok' : 'MISMATCH';
}

/** The closing line: never VERIFIED when there was nothing to verify. */
function resultLine(certificates: number, problems: number, verified: boolean): string {
  if (problems) return problems === 1 ? 'result: {n} PROBLEM' : 'result: {n} PROBLEMS';
  if (certificates === 0) return 'result: NOTHING VERIFIED (no certificate found)';
  return verified ? 'result: VERIFIED' : 'result: no problem seen (run verify to check manifests)';
}

/** The assessments as tables: one row per certificate, then the problems. */
export function renderCertificatesTable(assessed: readonly CertificateAssessment[], verified: boolean, lang: Lang = 'en'): string {
  const rows = assessed.map((a) => [
    a.epoch,
    a.keyId,
    a.status,
    a.key.state + (a.key.deletionDate ? ` (${a.key.deletionDate.slice(0, 10)})` : ''),
    a.closing === 'none' ? '-' : `${a.closing}${a.closedAt ? ` ${a.closedAt.slice(0, 10)}` : ''}`,
    a.scheduledAt?.slice(0, 10) ?? '-',
    a.objects ? `${formatCount(a.objects.count)} / ${formatBytes(a.objects.bytes)}` : '-',
    manifestCell(a, verified),
  ]);
  const problems = assessed.flatMap((a) => a.problems.map((p) => [a.epoch, a.keyId, p.code, p.detail]));
  return [
    heading(tr(lang, 'CERTIFICATES'), assessed.length) +
      table(headers(lang, ['EPOCH', 'KEY', 'STATUS', 'KEY STATE', 'CLOSED BY', 'SCHEDULED', 'VERSIONS / BYTES', 'MANIFEST']), rows),
    heading(tr(lang, 'PROBLEMS'), problems.length) + table(headers(lang, ['EPOCH', 'KEY', 'CODE', 'DETAIL']), problems),
    tr(lang, resultLine(assessed.length, problems.length, verified), { n: problems.length }),
    '',
  ].join('\n');
}

/** Writes the report; returns the exit code. */
async function report(o: CertificatesOptions, source: Record<string, string | undefined>, assessed: readonly CertificateAssessment[], verify: boolean): Promise<number> {
  const text =
    o.format === 'json'
      ? `${JSON.stringify({ vault: o.vault, ...source, verified: verify, certificates: assessed }, null, 2)}\n`
      : renderCertificatesTable(assessed, verify, o.lang ?? langFromEnv());
  if (o.out) await writeFile(o.out, text);
  else process.stdout.write(text);
  if (assessed.some((a) => a.problems.length > 0)) return 1;
  return verify && assessed.length === 0 ? VERIFY_EXIT_CODES.empty : 0;
}

/** `--dir`: the certificates in a folder, checked against their manifests with no AWS call. */
async function runOffline(o: CertificatesOptions, dir: string, verify: boolean): Promise<number> {
  let files;
  try {
    files = await readFolder(dir);
  } catch (error) {
    throw new UsageError(`--dir ${dir}: ${(error as Error).message}`);
  }
  const assessed = assessCertificatesOffline(o.vault, files)
    .map((a) => a.assessment)
    .filter((a) => (!o.epoch || a.epoch === o.epoch) && (!o.key || a.keyId === o.key))
    .map((a) => (verify ? a : { ...a, manifest: { ...a.manifest, recomputedSha256: null }, problems: a.problems.filter((p) => !p.code.startsWith('MANIFEST_')) }));
  return report(o, { dir }, assessed, verify);
}

/** Runs `certificates list` (verify false) or `certificates verify`; returns the exit code. */
export async function runCertificates(o: CertificatesOptions, verify: boolean): Promise<number> {
  if (!VAULT_NAME_PATTERN.test(o.vault)) throw new UsageError(`--vault ${JSON.stringify(o.vault)}: 3-20 characters: lowercase letters, digits and "-"`);
  if (o.epoch !== undefined && !EPOCH_PATTERN.test(o.epoch)) throw new UsageError(`--epoch ${JSON.stringify(o.epoch)}: expected YYYY-MM`);
  if (Boolean(o.dir) === Boolean(o.recordsBucket)) throw new UsageError('give exactly one of --records-bucket and --dir');
  if (o.dir) return runOffline(o, o.dir, verify);
  const settings = { ...clientSettingsFromEnv(), ...(o.region ? { region: o.region } : {}) };
  const s3 = createS3Client(settings);
  const kms = createKmsClient(settings);
  try {
    const assessed = await assessCertificates({ s3, kms }, o.recordsBucket as string, o.vault, {
      ...(o.epoch ? { epoch: o.epoch } : {}),
      ...(o.key ? { keyId: o.key } : {}),
      manifests: verify,
    });
    return await report(o, { recordsBucket: o.recordsBucket }, assessed, verify);
  } catch (error) {
    if (isAwsCallError(error)) throw new UsageError(error.message, { cause: error });
    throw error;
  } finally {
    s3.destroy();
    kms.destroy();
  }
}

function options(command: Command): Command {
  return command
    .option('--records-bucket <name>', 'the records bucket (certificates/<vault>/...)')
    .option('--dir <folder>', "instead: a local copy of the records bucket's certificates/<vault>/ (or an evidence pack's certificates/), checked with no AWS call")
    .requiredOption('--vault <name>', 'vault name')
    .option('--epoch <YYYY-MM>', 'only the certificates of this epoch')
    .option('--key <key-id>', 'only the certificate of this key')
    .option('--region <region>', 'AWS region of the S3 and KMS clients (default: the SDK default)')
    .addOption(new Option('--format <format>', 'report format').choices(CERTIFICATE_FORMATS).default('table'))
    .addOption(langOption())
    .option('--out <file>', 'write the report to a file instead of standard output');
}

/** Adds `certificates` and its subcommands to the program. */
export function registerCertificates(program: Command): void {
  const certificates = program.command('certificates').description('destruction certificates of a vault (read-only)');
  options(certificates.command('list').description("each certificate with its key's state in KMS and the record that closed it")).action(async (opts) => {
    process.exitCode = await runCertificates(opts as CertificatesOptions, false);
  });
  options(
    certificates.command('verify').description('list, and recompute each manifest hash from the manifest the certificate cites; exit 1 on any problem'),
  ).action(async (opts) => {
    process.exitCode = await runCertificates(opts as CertificatesOptions, true);
  });
}
