/**
 * Test Apps that behave like `cdk synth`: cdk.json's context (feature flags and the `shredlock`
 * key) is loaded into every App, and output goes under test/.out/ (git-ignored), not /tmp.
 * Lambda bundling is skipped (SKIP_BUNDLING) unless a test asks for it: one bundling check runs
 * esbuild for real (test/lib/bundling.test.ts), `cdk synth` in static-analysis.test.ts does too.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseConfig, readRawConfig, type ShredlockConfig } from '../../contract/config.js';
import { ShredlockStack } from '../../lib/shredlock-stack.js';
import { REPO_ROOT } from './paths.js';

export { REPO_ROOT };

/** Fixed environment of test stacks, so ARNs resolve to concrete strings. */
export const TEST_ENV = { account: '123456789012', region: 'eu-central-1' } as const;

/** cdk.json's `context`, read once. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return { ...(cdkJson.context ?? {}) };
}

/** Parent of the per-process output directories of these tests. */
const OUT_ROOT = join(REPO_ROOT, 'test', '.out', 'cdk');
let swept = false;

/**
 * A private output directory test/.out/cdk/<pid>/<name>, so parallel runs of the suite never share
 * one. Directories of processes that are gone are removed on first use (vitest ends its workers
 * without running exit handlers).
 */
export function outDir(name: string): string {
  if (!swept) {
    swept = true;
    for (const pid of existsSync(OUT_ROOT) ? readdirSync(OUT_ROOT) : []) {
      if (Number(pid) !== process.pid && !isAlive(Number(pid))) rmSync(join(OUT_ROOT, pid), { recursive: true, force: true });
    }
  }
  return join(OUT_ROOT, String(process.pid), name);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Context that makes synthesis skip Lambda bundling (no esbuild run; assets are placeholders). */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] } as const;

/** A new App with cdk.json's context (plus overrides), bundling skipped unless `bundle`, and an outdir from outDir(name). */
export function testApp(name: string, context: Record<string, unknown> = {}, options: { bundle?: boolean } = {}): App {
  return new App({
    outdir: outDir(name),
    context: { ...cdkJsonContext(), ...(options.bundle ? {} : SKIP_BUNDLING), ...context },
  });
}

/** The result of synthesizing one ShredLock stack. */
export interface SynthResult {
  readonly app: App;
  readonly stack: ShredlockStack;
  readonly config: ShredlockConfig;
  readonly template: Template;
}

/**
 * Build a ShredLock stack from cdk.json's `shredlock` context with `overrides` merged on top, in
 * TEST_ENV unless `envAgnostic`.
 */
export function synthStack(
  name: string,
  overrides: Record<string, unknown> = {},
  options: { envAgnostic?: boolean; acknowledgeNagFindings?: boolean } = {},
): SynthResult {
  const app = testApp(name);
  const config = parseConfig({ ...readRawConfig(app.node.getAllContext()), ...overrides });
  const stack = new ShredlockStack(app, `ShredLock-${config.vaultName}`, {
    config,
    acknowledgeNagFindings: options.acknowledgeNagFindings ?? true,
    ...(options.envAgnostic ? {} : { env: TEST_ENV }),
  });
  return { app, stack, config, template: Template.fromStack(stack) };
}
