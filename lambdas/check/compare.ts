/**
 * The comparison of a vault's live configuration with the stack's promise: a pure function from
 * (expectation, snapshot) to drifts. A value that could not be read is a drift (`unreadable
 * (<code>)`): a check that cannot see a setting cannot vouch for it.
 *
 * | Resource            | Property                         | Expected                                     |
 * |---------------------|----------------------------------|----------------------------------------------|
 * | every bucket        | bucket                           | exists                                       |
 * |                     | versioning                       | Enabled                                      |
 * |                     | object lock                      | Enabled (vault, records, trail)              |
 * |                     | default retention                | `<mode> <days> days`; `none` (inventory, logs)|
 * |                     | default encryption               | aws:kms; AES256 (access logs)                |
 * |                     | encryption key                   | an Enabled epoch key (vault); the audit key  |
 * |                     | bucket key                       | enabled (SSE-KMS buckets)                    |
 * |                     | SSE-C uploads                    | blocked                                      |
 * |                     | public access block <flag>       | true, for each of the four flags             |
 * |                     | policy <statement>               | the Deny, to everyone but the exempt roles   |
 * |                     | policy public grants             | none (no unconditional Allow to everyone)    |
 * | trail               | trail, S3 bucket, multi-region,  | exists, the trail bucket, true, true,        |
 * |                     | global service events, log-file  | enabled, SSE-KMS                             |
 * |                     | validation, encryption           |                                              |
 * |                     | logging, delivery errors         | logging, none                                |
 * |                     | management events                | All                                          |
 * |                     | data events <bucket>             | All (vault, records, inventory)              |
 * | each epoch key      | tag vault, epoch, epoch-months,  | the vault, the alias's epoch, 1-12, not      |
 * |                     | shred-not-before                 | before epoch end + retention                 |
 * |                     | key state                        | Enabled, until its shred-not-before day      |
 * |                     | key rotation                     | enabled (Enabled keys)                       |
 * | the audit key       | key state, key rotation          | Enabled, enabled                             |
 *
 * A vault without any epoch alias is a drift; an alias whose key no longer exists is not (a
 * shredded key's alias may outlive it).
 */
import { shredNotBefore, TAG_EPOCH, TAG_EPOCH_MONTHS, TAG_SHRED_NOT_BEFORE, TAG_VAULT } from '../../contract/naming.js';
import { describeExpected, findStatement, publicGrants, statementProblems } from './policy.js';
import type {
  BucketExpectation,
  Drift,
  KeyExpectation,
  LiveBucket,
  LiveKey,
  LiveLock,
  LiveSelectors,
  LiveTrail,
  LiveVault,
  Read,
  TrailExpectation,
  VaultExpectation,
} from './types.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTHS = /^(1[0-2]|[1-9])$/;

/** Collects comparisons. */
class Findings {
  checked = 0;
  readonly drifts: Drift[] = [];

  /** One comparison; a drift unless `ok` (by default: equal strings). */
  check(resource: string, property: string, expected: string, found: string, ok: boolean = expected === found): void {
    this.checked++;
    if (!ok) this.drifts.push({ resource, property, expected, found });
  }

  /** A comparison of a value read from AWS: `describe` turns it into the found text. */
  value<T>(resource: string, property: string, expected: string, read: Read<T>, describe: (v: T) => string, ok?: (v: T) => boolean): void {
    if (!read.ok) return this.check(resource, property, expected, `unreadable (${read.error})`, false);
    const found = describe(read.value);
    this.check(resource, property, expected, found, ok ? ok(read.value) : expected === found);
  }
}

function retention(lock: LiveLock | null): string {
  if (!lock || (!lock.mode && !lock.days && !lock.years)) return 'none';
  const period = lock.days ? `${lock.days} days` : lock.years ? `${lock.years} years` : 'no period';
  return `${lock.mode ?? 'no mode'} ${period}`;
}

function keyText(key: LiveKey): string {
  return key.alias ? `${key.alias} (${key.keyId})` : key.keyId;
}

