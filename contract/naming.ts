/**
 * The name scheme the stack and the runtime share: bucket, role and trail names, tag keys of vault
 * keys, record prefixes and keys in the records bucket, epoch aliases. Pure values and functions
 * only (the Lambdas cannot load aws-cdk-lib); lib/naming.ts adds what needs a CDK Stack, so the
 * stack and the runtime compute the same names from one rule.
 *
 * | What                        | Value                                                        |
 * |-----------------------------|--------------------------------------------------------------|
 * | bucket                      | `<vault>-<kind>-<account>-<region>`                          |
 * | role                        | `arn:<partition>:iam::<account>:role/shredlock/<vault>-<role>` |
 * | trail                       | `<vault>-trail`                                              |
 * | epoch alias                 | `alias/shredlock/<vault>/epoch/<YYYY-MM>`                    |
 * | epoch ledger entry          | `epochs/<vault>/<YYYY-MM>.json`                              |
 * | destruction certificate     | `certificates/<vault>/<YYYY-MM>/<key-id>.json`               |
 * | its manifest                | `certificates/<vault>/<YYYY-MM>/<key-id>.manifest.tsv`       |
 * | completion record           | `certificates/<vault>/<YYYY-MM>/<key-id>.completion.json`    |
 * | cancellation record         | `certificates/<vault>/<YYYY-MM>/<key-id>.cancellation.json`  |
 * | backlog scan resume state   | `state/backlog/<vault bucket>.json` (records bucket)         |
 * | S3 Inventory of the vault   | `vault/<vault bucket>/daily-versions/` (inventory bucket)    |
 *
 * Tag values show up in CloudTrail and cannot be shredded: they hold names, dates and ARNs only.
 */
import { EPOCH_PATTERN } from './patterns.js';

/** The buckets of one vault. */
export const BUCKET_KINDS = ['vault', 'records', 'trail', 'inventory', 'access-logs'] as const;
/** One bucket of a vault. */
export type BucketKind = (typeof BUCKET_KINDS)[number];

/** The roles of one vault (`inventory-scan` is the inventory scan state machine's, `macie-findings` the Macie findings Lambda's). */
export type RoleKind =
  | 'writer'
  | 'scanner'
  | 'shredder'
  | 'auditor'
  | 'break-glass'
  | 'rotator'
  | 'sealer'
  | 'checker'
  | 'inventory-scan'
  | 'macie-findings';

/** IAM path of every ShredLock role. */
export const ROLE_PATH = '/shredlock/';

/** `<vault>-<kind>-<account>-<region>`: globally unique, and computable by the runtime. */
export function vaultBucketName(vaultName: string, kind: BucketKind, env: { readonly account: string; readonly region: string }): string {
  return `${vaultName}-${kind}-${env.account}-${env.region}`;
}

/** `<vault>-<role>`, under ROLE_PATH. */
export function roleName(vaultName: string, kind: RoleKind): string {
  return `${vaultName}-${kind}`;
}

/** The ARN a role with roleName() has; usable before the role exists (no dependency cycles). */
export function vaultRoleArn(vaultName: string, kind: RoleKind, env: { readonly account: string; readonly partition: string }): string {
  return `arn:${env.partition}:iam::${env.account}:role${ROLE_PATH}${roleName(vaultName, kind)}`;
}

/** `<vault>-trail`: the vault's CloudTrail trail. */
export function vaultTrailName(vaultName: string): string {
  return `${vaultName}-trail`;
}

