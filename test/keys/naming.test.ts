import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { trailName } from '../../lib/audit-trail.js';
import * as lib from '../../lib/naming.js';
import * as vault from '../../contract/naming.js';
import { INVENTORY_ID, INVENTORY_PREFIX } from '../../lib/vault-bucket.js';
import { DEFAULT_STATE_PREFIX } from '../../lambdas/scanner/backlog.js';
import { DEFAULT_INVENTORY_PREFIX, INVENTORY_CONFIG_ID } from '../../lambdas/shredder/inventory-evidence.js';
import { inventoryRoot } from '../../lambdas/shredder/inventory-reader.js';
import { testApp } from '../support/cdk-app.js';

describe('runtime-safe naming', () => {
  it('has the same values as lib/naming.ts (until lib re-exports them)', () => {
    expect(vault.TAG_VAULT).toBe(lib.TAG_VAULT);
    expect(vault.TAG_EPOCH).toBe(lib.TAG_EPOCH);
    expect(vault.TAG_EPOCH_MONTHS).toBe(lib.TAG_EPOCH_MONTHS);
    expect(vault.TAG_SHRED_NOT_BEFORE).toBe(lib.TAG_SHRED_NOT_BEFORE);
    expect(vault.RECORD_PREFIXES).toMatchObject(lib.RECORD_PREFIXES);
    expect(vault.epochAliasName('shredlock', '2026-11')).toBe(lib.epochAliasName('shredlock', '2026-11'));
    expect(vault.epochAliasPrefix('acme')).toBe(lib.epochAliasPrefix('acme'));
    for (const [epoch, months, days] of [['2026-11', 1, 2555], ['2027-01', 12, 0], ['2028-02', 1, 1]] as const) {
      expect(vault.shredNotBefore(epoch, months, days)).toBe(lib.shredNotBefore(epoch, months, days));
    }
  });

  it('names buckets, roles, the trail and Macie\'s role as lib/naming.ts does (until lib re-exports them)', () => {
    const stack = new Stack(testApp('vault-naming'), 'S', { env: { account: '123456789012', region: 'cn-north-1' } });
    expect(vault.ROLE_PATH).toBe(lib.ROLE_PATH);
    for (const kind of vault.BUCKET_KINDS) expect(vault.vaultBucketName('acme', kind, stack)).toBe(lib.bucketName(stack, 'acme', kind));
    for (const kind of ['scanner', 'shredder', 'sealer', 'break-glass'] as const) {
      expect(vault.vaultRoleArn('acme', kind, stack)).toBe(lib.roleArn(stack, 'acme', kind));
      expect(vault.roleName('acme', kind)).toBe(lib.roleName('acme', kind));
    }
    expect(vault.vaultTrailName('acme')).toBe(trailName('acme'));
    expect(vault.macieRoleArn(stack)).toBe(lib.macieServiceLinkedRoleArn(stack));
    expect(vault.vaultRoleArn('acme', 'shredder', stack)).toBe('arn:aws-cn:iam::123456789012:role/shredlock/acme-shredder');
  });

  it('defines the inventory location and the backlog state prefix once, for the stack and the runtime', () => {
    expect(vault.INVENTORY_CONFIG_ID).toBe('daily-versions');
    expect(vault.INVENTORY_PREFIX).toBe('vault');
    expect(vault.BACKLOG_STATE_PREFIX).toBe('state/backlog/');
    // The stack's names are the same bindings, not copies.
    expect([lib.INVENTORY_CONFIG_ID, INVENTORY_ID, INVENTORY_CONFIG_ID]).toEqual(Array(3).fill(vault.INVENTORY_CONFIG_ID));
    expect([lib.INVENTORY_PREFIX, INVENTORY_PREFIX, DEFAULT_INVENTORY_PREFIX]).toEqual(Array(3).fill(vault.INVENTORY_PREFIX));
    expect([lib.BACKLOG_STATE_PREFIX, DEFAULT_STATE_PREFIX]).toEqual(Array(2).fill(vault.BACKLOG_STATE_PREFIX));
    // Where the shredder looks for manifests is where the stack lets it read them.
    expect(inventoryRoot(vault.INVENTORY_PREFIX, 'acme-vault-1-r', vault.INVENTORY_CONFIG_ID)).toBe(
      lib.inventoryReportPrefix(vault.INVENTORY_PREFIX, 'acme-vault-1-r', vault.INVENTORY_CONFIG_ID),
    );
  });

  it('names the records of one key under certificates/<vault>/<epoch>/<key-id>', () => {
    expect(vault.certificateKeys('acme', '2026-11', 'k-1')).toEqual({
      certificate: 'certificates/acme/2026-11/k-1.json',
      manifest: 'certificates/acme/2026-11/k-1.manifest.tsv',
      completion: 'certificates/acme/2026-11/k-1.completion.json',
      cancellation: 'certificates/acme/2026-11/k-1.cancellation.json',
    });
    expect(vault.ledgerKey('acme', '2026-11')).toBe('epochs/acme/2026-11.json');
  });

  it.each([
    ['certificates/acme/2026-11/k-1.json', { epoch: '2026-11', keyId: 'k-1', kind: 'certificate' }],
    ['certificates/acme/2026-11/k-1.manifest.tsv', { epoch: '2026-11', keyId: 'k-1', kind: 'manifest' }],
    ['certificates/acme/2026-11/k-1.completion.json', { epoch: '2026-11', keyId: 'k-1', kind: 'completion' }],
    ['certificates/acme/2026-11/k-1.cancellation.json', { epoch: '2026-11', keyId: 'k-1', kind: 'cancellation' }],
    ['certificates/acme-2/2026-11/k-1.json', undefined],
    ['certificates/acme/2026-13/k-1.json', undefined],
    ['certificates/acme/2026-11/k-1.txt', undefined],
    ['reports/acme/2026-11/k-1.json', undefined],
  ])('parses %s', (key, expected) => {
    expect(vault.parseCertificateKey('acme', key)).toEqual(expected);
  });
});
