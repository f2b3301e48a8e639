/**
 * `shredlock seal` and `shredlock unseal`: legal holds on every version under a vault prefix after
 * a leak, with an incident record and the notification list (affected people per identifier type,
 * masked identifiers only); and their release. Exit codes: 0 done, 1 some versions could not be
 * held or released (or the notification list was not written), 2 usage or input error.
 *
 * Output holds counts, incident and version ids, and record locations; never object keys or
 * identifiers (the records bucket has the manifest and the masked list).
 *
 * The principal recorded (who sealed, who unsealed) is the caller STS GetCallerIdentity names,
 * never a flag; an unseal by the sealer is refused (UNSEAL_BY_SEALER).
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { type Command, Option } from 'commander';
import { AwsConfigError, callerArn, isAwsCallError, kmsClient, s3Client, snsClient, stsClient } from '../../lambdas/aws/index.js';
import { PII_TYPES } from '../../lambdas/engine/index.js';
import {
  isSealError,
  newIncidentId,
  peopleByType,
  sealAndNotify,
  type SealAndNotifyResult,
  type SealError,
  unsealIncident,
  type UnsealResult,
} from '../../lambdas/seal/index.js';
import { UsageError } from '../errors.js';
import { formatBytes } from '../../lambdas/reports/index.js';

/** Output formats of `seal` and `unseal`. */
export const SEAL_FORMATS = ['table', 'json'] as const;
/** One output format. */
export type SealFormat = (typeof SEAL_FORMATS)[number];

/** Options of `shredlock seal`, parsed. */
export interface SealCommandOptions {
  readonly vaultBucket: string;
  readonly recordsBucket: string;
  readonly prefix: string;
  readonly reason: string;
  readonly incident?: string;
  /** The vault's name: its keys pending deletion under a sealed version are cancelled. */
  readonly vault?: string;
  readonly topicArn?: string;
  readonly format: SealFormat;
}

/** Options of `shredlock unseal`, parsed. */
export interface UnsealCommandOptions {
  readonly vaultBucket: string;
  readonly recordsBucket: string;
  readonly incident: string;
  readonly reason: string;
  readonly format: SealFormat;
}

/** What the commands use; tests pass their own. */
export interface SealCommandDeps {
  /** @default the process's S3 client, configured from the environment */
  readonly s3?: () => S3Client;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** @default the process's KMS and SNS clients (used with --vault) */
  readonly kms?: () => KMSClient;
  readonly sns?: () => SNSClient;
  /** Who is calling. @default the caller STS GetCallerIdentity names */
  readonly caller?: () => Promise<string>;
}

/** The principal recorded: the caller AWS names, never a flag. */
function callerOf(deps: SealCommandDeps): Promise<string> {
  return (deps.caller ?? (() => callerArn(stsClient())))();
}

/** Incident errors the operator fixes by changing the command: usage errors (exit 2). */
const USAGE_CODES: ReadonlySet<string> = new Set(['INVALID_REQUEST', 'INCIDENT_NOT_FOUND', 'INCIDENT_CONFLICT', 'INCIDENT_CLOSED', 'UNSEAL_BY_SEALER']);

/**
 * Runs `work`; turns request and incident errors into UsageError (exit 2), and other seal or S3
 * errors (their messages hold ids only) into a message and exit 1.
 */
async function guarded(work: () => Promise<number>, resume?: string): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AwsConfigError) throw new UsageError(error.message);
    if (isSealError(error) && USAGE_CODES.has(error.code)) throw new UsageError((error as SealError).message);
    if (isSealError(error) || isAwsCallError(error)) {
      process.stderr.write(`shredlock: ${error.code}: ${error.message}\n${resume ? `shredlock: ${resume}\n` : ''}`);
      return 1;
    }
    throw error;
  }
}

const s3Url = (bucket: string, key: string) => `s3://${bucket}/${key}`;

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}

