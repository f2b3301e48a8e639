/**
 * Each Lambda's environment is one typed path: what the stack writes (encode) is what the Lambda
 * reads back (decode), and a value such as retentionDays arrives as the configuration gave it.
 */
import { describe, expect, it } from 'vitest';
import { decodeCheckEnv, encodeCheckEnv } from '../../contract/env/check.js';
import type { Env } from '../../contract/env/decode.js';
import { decodeFindingsEnv, encodeFindingsEnv } from '../../contract/env/findings.js';
import {
  decodeBacklogEnv,
  decodeInventoryEnv,
  decodeRangeEnv,
  decodeScannerEnv,
  DEFAULT_RANGE_BYTES,
  encodeBacklogEnv,
  encodeInventoryEnv,
  encodeRangeEnv,
  encodeScannerEnv,
} from '../../contract/env/scanner.js';
import { decodeSealEnv, encodeSealEnv } from '../../contract/env/seal.js';
import { decodeVaultEnv, encodeVaultEnv } from '../../contract/env/vault.js';
import { CfnResolver, type TemplateJson } from '../support/cfn-resolve.js';
import { synthStack, TEST_ENV } from '../support/cdk-app.js';

const report = { reportBucket: 'acme-records-1-r', reportPrefix: 'reports/', apply: false };
const classificationPolicy = { confidential: ['bank_card', 'email'], sensitive: ['cn_mobile'], public: ['ipv4'] } as const;
const withPolicy = {
  ...report,
  classificationPolicy: { confidential: [...classificationPolicy.confidential], sensitive: [...classificationPolicy.sensitive], public: [...classificationPolicy.public] },
};

describe('encode, then decode', () => {
  it.each([
    ['scanner', encodeScannerEnv(report), decodeScannerEnv, report],
    [
      'backlog',
      encodeBacklogEnv({ ...report, vaultBucket: 'acme-vault-1-r', prefix: 'in/', statePrefix: 'state/backlog/' }),
      decodeBacklogEnv,
      { ...report, vaultBucket: 'acme-vault-1-r', prefix: 'in/', statePrefix: 'state/backlog/' },
    ],
    ['inventory', encodeInventoryEnv({ ...report, vaultBucket: 'acme-vault-1-r' }), decodeInventoryEnv, { ...report, vaultBucket: 'acme-vault-1-r' }],
    ['scanner (with a classification policy)', encodeScannerEnv(withPolicy), decodeScannerEnv, withPolicy],
    [
      'backlog (with a classification policy)',
      encodeBacklogEnv({ ...withPolicy, vaultBucket: 'acme-vault-1-r', statePrefix: 'state/backlog/' }),
      decodeBacklogEnv,
      { ...withPolicy, vaultBucket: 'acme-vault-1-r', prefix: '', statePrefix: 'state/backlog/' },
    ],
    [
      'inventory (with a classification policy)',
      encodeInventoryEnv({ ...withPolicy, vaultBucket: 'acme-vault-1-r' }),
      decodeInventoryEnv,
      { ...withPolicy, vaultBucket: 'acme-vault-1-r' },
    ],
    ['seal', encodeSealEnv({ vaultBucket: 'acme-vault-1-r', recordsBucket: 'acme-records-1-r' }), decodeSealEnv, { vaultBucket: 'acme-vault-1-r', recordsBucket: 'acme-records-1-r' }],
    [
      'seal (pending keys of a vault)',
      encodeSealEnv({ vaultBucket: 'acme-vault-1-r', recordsBucket: 'acme-records-1-r', vaultName: 'acme', topicArn: 'arn:aws:sns:eu-central-1:123456789012:acme-notices' }),
      decodeSealEnv,
      { vaultBucket: 'acme-vault-1-r', recordsBucket: 'acme-records-1-r', vaultName: 'acme', topicArn: 'arn:aws:sns:eu-central-1:123456789012:acme-notices' },
    ],
    [
      'findings',
      encodeFindingsEnv({ vaultName: 'acme', vaultBuckets: ['acme-vault-1-r', 'acme-records-1-r'], apply: true }),
      decodeFindingsEnv,
      { vaultName: 'acme', vaultBuckets: ['acme-vault-1-r', 'acme-records-1-r'], apply: true },
    ],
  ] as const)('gives the %s settings back', (_name, env, decode, settings) => {
    expect((decode as (env: Env) => unknown)(env)).toEqual({ ok: true, value: settings });
  });

  it('gives the rotator and shredder settings back, numbers as numbers', () => {
    const settings = {
      vaultName: 'acme',
      vaultBucket: 'acme-vault-1-r',
      recordsBucket: 'acme-records-1-r',
      epochMonths: 3,
      firstEpoch: '2026-11',
      retentionDays: 2555,
      keyDeletionWindowDays: 7,
      topicArn: 'arn:aws:sns:eu-central-1:123456789012:acme-notices',
      requireApproval: false,
      shredderPrincipalArn: 'arn:aws:iam::123456789012:role/shredlock/acme-shredder',
      inventoryBucket: 'acme-inventory-1-r',
      inventoryPrefix: 'vault',
    };
    expect(decodeVaultEnv(encodeVaultEnv(settings))).toEqual({ ok: true, value: settings });
  });

  it('gives the optional range size back, the default when unset or empty', () => {
    expect(decodeRangeEnv(encodeRangeEnv(1024 ** 3))).toEqual({ ok: true, value: 1024 ** 3 });
    expect(encodeRangeEnv(DEFAULT_RANGE_BYTES)).toEqual({});
    expect(decodeRangeEnv({})).toEqual({ ok: true, value: DEFAULT_RANGE_BYTES });
    expect(decodeRangeEnv({ SHREDLOCK_RANGE_BYTES: '' })).toEqual({ ok: true, value: DEFAULT_RANGE_BYTES });
    expect(decodeRangeEnv({ SHREDLOCK_RANGE_BYTES: '1000' })).toEqual({
      ok: false,
      issues: ['SHREDLOCK_RANGE_BYTES="1000": at least 1048576 (1 MiB)'],
    });
  });

  it('writes no policy variable without a policy, and reads none as the seed policy', () => {
    expect(encodeScannerEnv(report)).not.toHaveProperty('SHREDLOCK_CLASSIFICATION_POLICY');
    const decoded = decodeScannerEnv({ ...encodeScannerEnv(report), SHREDLOCK_CLASSIFICATION_POLICY: '' });
    expect(decoded.ok && decoded.value).not.toHaveProperty('classificationPolicy');
  });

  it.each([
    ['not JSON', '{confidential', ['not JSON: a classification policy such as']],
    ['an unknown type', '{"confidential":["shoe_size"],"sensitive":[]}', ['confidential.0: Invalid option', 'allowed: cn_resident_id']],
    ['a type at two levels', '{"confidential":["email"],"sensitive":["email"]}', ['sensitive: "email" is listed as both']],
  ])('names a policy variable that is %s, with its value', (_what, value, says) => {
    const decoded = decodeScannerEnv({ ...encodeScannerEnv(report), SHREDLOCK_CLASSIFICATION_POLICY: value });
    expect(decoded.ok).toBe(false);
    const issues = decoded.ok ? [] : decoded.issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(`SHREDLOCK_CLASSIFICATION_POLICY=${JSON.stringify(value)}: `);
    for (const text of says) expect(issues[0]).toContain(text);
  });

  it('names each unusable variable with its value and the rule', () => {
    const decoded = decodeBacklogEnv({ SHREDLOCK_REPORT_BUCKET: 'Bad_Bucket', SHREDLOCK_STATE_PREFIX: 'no-slash' });
    expect(decoded).toEqual({
      ok: false,
      issues: [
        'SHREDLOCK_REPORT_BUCKET="Bad_Bucket": an S3 bucket name',
        'SHREDLOCK_VAULT_BUCKET=null: required: the bucket to scan',
        'SHREDLOCK_STATE_PREFIX="no-slash": a key prefix such as "state/backlog/" (ending in "/")',
      ],
    });
  });
});

