import { describe, expect, it } from 'vitest';
import { DEFAULT_RANGE_BYTES, scannerConfigFromEnv } from '../../lambdas/scanner/config.js';
import { ScannerConfigError } from '../../lambdas/scanner/errors.js';

describe('scannerConfigFromEnv', () => {
  it('needs only the report bucket', () => {
    expect(scannerConfigFromEnv({ SHREDLOCK_REPORT_BUCKET: 'reports-bucket' })).toEqual({
      reportBucket: 'reports-bucket',
      reportPrefix: 'reports/',
      apply: true,
      rangeBytes: DEFAULT_RANGE_BYTES,
    });
  });

  it('reads prefix and dry run', () => {
    expect(
      scannerConfigFromEnv({ SHREDLOCK_REPORT_BUCKET: 'reports-bucket', SHREDLOCK_REPORT_PREFIX: 'audit/scans/', SHREDLOCK_TAGGING: 'dry-run' }),
    ).toEqual({ reportBucket: 'reports-bucket', reportPrefix: 'audit/scans/', apply: false, rangeBytes: DEFAULT_RANGE_BYTES });
  });

  it('reads the range size in bytes', () => {
    expect(scannerConfigFromEnv({ SHREDLOCK_REPORT_BUCKET: 'reports-bucket', SHREDLOCK_RANGE_BYTES: '1073741824' }).rangeBytes).toBe(1024 ** 3);
  });

  it('lists every problem, naming the variables', () => {
    // Act
    let error: unknown;
    try {
      scannerConfigFromEnv({ SHREDLOCK_REPORT_PREFIX: 'no-slash', SHREDLOCK_TAGGING: 'yes', SHREDLOCK_RANGE_BYTES: '1000' });
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(ScannerConfigError);
    const issues = (error as ScannerConfigError).issues;
    expect(issues).toHaveLength(4);
    expect(issues.join('\n')).toMatch(/SHREDLOCK_REPORT_BUCKET=null: required/);
    expect(issues.join('\n')).toMatch(/SHREDLOCK_REPORT_PREFIX="no-slash"/);
    expect(issues.join('\n')).toMatch(/SHREDLOCK_TAGGING="yes": "apply" or "dry-run"/);
    expect(issues.join('\n')).toMatch(/SHREDLOCK_RANGE_BYTES="1000": at least 1048576/);
  });
});