function compareBucket(f: Findings, exp: BucketExpectation, live: LiveBucket | undefined, vault: LiveVault, keyPrefix: string): void {
  const r = `s3:${exp.name}`;
  if (!live || !live.exists) return f.check(r, 'bucket', 'exists', 'no such bucket', false);
  f.check(r, 'bucket', 'exists', 'exists');
  f.value(r, 'versioning', 'Enabled', live.versioning, (v) => v);
  if (exp.lock) {
    f.value(r, 'object lock', 'Enabled', live.lock, (l) => (l?.enabled ? 'Enabled' : 'not enabled'));
    f.value(r, 'default retention', `${exp.lock.mode} ${exp.lock.days} days`, live.lock, retention);
  } else {
    f.value(r, 'default retention', 'none', live.lock, retention);
  }
  const enc = exp.encryption;
  f.value(r, 'default encryption', enc.algorithm, live.encryption, (e) => e?.algorithm ?? 'none');
  // Under another algorithm the key and bucket key say nothing more: the drift above covers them.
  const sameAlgorithm = live.encryption.ok && live.encryption.value?.algorithm === enc.algorithm;
  if (enc.algorithm === 'aws:kms' && sameAlgorithm) {
    if (enc.key === 'epoch') {
      const epochKeys = vault.epochKeys.ok ? vault.epochKeys.value : [];
      const describe = (keyId: string | undefined, configured: string | undefined): string => {
        const key = epochKeys.find((k) => k.keyId === keyId);
        if (!key) return `${configured ?? 'none'} (not an epoch key of the vault)`;
        return `${keyText(key)}, ${key.state.ok ? key.state.value : 'state unreadable'}`;
      };
      f.value(r, 'encryption key', `an Enabled epoch key (${keyPrefix}*)`, live.encryption, (e) => describe(e?.keyId, e?.key), (e) => {
        const key = epochKeys.find((k) => k.keyId === e?.keyId);
        return key !== undefined && key.state.ok && key.state.value === 'Enabled';
      });
    } else {
      const audit = vault.auditKey?.keyId;
      f.value(r, 'encryption key', `the audit key (${audit ?? "the trail's key"})`, live.encryption, (e) => e?.keyId ?? e?.key ?? 'none', (e) =>
        audit !== undefined && e?.keyId === audit,
      );
    }
    f.value(r, 'bucket key', 'enabled', live.encryption, (e) => (e?.bucketKey ? 'enabled' : 'disabled'));
  }
  f.value(r, 'SSE-C uploads', 'blocked', live.encryption, (e) => (e?.blockedTypes.includes('SSE-C') ? 'blocked' : 'allowed'));
  for (const flag of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const) {
    f.value(r, `public access block ${flag}`, 'true', live.publicAccessBlock, (p) => (p ? String(p[flag]) : 'not set'));
  }
  if (!live.policy.ok || live.policy.value === null) {
    const found = live.policy.ok ? 'no bucket policy' : `unreadable (${live.policy.error})`;
    for (const s of exp.statements) f.check(r, `policy ${s.name}`, describeExpected(s), found, false);
    return;
  }
  const statements = live.policy.value;
  for (const s of exp.statements) {
    const statement = findStatement(s, statements);
    const problems = statement ? statementProblems(s, statement) : ['missing'];
    f.check(r, `policy ${s.name}`, describeExpected(s), problems.join('; ') || describeExpected(s), problems.length === 0);
  }
  const grants = publicGrants(statements).map((g) => `${g.name}: Allow ${g.actions} to everyone`);
  f.check(r, 'policy public grants', 'none', grants.join('; ') || 'none');
}

/** Coverage of `arn` by the selectors: `All`, `ReadOnly`, `WriteOnly` or `not recorded`. */
export function s3ObjectCoverage(selectors: LiveSelectors, bucketArn: string): string {
  const target = `${bucketArn}/`;
  const types = new Set(selectors.s3Objects.filter((s) => target.startsWith(s.prefix)).map((s) => s.readWrite));
  if (types.has('All') || (types.has('ReadOnly') && types.has('WriteOnly'))) return 'All';
  return [...types][0] ?? 'not recorded';
}

