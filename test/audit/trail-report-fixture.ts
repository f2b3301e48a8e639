/**
 * A hand-built TrailReport for the renderer tests: every section filled, every flag kind present,
 * and markup, quotes and Chinese in the values that come from logs (keys, ARNs, file names).
 */
import type { TrailReport } from '../../lambdas/audit/trail-report.js';
import { MALLORY_ARN, ROLE_ARN, USER_ARN, VAULT, keyArn } from './events.js';

/** Values from logs that must reach the page escaped and intact. */
export const AWKWARD = {
  key: 'customers/<script>alert("x")</script>&\'.csv',
  chinese: '客户/身份证 名单.xlsx',
  principal: 'arn:aws:iam::111122223333:user/<b>Eve</b>',
  logKey: 'AWSLogs/111122223333/CloudTrail/<img src=x>.json.gz',
} as const;

const KEY_A = keyArn('1234abcd-12ab-34cd-56ef-1234567890ab');
const KEY_B = keyArn('2234abcd-12ab-34cd-56ef-1234567890ab');

/** The sample report. */
export function sampleTrailReport(): TrailReport {
  return {
    source: `s3://trail-bucket/<prefix>`,
    range: { from: '2025-03-01T00:00:00Z' },
    files: { read: 7, records: 1234, unreadable: [{ key: AWKWARD.logKey, detail: 'not gzip-compressed JSON' }] },
    confidentialReads: {
      principals: [
        {
          principal: AWKWARD.principal,
          expected: false,
          flagged: true,
          reads: [
            { time: '2025-03-01T00:20:00Z', bucket: VAULT, key: AWKWARD.key, versionId: 'v1', sensitivity: 'confidential' },
            { time: '2025-03-01T00:21:00Z', bucket: VAULT, key: AWKWARD.chinese, sensitivity: 'failed' },
          ],
        },
        {
          principal: MALLORY_ARN,
          expected: false,
          flagged: true,
          reads: [{ time: '2025-03-01T00:22:00Z', bucket: VAULT, key: AWKWARD.key, versionId: 'v1', sensitivity: 'confidential' }],
        },
        {
          principal: `arn:aws:sts::111122223333:assumed-role/shredlock-scanner/scan-session`,
          issuer: ROLE_ARN,
          expected: true,
          flagged: false,
          reads: [
            { time: '2025-03-01T00:10:00Z', bucket: VAULT, key: AWKWARD.key, versionId: 'v1', sensitivity: 'confidential' },
            { time: '2025-03-01T00:11:00Z', bucket: VAULT, key: 'customers/ids.csv', sensitivity: 'confidential' },
            { time: '2025-03-01T00:12:00Z', bucket: VAULT, key: 'customers/more.csv', sensitivity: 'confidential' },
          ],
        },
      ],
      otherReads: 5,
    },
    keys: [
      {
        key: KEY_A,
        events: [
          { time: '2025-03-01T01:01:00Z', event: 'ScheduleKeyDeletion', principal: USER_ARN, deletionDate: 'Mar 8, 2025, 1:01:00 AM', pendingWindowInDays: 7 },
          { time: '2025-03-01T08:00:00Z', event: 'DeleteKey', principal: 'service:AWS Internal' },
        ],
        state: 'deleted',
        certificate: { file: 'certificates/2025-02/<a>.json', vault: VAULT, scheduledAt: '2025-03-01T01:01:00Z' },
        flagged: false,
      },
      {
        key: KEY_B,
        events: [{ time: '2025-03-01T01:02:00Z', event: 'ScheduleKeyDeletion', principal: MALLORY_ARN, pendingWindowInDays: 7 }],
        state: 'pending-deletion',
        flagged: true,
      },
    ],
    protectionChanges: [
      { time: '2025-03-01T01:10:00Z', event: 'PutBucketPolicy', principal: USER_ARN, bucket: VAULT, bypassGovernance: false },
      { time: '2025-03-01T01:13:00Z', event: 'PutObjectRetention', principal: MALLORY_ARN, bucket: VAULT, key: AWKWARD.key, versionId: 'v1', bypassGovernance: true },
    ],
    denied: [
      { time: '2025-03-01T01:11:00Z', principal: MALLORY_ARN, eventSource: 's3.amazonaws.com', event: 'PutObjectLockConfiguration', errorCode: 'AccessDenied', target: VAULT, bypassGovernance: false },
    ],
    flags: [
      { kind: 'UNEXPECTED_READER', subject: AWKWARD.principal, time: '2025-03-01T00:20:00Z', detail: 'read 2 confidential objects' },
      { kind: 'UNEXPECTED_READER', subject: MALLORY_ARN, time: '2025-03-01T00:22:00Z', detail: 'read 1 confidential object' },
      { kind: 'DELETION_WITHOUT_CERTIFICATE', subject: KEY_B, time: '2025-03-01T01:02:00Z', detail: 'no destruction certificate names this key' },
      { kind: 'GOVERNANCE_BYPASS', subject: `${VAULT}/${AWKWARD.key}`, time: '2025-03-01T01:13:00Z', detail: 'PutObjectRetention bypassed governance retention' },
      { kind: 'UNREADABLE_LOG', subject: AWKWARD.logKey, detail: 'not gzip-compressed JSON' },
    ],
    summary: { flagged: 5, byKind: { UNEXPECTED_READER: 2, DELETION_WITHOUT_CERTIFICATE: 1, GOVERNANCE_BYPASS: 1, UNREADABLE_LOG: 1, CLOCK_OVERRIDDEN: 0 } },
  };
}

/** The sample with nothing in it. */
export function emptyTrailReport(): TrailReport {
  return {
    source: 'test/.out/empty',
    range: {},
    files: { read: 0, records: 0, unreadable: [] },
    confidentialReads: { principals: [], otherReads: 0 },
    keys: [],
    protectionChanges: [],
    denied: [],
    flags: [],
    summary: { flagged: 0, byKind: { UNEXPECTED_READER: 0, DELETION_WITHOUT_CERTIFICATE: 0, GOVERNANCE_BYPASS: 0, UNREADABLE_LOG: 0, CLOCK_OVERRIDDEN: 0 } },
  };
}