/** The seal result as text. */
export function renderSealTable(result: SealAndNotifyResult, recordsBucket: string): string {
  const { seal, notification } = result;
  const r = seal.record;
  const lines: string[] = [];
  const status =
    seal.status === 'unchanged'
      ? `already sealed (revision ${r.revision}); nothing held or written`
      : seal.status === 'resealed'
        ? `sealed again: revision ${r.revision}`
        : 'sealed';
  lines.push(`incident      ${seal.incidentId}: ${status}`);
  lines.push(`versions      ${r.versions} under the prefix, ${formatBytes(r.bytes)}`);
  if (seal.status !== 'unchanged') {
    lines.push(
      `holds         ${r.held} held, ${r.heldBefore.length} held before the seal (left as they are), ` +
        `${r.carried} sealed by an earlier revision, ${r.failures.length} NOT held`,
    );
  }
  lines.push(`record        ${s3Url(recordsBucket, seal.recordKey)}`);
  lines.push(`manifest      ${s3Url(recordsBucket, r.manifest.key)}  sha256 ${r.manifest.sha256}`);
  lines.push('');
  if ('error' in notification) {
    lines.push(`notification  NOT written: ${notification.error.code}: ${notification.error.message}`);
    lines.push(`              run seal again with --incident ${seal.incidentId} to retry`);
  } else {
    const list = notification.notification;
    const people = peopleByType(list);
    const types = PII_TYPES.filter((t) => people[t] !== undefined);
    lines.push(`affected people by identifier type (${list.versions} versions scanned)`);
    if (types.length === 0) lines.push('  none found');
    else lines.push(...table([['TYPE', 'PEOPLE'], ...types.map((t) => [t, String(people[t])])]).map((l) => `  ${l}`));
    lines.push('');
    lines.push(`notification  ${s3Url(recordsBucket, notification.keys.json)}${notification.status === 'unchanged' ? ' (up to date, not rewritten)' : ''}`);
    lines.push(`              ${s3Url(recordsBucket, notification.keys.csv)}`);
    if (list.unreadable.length > 0) {
      lines.push(`unreadable    ${list.unreadable.length} version(s) could not be read in full; someone's data may be in them:`);
      for (const u of list.unreadable) lines.push(`                ${u.versionId}  ${u.code}${u.partial ? ' (partly read, counted)' : ''}`);
    }
  }
  const pending = result.pendingKeys;
  if (pending) {
    lines.push('');
    if ('error' in pending) lines.push(`pending keys  NOT checked: ${pending.error.code}: ${pending.error.message}`);
    else if (pending.cancelled.length === 0) lines.push('pending keys  none of the vault\'s keys pending deletion covers a sealed version');
    else for (const k of pending.cancelled) lines.push(`pending keys  deletion of ${k.keyId} (epoch ${k.epoch}) CANCELLED: it covers a sealed version${k.record ? `; ${k.record}` : ''}`);
  }
  if (seal.failures.length > 0) {
    lines.push('');
    lines.push(`NOT HELD      ${seal.failures.length} version(s); run seal again with --incident ${seal.incidentId} to retry:`);
    for (const f of seal.failures) lines.push(`                ${f.versionId}  ${f.code} (${f.operation} ${f.awsCode})`);
  }
  return `${lines.join('\n')}\n`;
}

/** The unseal result as text. */
export function renderUnsealTable(result: UnsealResult, recordsBucket: string): string {
  const r = result.record;
  const lines: string[] = [];
  if (result.status === 'unchanged') {
    lines.push(`incident      ${result.incidentId}: already unsealed (revision ${r.revision}); nothing released or written`);
  } else {
    lines.push(`incident      ${result.incidentId}: unsealed (revision ${r.revision})`);
    lines.push(
      `holds         ${r.released} released, ${r.alreadyReleased} released earlier, ${r.kept.length} kept for other open incidents, ` +
        `${r.failures.length} NOT released; ${r.heldBefore} held before the seal (left held)`,
    );
    for (const k of r.kept) lines.push(`  kept        ${k.versionId}  held by ${k.incidents.join(', ')}`);
  }
  lines.push(`record        ${s3Url(recordsBucket, result.recordKey)}`);
  if (result.failures.length > 0) {
    lines.push('');
    lines.push(`NOT RELEASED  ${result.failures.length} version(s); run unseal again to retry:`);
    for (const f of result.failures) lines.push(`                ${f.versionId}  ${f.code} (${f.operation} ${f.awsCode})`);
  }
  return `${lines.join('\n')}\n`;
}

/** The seal result as JSON: the record, and the list's counts and locations (not the identifiers). */
function sealJson(result: SealAndNotifyResult, recordsBucket: string): string {
  const { seal, notification } = result;
  return `${JSON.stringify(
    {
      incidentId: seal.incidentId,
      status: seal.status,
      record: s3Url(recordsBucket, seal.recordKey),
      seal: seal.record,
      failures: seal.failures,
      ...(result.pendingKeys ? { pendingKeys: result.pendingKeys } : {}),
      notification:
        'error' in notification
          ? notification
          : {
              status: notification.status,
              json: s3Url(recordsBucket, notification.keys.json),
              csv: s3Url(recordsBucket, notification.keys.csv),
              versions: notification.notification.versions,
              people: peopleByType(notification.notification),
              unreadable: notification.notification.unreadable,
            },
    },
    null,
    2,
  )}\n`;
}

