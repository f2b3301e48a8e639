/**
 * `shredlock evidence export|verify`: the auditor's evidence pack.
 *
 *   export   one zip of a vault's evidence for a period, read from the records, trail and inventory
 *            buckets with the auditor role (lambdas/audit/evidence/export.ts)
 *   verify   checks a pack offline, no AWS call (lambdas/audit/evidence/verify-pack.ts)
 *
 * Exit codes: export 0 written, 2 usage or input error; verify as `audit verify`: 0 valid,
 * 1 a problem, 2 usage or input error, 3 nothing verified (no evidence file in the pack).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import {
  buildEvidencePack,
  fetchPublicKeys,
  isAuditError,
  parsePublicKeys,
  parseTime,
  S3TrailStore,
  sha256Bytes,
  timeRange,
  type TrailPublicKey,
  verifyPack,
  VERIFY_EXIT_CODES,
} from '../../lambdas/audit/index.js';
import { clientSettingsFromEnv, createCloudTrailClient, createKmsClient, createS3Client, isAwsCallError, toCloudTrailError } from '../../lambdas/aws/index.js';
import { isReportInputError, langFromEnv, loadLocalInput, type Lang } from '../../lambdas/reports/index.js';
import { VAULT_NAME_PATTERN } from '../../contract/index.js';
import { UsageError } from '../errors.js';
import { langOption } from '../render/audit-lang.js';
import { renderTrailHtml } from '../render/audit-trail-html.js';
import { EVIDENCE_FORMATS, renderEvidenceReport, type EvidenceFormat } from '../render/audit-evidence.js';

/** Options of `evidence export`, parsed. */
export interface ExportOptions {
  readonly vault: string;
  readonly recordsBucket: string;
  readonly trailBucket?: string;
  readonly trailPrefix?: string;
  readonly inventoryBucket?: string;
  readonly from?: string;
  readonly to?: string;
  readonly publicKeys?: string;
  readonly checkReport?: string;
  readonly scanInput?: string;
  readonly region?: string;
  readonly lang?: Lang;
  readonly out: string;
}

/** Options of `evidence verify`, parsed. */
export interface EvidenceVerifyOptions {
  readonly publicKeys?: string;
  readonly format: EvidenceFormat;
  readonly out?: string;
  readonly lang?: Lang;
}

async function readText(path: string, option: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${option} ${path}: ${(error as Error).message}`);
  }
}

async function keysFile(path: string): Promise<TrailPublicKey[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readText(path, '--public-keys'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--public-keys ${path}: not JSON`);
  }
  return parsePublicKeys(raw, path);
}

/** Runs `fn`, turning input errors into usage errors (exit 2). */
async function asUsage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isAuditError(error) || isReportInputError(error) || isAwsCallError(error)) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

/** `evidence export`; returns the exit code. */
export async function runExport(o: ExportOptions): Promise<number> {
  if (!VAULT_NAME_PATTERN.test(o.vault)) throw new UsageError(`--vault ${JSON.stringify(o.vault)}: 3-20 characters: lowercase letters, digits and "-"`);
  if (o.trailPrefix !== undefined && !o.trailBucket) throw new UsageError('--trail-prefix goes with --trail-bucket');
  return asUsage(async () => {
    const range = timeRange(o.from ? parseTime(o.from, '--from') : undefined, o.to ? parseTime(o.to, '--to') : undefined, '--from/--to');
    const settings = { ...clientSettingsFromEnv(), ...(o.region ? { region: o.region } : {}) };
    const s3 = createS3Client(settings, { followRegionRedirects: true });
    const kms = createKmsClient(settings);
    const lang = o.lang ?? langFromEnv();
    try {
      const given = o.publicKeys ? await keysFile(o.publicKeys) : undefined;
      const pack = await buildEvidencePack(
        { s3, kms },
        {
          vault: o.vault,
          recordsBucket: o.recordsBucket,
          range,
          lang,
          ...(o.trailBucket
            ? { trail: { store: new S3TrailStore(s3, o.trailBucket, o.trailPrefix ?? ''), bucket: o.trailBucket, ...(o.trailPrefix ? { prefix: o.trailPrefix } : {}) } }
            : {}),
          publicKeys: async (from, to) =>
            given ??
            fetchPublicKeys(createCloudTrailClient({ ...settings }), { from, to }).catch((error: unknown) => {
              throw toCloudTrailError(error, 'ListPublicKeys', {});
            }),
          ...(o.inventoryBucket ? { inventoryBucket: o.inventoryBucket } : {}),
          ...(o.checkReport ? { checkReport: await readText(o.checkReport, '--check-report') } : {}),
          ...(o.scanInput ? { scanInput: await loadLocalInput(o.scanInput) } : {}),
          renderTrailHtml: (report, language) => renderTrailHtml(report, { lang: language }),
        },
      );
      await writeFile(o.out, pack.zip);
      const out = process.stdout;
      out.write(`evidence pack: ${o.out} (${pack.zip.length} bytes, SHA-256 ${sha256Bytes(pack.zip)})\n`);
      out.write(`index.json lists ${pack.index.files.length} files:\n`);
      for (const p of pack.index.parts) out.write(`  ${p.part.padEnd(13)}${String(p.files).padStart(5)} files${p.note ? `  (${p.note})` : ''}\n`);
      if (pack.trailVerification) out.write(`trail verification at export: ${pack.trailVerification.result} (${pack.trailVerification.problems.length} problems)\n`);
      return 0;
    } finally {
      s3.destroy();
      kms.destroy();
    }
  });
}