describe('the environment the stack deploys', () => {
  const { template, config } = synthStack('contract-env', {
    retentionDays: 400,
    keyDeletionWindowDays: 9,
    keyEpochMonths: 2,
    classificationPolicy,
  });
  const json = template.toJSON() as TemplateJson;
  const resolver = new CfnResolver(json, TEST_ENV);
  const envOf = (functionName: string): Env => {
    const fn = Object.values(json.Resources).find(
      (r) => r.Type === 'AWS::Lambda::Function' && (r.Properties as { FunctionName?: string } | undefined)?.FunctionName === functionName,
    );
    if (!fn) throw new Error(`no function ${functionName}`);
    return resolver.resolve((fn.Properties as { Environment: { Variables: unknown } }).Environment.Variables) as Env;
  };

  it('carries retentionDays, the epoch and the deletion window from the configuration to the shredder and rotator', () => {
    for (const name of ['shredlock-shredder', 'shredlock-rotator']) {
      const decoded = decodeVaultEnv(envOf(name));
      expect(decoded.ok && decoded.value).toMatchObject({
        vaultName: config.vaultName,
        retentionDays: config.retentionDays,
        epochMonths: config.keyEpochMonths,
        keyDeletionWindowDays: config.keyDeletionWindowDays,
        firstEpoch: config.firstEpoch,
      });
    }
  });

  it('gives the check Lambda the configuration the stack was built from, without the e-mail', () => {
    const decoded = decodeCheckEnv(envOf('shredlock-check'));
    expect(decoded.ok && decoded.value.config).toEqual({ ...config, notificationEmail: undefined });
    expect(encodeCheckEnv({ config, topicArn: 't' }).SHREDLOCK_CONFIG).not.toContain('notificationEmail');
  });

  it.each([
    ['shredlock-scanner', decodeScannerEnv],
    ['shredlock-scan-backlog', decodeBacklogEnv],
    ['shredlock-scan-inventory', decodeInventoryEnv],
    ['shredlock-seal', decodeSealEnv],
  ] as const)('writes an environment %s decodes', (name, decode) => {
    expect((decode as (env: Env) => { ok: boolean })(envOf(name)).ok).toBe(true);
  });

  it.each([
    ['shredlock-scanner', decodeScannerEnv],
    ['shredlock-scan-backlog', decodeBacklogEnv],
    ['shredlock-scan-inventory', decodeInventoryEnv],
  ] as const)('carries classificationPolicy from the configuration to %s', (name, decode) => {
    const decoded = decode(envOf(name));
    expect(decoded.ok && decoded.value.classificationPolicy).toEqual(classificationPolicy);
  });

  it.each(['shredlock-shredder', 'shredlock-seal'])('gives %s no classification policy', (name) => {
    expect(envOf(name)).not.toHaveProperty('SHREDLOCK_CLASSIFICATION_POLICY');
  });

  it.each(['shredlock-scanner', 'shredlock-scan-backlog', 'shredlock-scan-inventory'])('leaves %s at the default range size', (name) => {
    expect(envOf(name)).not.toHaveProperty('SHREDLOCK_RANGE_BYTES');
    expect(decodeRangeEnv(envOf(name))).toEqual({ ok: true, value: DEFAULT_RANGE_BYTES });
  });
});
