/**
 * The one real bundling check (every other test skips bundling): the scanner, synthesized with
 * esbuild as `cdk synth` runs it, is one ESM file under a size bound, with its source map and
 * pdfjs-dist's CMaps and standard fonts where the PDF reader looks for them, and it loads on plain
 * Node.js with its handler exported, and the wrapper script beside it starts node with the scan
 * thread's V8 heap flags when Lambda's runtime hands it its own command line. The compliance check is
 * bundled in the same synth: its handler imports contract/config.ts, which must not pull aws-cdk-lib
 * into a Lambda.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkConfigJson } from '../../lib/compliance-check.js';
import { parseConfig } from '../../contract/config.js';
import { LAMBDA_WRAPPER_FILE, SCAN_V8_FLAGS, lambdaExecWrapper } from '../../contract/v8-flags.mjs';
import { LAMBDA_NODE_FLAGS, runAsLambda } from '../../bench/lambda-node.js';
import { BESIDE_BUNDLE_WASM_FILES, PDFJS_DATA_FOLDERS, READER_WASM_FILES, ShredlockFunction } from '../../lib/runtime-function.js';
import { testApp, TEST_ENV } from '../support/cdk-app.js';

const run = promisify(execFile);
/**
 * The scanner bundle is about 6.3 MiB (engine, format readers of both halves of issue 10 with SheetJS and sql.js's
 * inlined WASM, pdfjs, AWS SDK; 7-Zip's and unrar's WASM files lie beside it); a jump means a dependency went wrong.
 */
const MAX_BUNDLE_BYTES = 8 * 1024 * 1024;
/** The check bundle is well under 2 MB (AWS SDK clients, zod, the check); aws-cdk-lib alone would be far more. */
const MAX_CHECK_BUNDLE_BYTES = 4 * 1024 * 1024;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

let assetDir: string;
let files: string[];
let checkDir: string;
let environments: Record<'scanner' | 'check', Record<string, string>>;

beforeAll(() => {
  const app = testApp('bundling', {}, { bundle: true });
  const stack = new Stack(app, 'Bundling', { env: TEST_ENV });
  const key = new kms.Key(stack, 'Key');
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const policy = new iam.ManagedPolicy(stack, 'Policy');
  const deadLetterQueue = new sqs.Queue(stack, 'Dlq');
  const bundle = (id: string, kind: 'scanner' | 'check', entry: string, scanEngine: boolean) =>
    new ShredlockFunction(stack, id, {
      vaultName: 'shredlock',
      kind,
      entry,
      description: 'bundling check',
      role,
      policy,
      environment: {},
      logKey: key,
      deadLetterQueue,
      deadLetterQueueKey: key,
      reservedConcurrency: 1,
      scanEngine,
    });
  const scanner = bundle('Scanner', 'scanner', 'lambdas/scanner/handler.ts', true);
  const check = bundle('Check', 'check', 'lambdas/check/handler.ts', false);
  const assembly = app.synth();
  const assetOf = (fn: ShredlockFunction) => {
    const cfn = fn.function.node.defaultChild as lambda.CfnFunction;
    const code = Stack.of(fn).resolve((cfn.code as lambda.CfnFunction.CodeProperty).s3Key) as string;
    return join(assembly.directory, `asset.${code.replace(/\.zip$/, '')}`);
  };
  assetDir = assetOf(scanner);
  files = filesUnder(assetDir);
  checkDir = assetOf(check);
  const environmentOf = (fn: ShredlockFunction) =>
    (Stack.of(fn).resolve((fn.function.node.defaultChild as lambda.CfnFunction).environment) as { variables: Record<string, string> }).variables;
  environments = { scanner: environmentOf(scanner), check: environmentOf(check) };
}, 120_000);