/** `evidence verify`; returns the exit code. */
export async function runEvidenceVerify(file: string, o: EvidenceVerifyOptions): Promise<number> {
  return asUsage(async () => {
    let zip: Buffer;
    try {
      zip = await readFile(file);
    } catch (error) {
      throw new UsageError(`${file}: ${(error as Error).message}`);
    }
    const publicKeys = o.publicKeys ? await keysFile(o.publicKeys) : undefined;
    const report = await verifyPack(zip, { source: file, ...(publicKeys ? { publicKeys } : {}) });
    const text = renderEvidenceReport(report, o.format, o.lang ?? langFromEnv());
    if (o.out) await writeFile(o.out, text);
    else process.stdout.write(text);
    return VERIFY_EXIT_CODES[report.result];
  });
}

/** Adds `evidence` and its subcommands to the program. */
export function registerEvidence(program: Command): void {
  const evidence = program.command('evidence').description("the auditor's evidence pack: export from the records, trail and inventory buckets; verify offline");
  evidence
    .command('export')
    .description('write one zip of a vault\'s evidence for a period (certificates, keys, tag reports, trail, incidents, compliance check)')
    .requiredOption('--vault <name>', 'vault name')
    .requiredOption('--records-bucket <name>', 'the records bucket (certificates, ledger, scan results, incidents)')
    .option('--trail-bucket <name>', 'the trail bucket (CloudTrail log and digest files of the period)')
    .option('--trail-prefix <prefix>', "the trail's S3 key prefix, with --trail-bucket")
    .option('--inventory-bucket <name>', 'the inventory bucket (S3 Inventory manifests delivered in the period)')
    .option('--from <time>', 'start of the period, ISO 8601 (default: everything)')
    .option('--to <time>', 'end of the period, ISO 8601 (default: now)')
    .option('--public-keys <file>', 'CloudTrail public keys, `aws cloudtrail list-public-keys` JSON (default: call ListPublicKeys); carried in the pack')
    .option('--check-report <file>', 'the latest `shredlock check --format json` output, carried in the pack')
    .option('--scan-input <path>', 'scan results for the tag reports (as `report tags --input`) instead of the records bucket\'s reports/scan/')
    .option('--region <region>', 'AWS region of the clients (default: the SDK default)')
    .addOption(langOption())
    .requiredOption('-o, --out <file>', 'the zip to write')
    .action(async (opts) => {
      process.exitCode = await runExport(opts as ExportOptions);
    });
  evidence
    .command('verify')
    .description('check a pack offline: every hash, each certificate against its manifest, the tag reports, the CloudTrail digests')
    .argument('<pack>', 'the zip written by `evidence export`')
    .option('--public-keys <file>', 'CloudTrail public keys to trust instead of the ones the pack carries (`aws cloudtrail list-public-keys` JSON)')
    .addOption(new Option('--format <format>', 'report format').choices(EVIDENCE_FORMATS).default('table'))
    .option('--out <file>', 'write the report to a file instead of standard output')
    .addOption(langOption())
    .action(async (pack: string, opts) => {
      process.exitCode = await runEvidenceVerify(pack, opts as EvidenceVerifyOptions);
    });
}
