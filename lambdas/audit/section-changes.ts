/**
 * Sections "protection changes" and "denied requests".
 *
 * Protection changes: successful PutBucketPolicy, DeleteBucketPolicy, PutObjectLockConfiguration,
 * PutObjectRetention and PutObjectLegalHold, plus any S3 request that bypassed governance
 * retention (DeleteObject, DeleteObjects, PutObjectRetention...), which is flagged. S3 logs request
 * headers among `requestParameters`; the bypass is `x-amz-bypass-governance-retention: true`
 * (matched case-insensitively, also as `BypassGovernanceRetention`, as a string, boolean or list).
 *
 * Denied requests: any record whose errorCode is AccessDenied (S3), AccessDeniedException (KMS)
 * or contains "Unauthorized" (Client.UnauthorizedOperation...).
 */
import { principalOf, resourceArn, s3Target, stringParam, type TrailRecord } from './records.js';
import type { DeniedRequest, Flag, ProtectionChange } from './trail-report.js';

/** S3 events that change what protects the data. */
export const PROTECTION_EVENTS = new Set([
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutObjectLockConfiguration',
  'PutObjectRetention',
  'PutObjectLegalHold',
]);

const BYPASS_PARAMS = new Set(['x-amz-bypass-governance-retention', 'bypassgovernanceretention']);
const DENIED = /accessdenied|unauthorized/i;

function isTrue(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isTrue);
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

/** True when an S3 request asked to bypass governance retention. */
export function bypassesGovernance(record: TrailRecord): boolean {
  if (record.eventSource !== 's3.amazonaws.com') return false;
  return Object.entries(record.requestParameters ?? {}).some(([name, value]) => BYPASS_PARAMS.has(name.toLowerCase()) && isTrue(value));
}

function target(record: TrailRecord): string | undefined {
  if (record.eventSource === 's3.amazonaws.com') {
    const { bucket, key } = s3Target(record);
    return bucket ? (key ? `${bucket}/${key}` : bucket) : undefined;
  }
  if (record.eventSource === 'kms.amazonaws.com') {
    return resourceArn(record, 'AWS::KMS::Key', /:kms:/) ?? stringParam(record, 'keyId');
  }
  return record.resources?.find((r) => r.ARN)?.ARN;
}

/** Accumulates protection changes and denied requests. */
export function changesSection() {
  const changes: ProtectionChange[] = [];
  const denied: DeniedRequest[] = [];
  return {
    add(record: TrailRecord): void {
      const bypass = bypassesGovernance(record);
      if (record.errorCode) {
        if (!DENIED.test(record.errorCode)) return;
        const to = target(record);
        denied.push({
          time: record.eventTime,
          principal: principalOf(record.userIdentity),
          eventSource: record.eventSource,
          event: record.eventName,
          errorCode: record.errorCode,
          ...(to ? { target: to } : {}),
          bypassGovernance: bypass,
        });
        return;
      }
      if (record.eventSource !== 's3.amazonaws.com' || !(bypass || PROTECTION_EVENTS.has(record.eventName))) return;
      const { bucket, key, versionId } = s3Target(record);
      changes.push({
        time: record.eventTime,
        event: record.eventName,
        principal: principalOf(record.userIdentity),
        ...(bucket ? { bucket } : {}),
        ...(key ? { key } : {}),
        ...(versionId ? { versionId } : {}),
        bypassGovernance: bypass,
      });
    },

    finish(flags: Flag[]): { protectionChanges: ProtectionChange[]; denied: DeniedRequest[] } {
      const byTime = <T extends { time: string }>(a: T, b: T): number => a.time.localeCompare(b.time);
      changes.sort(byTime);
      denied.sort(byTime);
      for (const c of changes) {
        if (!c.bypassGovernance) continue;
        const object = c.bucket ? (c.key ? `${c.bucket}/${c.key}` : c.bucket) : '(unknown object)';
        flags.push({ kind: 'GOVERNANCE_BYPASS', subject: object, time: c.time, detail: `${c.event} by ${c.principal} bypassed governance retention` });
      }
      return { protectionChanges: changes, denied };
    },
  };
}
