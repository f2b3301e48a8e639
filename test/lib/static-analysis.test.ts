/**
 * `cdk synth` through the real CLI (offline: no credentials, no version check, no notices), then
 * cfn-lint and checkov over the synthesized template, and over a variant synthesized in-process
 * (Lambda bundling skipped) with Macie on, no reserved concurrency, GOVERNANCE and break-glass, so
 * the skips those switches add are checked too. Both tools run once over both templates; they are
 * installed from PyPI into .venv/ by ensurePythonTools() with the pins of requirements-dev.txt.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { outDir, REPO_ROOT, synthStack } from '../support/cdk-app.js';
import { ensurePythonTools, VENV_DIR, type PythonTools } from '../../scripts/python-tools.js';

const run = promisify(execFile);
const OUT = outDir('cli-synth');

/** An environment with no AWS credentials and nothing that makes the CDK CLI reach the network. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('AWS_') || key.startsWith('CDK_DEFAULT_')) delete env[key];
  return {
    ...env,
    CDK_DISABLE_VERSION_CHECK: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    NODE_ENV: 'production',
  };
}

async function exec(file: string, args: string[], env?: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: REPO_ROOT, env, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

type Run = Awaited<ReturnType<typeof exec>>;
let tools: PythonTools;
let templatePath: string;
/** cfn-lint and checkov over both templates, run side by side once the templates exist. */
let lint: Run;
let checkov: Run;

/** The variant whose skips the cdk.json configuration does not exercise. */
const VARIANT = {
  macie: true,
  reservedConcurrency: false,
  retentionMode: 'GOVERNANCE',
  testAccount: true,
  notificationEmail: 'ops@example.com',
  breakGlassPrincipals: ['arn:aws:iam::123456789012:role/SecurityOfficer'],
} as const;

beforeAll(async () => {
  const toolsReady = ensurePythonTools();
  rmSync(OUT, { recursive: true, force: true });
  const synthDone = exec(join(REPO_ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--output', OUT], offlineEnv());
  // In-process, while the CLI synthesizes in its own process.
  const variant = synthStack('static-variant', VARIANT);
  const variantPath = join(variant.app.synth().directory, variant.stack.templateFile);
  const synth = await synthDone;
  if (synth.code !== 0) throw new Error(`cdk synth failed (${synth.code}):\n${synth.stdout}\n${synth.stderr}`);
  const templates = readdirSync(OUT).filter((f) => f.endsWith('.template.json'));
  expect(templates).toHaveLength(1);
  templatePath = join(OUT, templates[0]!);
  tools = await toolsReady;
  [lint, checkov] = await Promise.all([
    exec(tools.bin('cfn-lint'), ['--format', 'parseable', '--', templatePath, variantPath]),
    // Not --quiet: it leaves out the skipped checks, whose reasons are asserted below.
    exec(tools.bin('checkov'), [
      '--file', templatePath,
      '--file', variantPath,
      '--framework', 'cloudformation',
      '--compact',
      '--skip-download',
      '--output', 'json',
    ]),
  ]);
}, 15 * 60_000);

describe('static analysis of the synthesized template', () => {
  it('keeps the pinned tools in .venv/, stamped with the hash of requirements-dev.txt', async () => {
    const hash = createHash('sha256').update(readFileSync(join(REPO_ROOT, 'requirements-dev.txt'))).digest('hex');
    expect(readFileSync(join(VENV_DIR, '.shredlock-requirements.sha256'), 'utf8')).toBe(hash);
    const version = await exec(tools.bin('cfn-lint'), ['--version']);
    expect(version.stdout).toContain(/cfn-lint==([\d.]+)/.exec(readFileSync(join(REPO_ROOT, 'requirements-dev.txt'), 'utf8'))![1]!);
    const stamp = join(VENV_DIR, '.shredlock-requirements.sha256');
    const stampedAt = statSync(stamp).mtimeMs;
    await ensurePythonTools();
    // Up to date: nothing is installed again, so the stamp is not rewritten.
    expect(statSync(stamp).mtimeMs).toBe(stampedAt);
  });

  it('`cdk synth` works offline, without credentials', () => {
    const template = JSON.parse(readFileSync(templatePath, 'utf8')) as { Resources: Record<string, { Type: string }> };
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::S3::Bucket')).toHaveLength(5);
  });

  it('cfn-lint reports no error (warnings are shown)', () => {
    if (lint.stdout.trim()) console.log(`cfn-lint findings:\n${lint.stdout}`);
    // cfn-lint's exit code is a bit mask: 2 = error, 4 = warning, 8 = informational; 1 = it failed.
    expect(lint.code & 1, lint.stderr).toBe(0);
    expect(lint.code & 2, lint.stdout).toBe(0);
    expect(lint.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line))).toEqual([]);
  });

  it('checkov reports no failed check (skips carry a reason in the template metadata)', () => {
    const result = checkov;
    const parsed = JSON.parse(result.stdout) as unknown;
    // One report per framework; two files of one framework still give one report.
    const report = (Array.isArray(parsed) ? parsed[0] : parsed) as {
      summary?: { failed: number; passed: number; skipped: number };
      results?: {
        passed_checks?: { file_path: string }[];
        failed_checks?: { check_id: string; resource: string }[];
        skipped_checks?: { check_id: string; file_path: string; check_result: { suppress_comment?: string } }[];
      };
    };
    const failed = (report.results?.failed_checks ?? []).map((c) => `${c.check_id} ${c.resource}`);
    expect(failed).toEqual([]);
    expect(result.code).toBe(0);
    for (const skipped of report.results?.skipped_checks ?? []) expect(skipped.check_result.suppress_comment ?? '').toMatch(/^.{40,}$/s);
    // Both templates were checked, and the variant's own skips (CKV_AWS_115 without reservations) applied.
    const checked = new Set([...(report.results?.passed_checks ?? []), ...(report.results?.skipped_checks ?? [])].map((c) => c.file_path));
    expect(checked.size).toBe(2);
    expect((report.results?.skipped_checks ?? []).filter((c) => c.check_id === 'CKV_AWS_115').length).toBeGreaterThan(0);
  });
});