/** Runs `seal`; returns the exit code. */
export async function runSeal(options: SealCommandOptions, deps: SealCommandDeps = {}): Promise<number> {
  const now = (deps.now ?? (() => new Date()))();
  // Fixed before any work, so that a run that fails half-way can be resumed under the same id.
  const incidentId = options.incident ?? newIncidentId(now);
  const code = await guarded(async () => {
    const principal = await callerOf(deps);
    const pendingKeyClients = options.vault ? { kms: (deps.kms ?? kmsClient)(), sns: (deps.sns ?? snsClient)() } : {};
    const result = await sealAndNotify(
      { s3: (deps.s3 ?? s3Client)(), ...pendingKeyClients },
      {
        vaultBucket: options.vaultBucket,
        recordsBucket: options.recordsBucket,
        prefix: options.prefix,
        reason: options.reason,
        principal,
        incidentId,
        now,
      },
      options.vault ? { vault: { vaultName: options.vault, ...(options.topicArn ? { topicArn: options.topicArn } : {}) } } : {},
    );
    process.stdout.write(
      options.format === 'json' ? sealJson(result, options.recordsBucket) : renderSealTable(result, options.recordsBucket),
    );
    return result.seal.failures.length > 0 || 'error' in result.notification || (result.pendingKeys && 'error' in result.pendingKeys) ? 1 : 0;
  }, `run seal again with --incident ${incidentId} to resume`);
  return code;
}

/** Runs `unseal`; returns the exit code. */
export async function runUnseal(options: UnsealCommandOptions, deps: SealCommandDeps = {}): Promise<number> {
  return guarded(async () => {
    const principal = await callerOf(deps);
    const result = await unsealIncident(
      { s3: (deps.s3 ?? s3Client)() },
      {
        vaultBucket: options.vaultBucket,
        recordsBucket: options.recordsBucket,
        incidentId: options.incident,
        reason: options.reason,
        principal,
        now: (deps.now ?? (() => new Date()))(),
      },
    );
    process.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify({ incidentId: result.incidentId, status: result.status, record: s3Url(options.recordsBucket, result.recordKey), unseal: result.record, failures: result.failures }, null, 2)}\n`
        : renderUnsealTable(result, options.recordsBucket),
    );
    return result.failures.length > 0 ? 1 : 0;
  });
}

const formatOption = () => new Option('--format <format>', 'output format').choices(SEAL_FORMATS).default('table');

/** Adds `seal` and `unseal` to the program. */
export function registerSeal(program: Command, deps: SealCommandDeps = {}): void {
  program
    .command('seal')
    .description('place a legal hold on every version under a vault prefix, record the incident, and list the affected people')
    .requiredOption('--vault-bucket <bucket>', 'the vault bucket')
    .requiredOption('--records-bucket <bucket>', 'the records bucket (incident records and the notification list)')
    .requiredOption('--prefix <prefix>', 'key prefix to seal (a plain string prefix: end it with "/" for a folder)')
    .requiredOption('--reason <text>', 'why: the incident or ticket reference (recorded)')
    .option('--incident <id>', 'incident id; run again with the same id to retry failures or seal new versions (default: a new id)')
    .option('--vault <name>', "the vault's name: cancel the deletion of its keys pending deletion that cover a sealed version")
    .option('--topic-arn <arn>', 'SNS topic told of such a cancellation (with --vault)')
    .addOption(formatOption())
    .action(async (opts) => {
      process.exitCode = await runSeal(
        {
          vaultBucket: opts.vaultBucket as string,
          recordsBucket: opts.recordsBucket as string,
          prefix: opts.prefix as string,
          reason: opts.reason as string,
          incident: opts.incident as string | undefined,
          vault: opts.vault as string | undefined,
          topicArn: opts.topicArn as string | undefined,
          format: opts.format as SealFormat,
        },
        deps,
      );
    });

  program
    .command('unseal')
    .description("release the legal holds an incident placed (from its manifests), and record it")
    .requiredOption('--vault-bucket <bucket>', 'the vault bucket (must be the incident\'s)')
    .requiredOption('--records-bucket <bucket>', 'the records bucket')
    .requiredOption('--incident <id>', 'the incident to unseal')
    .requiredOption('--reason <text>', 'why the holds may be lifted (recorded)')
    .addOption(formatOption())
    .action(async (opts) => {
      process.exitCode = await runUnseal(
        {
          vaultBucket: opts.vaultBucket as string,
          recordsBucket: opts.recordsBucket as string,
          incident: opts.incident as string,
          reason: opts.reason as string,
          format: opts.format as SealFormat,
        },
        deps,
      );
    });
}
