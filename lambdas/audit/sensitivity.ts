/**
 * Object sensitivity from a `shredlock scan --format json` report, looked up by the bucket and key
 * a CloudTrail record names. Report keys are relative to what was scanned: with an `s3://bucket/
 * prefix` source they are matched under that bucket and prefix, otherwise on the key's trailing
 * path segments (`vault/2024/a.csv` matches report key `2024/a.csv` or `a.csv`).
 */
import { z } from 'zod';
import { SENSITIVITY_LEVELS, type ObjectLevel } from '../engine/types.js';
import { AuditError } from './errors.js';

const ReportSchema = z.looseObject({
  source: z.string().optional(),
  objects: z.array(z.looseObject({ key: z.string().min(1), sensitivity: z.enum([...SENSITIVITY_LEVELS, 'failed']) })),
});

/** Finds an object's level; `undefined` when the report does not list it. */
export interface SensitivityIndex {
  lookup(bucket: string | undefined, key: string): ObjectLevel | undefined;
}

/** Builds the index from a parsed scan report; `subject` (the file) names it in errors. */
export function sensitivityIndex(raw: unknown, subject: string): SensitivityIndex {
  const parsed = ReportSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(report)'}: ${i.message}`);
    throw new AuditError('SENSITIVITY_REPORT_INVALID', subject, `not a shredlock scan JSON report: ${issues.join('; ')}`);
  }
  const levels = new Map(parsed.data.objects.map((o) => [o.key.replace(/^\/+/, ''), o.sensitivity]));
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(parsed.data.source ?? '');
  if (s3) {
    const [, reportBucket, rawPrefix] = s3;
    const prefix = rawPrefix && !rawPrefix.endsWith('/') ? `${rawPrefix}/` : rawPrefix;
    return {
      lookup: (bucket, key) =>
        bucket === reportBucket && key.startsWith(prefix) ? levels.get(key.slice(prefix.length)) : undefined,
    };
  }
  return {
    lookup: (_bucket, key) => {
      for (let rest = key; ; ) {
        const level = levels.get(rest);
        if (level !== undefined) return level;
        const slash = rest.indexOf('/');
        if (slash < 0) return undefined;
        rest = rest.slice(slash + 1);
      }
    },
  };
}

const LineSchema = z.looseObject({
  bucket: z.string().min(1),
  key: z.string().min(1),
  sensitivity: z.enum([...SENSITIVITY_LEVELS, 'failed']),
});

/**
 * Builds the index from the S3 scanner's JSON Lines reports (`reports/scan/dt=…/<run>.jsonl` in the
 * records bucket, one object version per line with its bucket): what an auditor, who may not read
 * vault data, can use. Later lines win, so concatenate runs oldest first.
 */
export function sensitivityIndexFromJsonLines(text: string, subject: string): SensitivityIndex {
  const levels = new Map<string, ObjectLevel>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(lines[i]);
    } catch {
      throw new AuditError('SENSITIVITY_REPORT_INVALID', subject, `line ${i + 1}: not JSON`);
    }
    const line = LineSchema.safeParse(raw);
    if (!line.success) {
      throw new AuditError('SENSITIVITY_REPORT_INVALID', subject, `line ${i + 1}: not a scanner report line (bucket, key, sensitivity)`);
    }
    levels.set(`${line.data.bucket}/${line.data.key}`, line.data.sensitivity);
  }
  return { lookup: (bucket, key) => (bucket === undefined ? undefined : levels.get(`${bucket}/${key}`)) };
}
