import { describe, expect, it } from 'vitest';
import { scannerConfigFromEnv } from '../../lambdas/scanner/config.js';
import { ScannerConfigError } from '../../lambdas/scanner/errors.js';

describe('scannerConfigFromEnv', () => {
  it('needs only the report bucket', () => {
    expect(scannerConfigFromEnv({ SHREDLOCK_REPORT_BUCKET: 'reports-bucket' })).toEqual({
      reportBucket: 'reports-bucket',
      reportPrefix: 'reports/',
      apply: true,
    });
  });

  it('reads prefix and dry run', () => {
    expect(
      scannerConfigFromEnv({ SHREDLOCK_REPORT_BUCKET: 'reports-bucket', SHREDLOCK_REPORT_PREFIX: 'audit/scans/', SHREDLOCK_TAGGING: 'dry-run' }),
    ).toEqual({ reportBucket: 'reports-bucket', reportPrefix: 'audit/scans/', apply: false });
  });

  it('lists every problem, naming the variables', () => {
    // Act
    let error: unknown;
    try {
      scannerConfigFromEnv({ SHREDLOCK_REPORT_PREFIX: 'no-slash', SHREDLOCK_TAGGING: 'yes' });
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(ScannerConfigError);
    const issues = (error as ScannerConfigError).issues;
    expect(issues).toHaveLength(3);
    expect(issues.join('\n')).toMatch(/SHREDLOCK_REPORT_BUCKET=null: required/);
    expect(issues.join('\n')).toMatch(/SHREDLOCK_REPORT_PREFIX="no-slash"/);
    expect(issues.join('\n')).toMatch(/SHREDLOCK_TAGGING="yes": "apply" or "dry-run"/);
  });
});