describe('the scanner bundle', () => {
  it('is a single JavaScript file under the size bound, with its source map', () => {
    const scripts = files.filter((f) => /\.(m?js|cjs)$/.test(f));
    expect(scripts).toEqual(['index.mjs']);
    expect(statSync(join(assetDir, 'index.mjs')).size).toBeLessThan(MAX_BUNDLE_BYTES);
    expect(files).toContain('index.mjs.map');
  });

  it("carries pdfjs-dist's data folders and the archive readers' WASM, and nothing else of node_modules", () => {
    const modules = files.filter((f) => f.startsWith('node_modules/'));
    expect(modules).toContain('node_modules/pdfjs-dist/package.json');
    for (const folder of PDFJS_DATA_FOLDERS) {
      expect(modules.some((f) => f.startsWith(`node_modules/pdfjs-dist/${folder}/`))).toBe(true);
    }
    const wasm = READER_WASM_FILES.flatMap(({ pkg, file }) => [`node_modules/${pkg}/package.json`, `node_modules/${pkg}/${file}`]);
    for (const file of wasm) expect(modules).toContain(file);
    expect(modules.filter((f) => !wasm.includes(f) && !/^node_modules\/pdfjs-dist\/(package\.json|cmaps\/|standard_fonts\/)/.test(f))).toEqual([]);
    expect(modules.some((f) => f.endsWith('.bcmap'))).toBe(true);
  });

  it.each(['pdfjs-dist', ...READER_WASM_FILES.map(({ pkg }) => pkg)])('resolves %s from the bundle, as its reader does', (pkg) => {
    const resolved = createRequire(join(assetDir, 'index.mjs')).resolve(`${pkg}/package.json`);
    expect(resolved).toBe(join(assetDir, 'node_modules', pkg, 'package.json'));
  });

  it("carries node-sqlite3-wasm's WASM beside index.mjs, where the bundled package looks for it (__dirname)", () => {
    for (const { pkg, file } of BESIDE_BUNDLE_WASM_FILES) {
      const name = basename(file);
      expect(files).toContain(name);
      expect(readFileSync(join(assetDir, name)).equals(readFileSync(join('node_modules', pkg, file)))).toBe(true);
    }
    expect(readFileSync(join(assetDir, 'index.mjs'), 'utf8')).toContain('node-sqlite3-wasm.wasm');
  });

  it('loads on plain Node.js and exports the handler', async () => {
    const script = "import('./index.mjs').then((m) => process.stdout.write(typeof m.handler))";
    const { stdout } = await run(process.execPath, ['-e', script], {
      cwd: assetDir,
      env: { PATH: process.env.PATH, SHREDLOCK_REPORT_BUCKET: 'reports-bucket', AWS_REGION: 'eu-central-1', POWERTOOLS_LOG_LEVEL: 'SILENT' },
    });
    expect(stdout).toBe('function');
  });
});

describe("the scanner's V8 heap flags", () => {
  /** Runs `script` as Lambda's runtime starts its own for the scanner (bench/lambda-node.ts), through `wrapper` or not. */
  function asLambdaStarts(script: string, wrapper?: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'shredlock-wrapper-'));
    const file = join(dir, 'runtime.cjs');
    writeFileSync(file, script);
    try {
      if (wrapper !== undefined) return runAsLambda(wrapper, pathToFileURL(file), {});
      return execFileSync(process.execPath, [...LAMBDA_NODE_FLAGS, file], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const heapLimit = "process.stdout.write(String(require('node:v8').getHeapStatistics().heap_size_limit))";

  it('has its wrapper script beside the bundle, executable, named in AWS_LAMBDA_EXEC_WRAPPER', () => {
    const wrapper = join(assetDir, LAMBDA_WRAPPER_FILE);
    expect(readFileSync(wrapper, 'utf8')).toBe(lambdaExecWrapper());
    expect(statSync(wrapper).mode & 0o111).toBe(0o111);
    expect(environments.scanner.AWS_LAMBDA_EXEC_WRAPPER).toBe(`/var/task/${LAMBDA_WRAPPER_FILE}`);
    expect(environments.scanner.NODE_OPTIONS).toBe('--enable-source-maps');
  });

  it("starts node with the scan thread's flags after the runtime's, and they hold", () => {
    const wrapper = join(assetDir, LAMBDA_WRAPPER_FILE);
    const argv = JSON.parse(asLambdaStarts('process.stdout.write(JSON.stringify(process.execArgv))', wrapper)) as string[];
    expect(argv).toEqual([...LAMBDA_NODE_FLAGS, ...SCAN_V8_FLAGS]);
    // V8's heap limit counts the young generation: the runtime's 102 MiB semi-spaces, or 4 MiB ones.
    const wrapped = asLambdaStarts(heapLimit, wrapper);
    const plain = asLambdaStarts(heapLimit);
    const direct = execFileSync(process.execPath, [...LAMBDA_NODE_FLAGS, ...SCAN_V8_FLAGS, '-e', heapLimit], { encoding: 'utf8' });
    expect(wrapped).toBe(direct);
    expect(Number(plain) - Number(wrapped)).toBeGreaterThan(100 * 1024 * 1024);
  });

  it('is not given to a function that does not run the scan engine', () => {
    expect(filesUnder(checkDir)).not.toContain(LAMBDA_WRAPPER_FILE);
    expect(environments.check.AWS_LAMBDA_EXEC_WRAPPER).toBeUndefined();
  });
});

describe('the compliance check bundle', () => {
  it('is a single JavaScript file without aws-cdk-lib, and loads with the configuration the stack gives it', async () => {
    expect(filesUnder(checkDir).filter((f) => /\.(m?js|cjs)$/.test(f))).toEqual(['index.mjs']);
    expect(statSync(join(checkDir, 'index.mjs')).size).toBeLessThan(MAX_CHECK_BUNDLE_BYTES);
    const script = "import('./index.mjs').then((m) => process.stdout.write(typeof m.handler))";
    const { stdout } = await run(process.execPath, ['-e', script], {
      cwd: checkDir,
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-central-1',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        SHREDLOCK_CONFIG: checkConfigJson(parseConfig({ firstEpoch: '2026-11' })),
      },
    });
    expect(stdout).toBe('function');
  });
});
