import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../lambdas/audit/certificates.js';
import type { TrailRecord } from '../../lambdas/audit/records.js';
import { keysSection } from '../../lambdas/audit/section-keys.js';
import type { Flag } from '../../lambdas/audit/trail-report.js';
import { destructionCertificate } from '../shredder/certificates.js';

const KEY_ID = '0f0e0d0c-0b0a-4000-8000-00000000000a';
const KEY_ARN = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;

function scheduled(): TrailRecord {
  return {
    eventSource: 'kms.amazonaws.com',
    eventName: 'ScheduleKeyDeletion',
    eventTime: '2025-03-01T01:01:00Z',
    userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/acme-shredder/run' },
    responseElements: { keyId: KEY_ARN, deletionDate: '2025-03-08T01:01:00Z' },
  } as unknown as TrailRecord;
}

describe('keysSection: clock overrides', () => {
  it.each([
    ['override', ['CLOCK_OVERRIDDEN']],
    ['system', []],
  ] as const)('a certificate on the %s clock -> flags %j', (clock, kinds) => {
    const certificate = { ...destructionCertificate({ vault: 'acme', epoch: '2025-02', keyId: KEY_ID }, { clock, keyArn: KEY_ARN }), file: 'c.json' } as Certificate;
    const section = keysSection([certificate]);
    section.add(scheduled());
    const flags: Flag[] = [];
    section.finish(flags);
    expect(flags.map((f) => f.kind)).toEqual(kinds);
  });
});
