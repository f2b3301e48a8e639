/**
 * bin/app.ts as `cdk synth` runs it: a bad `-c shredlock.<key>` override stops synthesis with the
 * ConfigError message (key, value, what is allowed) and exit code 1, not a stack trace.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cdkJsonContext, outDir, REPO_ROOT } from '../support/cdk-app.js';

const run = promisify(execFile);

describe('bin/app.ts', () => {
  it('reports every configuration problem and exits 1', async () => {
    const context = { ...cdkJsonContext(), 'shredlock.retentionDays': '0', 'shredlock.keyDeletionWindowDays': '3' };
    const error = await run(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'bin', 'app.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outDir('app-config-error') },
    }).then(
      () => undefined,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain('shredlock.retentionDays = 0: a whole number of days from 1 to 36500');
    expect(error?.stderr).toContain('shredlock.keyDeletionWindowDays = 3: a whole number of days from 7 to 30');
    expect(error?.stderr).not.toContain('    at ');
  });
});