/** ARN of Macie's service-linked role in the account. */
export function macieRoleArn(env: { readonly account: string; readonly partition: string }): string {
  return `arn:${env.partition}:iam::${env.account}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;
}

/** Tag keys on vault keys; the shredder's permissions are conditioned on TAG_VAULT. */
export const TAG_VAULT = 'shredlock:vault';
/** Tag with the epoch a key covers, "YYYY-MM" (its first month). */
export const TAG_EPOCH = 'shredlock:epoch';
/** Tag with the number of months the epoch covers. */
export const TAG_EPOCH_MONTHS = 'shredlock:epoch-months';
/** Tag with the first day (UTC, YYYY-MM-DD) on which all data of the epoch is out of retention. */
export const TAG_SHRED_NOT_BEFORE = 'shredlock:shred-not-before';
/** Tag set by the approver role: the IAM ARN of the principal that approved shredding the key. */
export const TAG_APPROVED_BY = 'shredlock:approved-by';
/** Tag set by the approver role: when the approval was given (ISO 8601, UTC). */
export const TAG_APPROVED_AT = 'shredlock:approved-at';
/** Matches every approval tag key (and any added later): the epoch key policy guards them by it. */
export const TAG_APPROVED_PATTERN = 'shredlock:approved-*';

/** S3 key prefixes in the records bucket. */
export const RECORD_PREFIXES = { reports: 'reports/', certificates: 'certificates/', epochs: 'epochs/' } as const;

/** Prefix, in the records bucket, of the incident records the sealer writes (lambdas/seal/layout.ts). */
export const INCIDENTS_PREFIX = 'incidents/';

/**
 * Prefix, in the records bucket, of the backlog scan's resume state (`<prefix><vault bucket>.json`;
 * lambdas/scanner/backlog-handler.ts). The stack grants the scanner role exactly this prefix.
 */
export const BACKLOG_STATE_PREFIX = 'state/backlog/';

/**
 * Id of the vault bucket's S3 Inventory configuration: part of every inventory report key. The
 * stack creates the configuration with it (lib/vault-bucket.ts) and the shredder reads it back
 * (lambdas/shredder/inventory-evidence.ts).
 */
export const INVENTORY_CONFIG_ID = 'daily-versions';
/**
 * Destination prefix of that inventory in the inventory bucket; S3 delivers under
 * `<prefix>/<vault bucket>/<config id>/`. The shredder's default for SHREDLOCK_INVENTORY_PREFIX.
 */
export const INVENTORY_PREFIX = 'vault';

/** `alias/shredlock/<vault>/epoch/<YYYY-MM>`. */
export function epochAliasName(vaultName: string, epoch: string): string {
  return `${epochAliasPrefix(vaultName)}${epoch}`;
}

/** `alias/shredlock/<vault>/epoch/`: every epoch alias of a vault starts with it. */
export function epochAliasPrefix(vaultName: string): string {
  return `alias/shredlock/${vaultName}/epoch/`;
}

/**
 * The first UTC day on which every object written in an epoch is out of retention: the epoch's end
 * (first day of the month after it) plus the retention period.
 */
export function shredNotBefore(epoch: string, epochMonths: number, retentionDays: number): string {
  const [year, month] = epoch.split('-').map(Number) as [number, number];
  const end = Date.UTC(year, month - 1 + epochMonths, 1);
  return new Date(end + retentionDays * 86_400_000).toISOString().slice(0, 10);
}

/** `epochs/<vault>/`: the epoch ledger of a vault. */
export function ledgerPrefix(vaultName: string): string {
  return `${RECORD_PREFIXES.epochs}${vaultName}/`;
}

/** `epochs/<vault>/<YYYY-MM>.json`: which key covers the writes of one epoch. */
export function ledgerKey(vaultName: string, epoch: string): string {
  return `${ledgerPrefix(vaultName)}${epoch}.json`;
}

/** `certificates/<vault>/`: every destruction record of a vault. */
export function certificatePrefix(vaultName: string): string {
  return `${RECORD_PREFIXES.certificates}${vaultName}/`;
}

/** The record objects of one key's destruction. Each is written once and never overwritten. */
export interface CertificateKeys {
  readonly certificate: string;
  readonly manifest: string;
  readonly completion: string;
  readonly cancellation: string;
}

/** Record keys of one key's destruction, under `certificates/<vault>/<epoch>/<key-id>`. */
export function certificateKeys(vaultName: string, epoch: string, keyId: string): CertificateKeys {
  const stem = `${certificatePrefix(vaultName)}${epoch}/${keyId}`;
  return {
    certificate: `${stem}.json`,
    manifest: `${stem}.manifest.tsv`,
    completion: `${stem}.completion.json`,
    cancellation: `${stem}.cancellation.json`,
  };
}

/** What a record key under certificatePrefix() names, or undefined for anything else. */
export function parseCertificateKey(
  vaultName: string,
  key: string,
): { epoch: string; keyId: string; kind: keyof CertificateKeys } | undefined {
  const prefix = certificatePrefix(vaultName);
  if (!key.startsWith(prefix)) return undefined;
  const match = /^(\d{4}-\d{2})\/([A-Za-z0-9-]+)(\.manifest\.tsv|\.completion\.json|\.cancellation\.json|\.json)$/.exec(
    key.slice(prefix.length),
  );
  if (!match || !EPOCH_PATTERN.test(match[1] as string)) return undefined;
  const suffix = match[3] as string;
  const kind: keyof CertificateKeys =
    suffix === '.json' ? 'certificate' : suffix === '.manifest.tsv' ? 'manifest' : suffix === '.completion.json' ? 'completion' : 'cancellation';
  return { epoch: match[1] as string, keyId: match[2] as string, kind };
}