function compareTrail(f: Findings, exp: TrailExpectation, live: LiveTrail, partition: string): void {
  const r = `cloudtrail:${exp.name}`;
  if (!live.exists) return f.check(r, 'trail', 'exists', 'no such trail', false);
  f.check(r, 'trail', 'exists', 'exists');
  f.value(r, 'S3 bucket', exp.bucket, live.config, (c) => c.bucket ?? 'none');
  f.value(r, 'multi-region', 'true', live.config, (c) => String(c.multiRegion));
  f.value(r, 'global service events', 'true', live.config, (c) => String(c.globalEvents));
  f.value(r, 'log-file validation', 'enabled', live.config, (c) => (c.logFileValidation ? 'enabled' : 'disabled'));
  f.value(r, 'encryption', 'SSE-KMS', live.config, (c) => (c.kmsKeyId ? 'SSE-KMS' : 'SSE-S3 (no KMS key)'));
  f.value(r, 'logging', 'logging', live.status, (s) => (s.logging ? 'logging' : 'stopped'));
  f.value(r, 'log delivery error', 'none', live.status, (s) => s.deliveryError || 'none');
  f.value(r, 'digest delivery error', 'none', live.status, (s) => s.digestDeliveryError || 'none');
  f.value(r, 'management events', 'All', live.selectors, (s) => s.managementEvents ?? 'not recorded');
  for (const bucket of exp.dataEventBuckets) {
    f.value(r, `data events ${bucket}`, 'All', live.selectors, (s) => s3ObjectCoverage(s, `arn:${partition}:s3:::${bucket}`));
  }
}

function compareEpochKey(f: Findings, exp: KeyExpectation, key: LiveKey): void {
  const r = `kms:${keyText(key)}`;
  if (key.state.ok && key.state.value === 'missing') return;
  let notBefore: string | undefined;
  if (!key.tags.ok) {
    f.check(r, 'tags', 'readable', `unreadable (${key.tags.error})`, false);
  } else {
    const tags = key.tags.value;
    const months = tags[TAG_EPOCH_MONTHS];
    const tagged = tags[TAG_SHRED_NOT_BEFORE];
    const floor = key.epoch ? shredNotBefore(key.epoch, months && MONTHS.test(months) ? Number(months) : 1, exp.retentionDays) : undefined;
    f.check(r, `tag ${TAG_VAULT}`, exp.vault, tags[TAG_VAULT] ?? '(missing)');
    f.check(r, `tag ${TAG_EPOCH}`, key.epoch ?? '(the alias epoch)', tags[TAG_EPOCH] ?? '(missing)');
    f.check(r, `tag ${TAG_EPOCH_MONTHS}`, 'a whole number from 1 to 12', months ?? '(missing)', months !== undefined && MONTHS.test(months));
    f.check(r, `tag ${TAG_SHRED_NOT_BEFORE}`, `${floor ?? 'epoch end + retention'} or later`, tagged ?? '(missing)', tagged !== undefined && DAY.test(tagged) && floor !== undefined && tagged >= floor);
    notBefore = tagged && DAY.test(tagged) && floor && tagged > floor ? tagged : floor;
  }
  const retirable = notBefore !== undefined && exp.today >= notBefore;
  f.value(
    r,
    'key state',
    retirable ? 'Enabled, Disabled or PendingDeletion' : `Enabled until ${notBefore ?? 'its shred-not-before day'}`,
    key.state,
    (s) => (key.deletionDate ? `${s} (deletion ${key.deletionDate})` : s),
    (s) => s === 'Enabled' || (retirable && (s === 'Disabled' || s === 'PendingDeletion')),
  );
  if (key.state.ok && key.state.value === 'Enabled' && key.rotation) {
    f.value(r, 'key rotation', 'enabled', key.rotation, (on) => (on ? 'enabled' : 'disabled'));
  }
}

function compareAuditKey(f: Findings, key: LiveKey): void {
  const r = `kms:audit key (${key.keyId})`;
  f.value(r, 'key state', 'Enabled', key.state, (s) => s);
  if (key.rotation) f.value(r, 'key rotation', 'enabled', key.rotation, (on) => (on ? 'enabled' : 'disabled'));
}

/** Every drift between `expected` and `live` (see the module doc), and how many properties were compared. */
export function compareVault(expected: VaultExpectation, live: LiveVault): { checked: number; drifts: Drift[] } {
  const f = new Findings();
  for (const exp of expected.buckets) {
    compareBucket(f, exp, live.buckets.find((b) => b.name === exp.name), live, expected.keys.aliasPrefix);
  }
  compareTrail(f, expected.trail, live.trail, expected.env.partition);
  const base = `kms:${expected.keys.aliasPrefix}*`;
  if (!live.epochKeys.ok) f.check(base, 'epoch keys', 'readable', `unreadable (${live.epochKeys.error})`, false);
  else {
    f.check(base, 'epoch keys', 'at least one', live.epochKeys.value.length ? 'at least one' : 'none');
    for (const key of live.epochKeys.value) compareEpochKey(f, expected.keys, key);
  }
  if (live.auditKey) compareAuditKey(f, live.auditKey);
  return { checked: f.checked, drifts: f.drifts };
}
