/**
 * One ShredLock Lambda: the handler in `lambdas/` that the CLI also runs, bundled by esbuild
 * (locally, no Docker) with the defaults every runtime function shares.
 *
 * | Setting          | Value                                                                      |
 * |------------------|----------------------------------------------------------------------------|
 * | runtime          | RUNTIME (the newest Node.js Lambda runs; cdk-nag AwsSolutions-L1)          |
 * | architecture     | arm64                                                                      |
 * | bundle           | one ESM file, minified, with a source map; AWS SDK included                |
 * | logs             | own log group `/shredlock/<vault>/lambda/<fn>`, KMS (audit key), 1 year    |
 * | node             | `--enable-source-maps` (NODE_OPTIONS); functions that run the scan engine |
 * |                  | also the scan thread's V8 heap flags, by a wrapper script (`scanEngine`)   |
 * | tracing          | X-Ray active                                                               |
 * | concurrency      | reserved (`reservedConcurrency`), so a runaway cannot starve the account;  |
 * |                  | none with `reserveConcurrency: false` (accounts with a low Lambda quota)   |
 * | failed events    | the runtime dead-letter queue (asynchronous invocations)                   |
 * | permissions      | the role's one managed policy gets logs, X-Ray and DLQ statements; CDK's   |
 * |                  | own grants are dropped (`withoutPolicyUpdates`), so no inline policy grows |
 *
 * The AWS SDK is bundled because Lambda's built-in copy may be older than the one the handlers are
 * tested with (Macie2 and Step Functions need recent APIs). `scanEngine` copies pdfjs-dist's CMaps
 * and standard fonts next to the bundle, where lambdas/engine/formats/pdf.ts looks for them
 * (`node_modules/pdfjs-dist/` beside the bundle): without CMaps, text in CJK CID fonts is lost. It
 * also writes the wrapper script of contract/v8-flags.mjs beside the bundle and names it in
 * `AWS_LAMBDA_EXEC_WRAPPER`, so node runs the engine with the heap flags the CLI runs it with: with
 * the flags Lambda's runtime gives a 2,048 MiB function, V8 grew its young generation to about
 * 100 MiB on the bench's mixed folder (226-228 MiB peak RSS; 120-121 MiB with the wrapper's).
 */
import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConstructPropsError } from './errors.js';
import { functionLogGroupName, functionName, type FunctionKind } from './naming.js';
import { DLQ_SEND_ACTIONS, FUNCTION_LOG_ACTIONS, QUEUE_KEY_ENCRYPT_ACTIONS, XRAY_ACTIONS } from '../contract/permissions.js';
import { LAMBDA_WRAPPER_FILE, lambdaExecWrapper } from '../contract/v8-flags.mjs';

/** The repository root: entries, package-lock.json and node_modules are found from it. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The newest Node.js runtime of this aws-cdk-lib (cdk-nag's AwsSolutions-L1 asks for it). */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * ESM bundles have no `require`, `__filename` or `__dirname`; bundled CommonJS packages expect
 * them. Aliased imports, so no name in the bundle can clash with them.
 */
export const ESM_BANNER = [
  "import { createRequire as __shredlockCreateRequire } from 'node:module';",
  "import { fileURLToPath as __shredlockFileURLToPath } from 'node:url';",
  "import { dirname as __shredlockDirname } from 'node:path';",
  'const require = __shredlockCreateRequire(import.meta.url);',
  'const __filename = __shredlockFileURLToPath(import.meta.url);',
  'const __dirname = __shredlockDirname(__filename);',
].join(' ');

/** pdfjs-dist's data folders that the PDF reader loads from disk (CJK CMaps, standard fonts). */
export const PDFJS_DATA_FOLDERS = ['cmaps', 'standard_fonts'] as const;

/** WASM binaries the 7z and RAR readers load from their packages at run time (formats/package-file.ts). */
export const READER_WASM_FILES = [
  { pkg: '7z-wasm', file: '7zz.wasm' },
  { pkg: 'node-unrar-js', file: 'dist/js/unrar.wasm' },
] as const;

/**
 * WASM binaries that a bundled package loads from the bundle's own folder (`__dirname`): the
 * SQLite reader's node-sqlite3-wasm.
 */
export const BESIDE_BUNDLE_WASM_FILES = [{ pkg: 'node-sqlite3-wasm', file: 'dist/node-sqlite3-wasm.wasm' }] as const;

/** Where Lambda finds a function's code: the wrapper script's path in `AWS_LAMBDA_EXEC_WRAPPER`. */
export const LAMBDA_TASK_ROOT = '/var/task';

/**
 * Shell commands that write `text` to `path` as an executable file (CDK zips an asset's files with
 * their modes). Each line goes in single quotes, so the text may hold none.
 */
function writeExecutable(text: string, path: string): string[] {
  if (text.includes("'")) throw new Error(`${path}: a single quote cannot be written by writeExecutable`);
  const lines = text.replace(/\n$/, '').split('\n');
  return [`printf '%s\\n' ${lines.map((line) => `'${line}'`).join(' ')} > "${path}"`, `chmod 755 "${path}"`];
}

/**
 * The bundling of a function that runs the scan engine: copies pdfjs-dist's package.json (how
 * pdf.ts finds the folder) and its data folders next to the bundle, the archive readers' WASM files
 * with their package.json the same way, and the WASM files that a package loads from the bundle's
 * folder into it; writes the wrapper script that starts node with the scan thread's V8 flags.
 */
export const SCAN_ENGINE_HOOKS: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir: string, outputDir: string) => {
    const from = `${inputDir}/node_modules/pdfjs-dist`;
    const to = `${outputDir}/node_modules/pdfjs-dist`;
    return [
      `mkdir -p "${to}"`,
      `cp "${from}/package.json" "${to}/package.json"`,
      ...PDFJS_DATA_FOLDERS.map((folder) => `cp -R "${from}/${folder}" "${to}/${folder}"`),
      ...READER_WASM_FILES.flatMap(({ pkg, file }) => {
        const source = `${inputDir}/node_modules/${pkg}`;
        const target = `${outputDir}/node_modules/${pkg}`;
        return [
          `mkdir -p "${target}/${file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : ''}"`,
          `cp "${source}/package.json" "${target}/package.json"`,
          `cp "${source}/${file}" "${target}/${file}"`,
        ];
      }),
      ...BESIDE_BUNDLE_WASM_FILES.map(({ pkg, file }) => `cp "${inputDir}/node_modules/${pkg}/${file}" "${outputDir}/${file.slice(file.lastIndexOf('/') + 1)}"`),
      ...writeExecutable(lambdaExecWrapper(), `${outputDir}/${LAMBDA_WRAPPER_FILE}`),
    ];
  },
};

/** Props of ShredlockFunction. */
export interface ShredlockFunctionProps {
  /** Vault name (function and log group names). */
  readonly vaultName: string;
  /** Which function: names it `<vault>-<kind>`. */
  readonly kind: FunctionKind;
  /** The handler module, relative to the repository root, e.g. `lambdas/scanner/handler.ts`; it exports `handler`. */
  readonly entry: string;
  /** What the function does (the Lambda description). */
  readonly description: string;
  /** The execution role (a VaultRoles role, trusted by lambda.amazonaws.com). */
  readonly role: iam.IRole;
  /** The role's managed policy: logs, X-Ray and DLQ statements are added to it. */
  readonly policy: iam.ManagedPolicy;
  /** Environment, as documented by the handler's config module. */
  readonly environment: Readonly<Record<string, string>>;
  /** Encrypts the log group (the audit key). */
  readonly logKey: kms.IKey;
  /** Dead-letter queue of failed asynchronous events. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Key of the dead-letter queue. */
  readonly deadLetterQueueKey: kms.IKey;
  /** Reserved concurrency (at least 1). */
  readonly reservedConcurrency: number;
  /**
   * Reserve `reservedConcurrency`. Off for accounts whose Lambda quota leaves nothing to reserve
   * (Lambda keeps 100 unreserved; new accounts have a quota of 10). @default true
   */
  readonly reserveConcurrency?: boolean;
  /** @default 256 */
  readonly memorySize?: number;
  /** Size of /tmp, MiB (512 to 10240). @default Lambda's 512 */
  readonly ephemeralStorageMiB?: number;
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /**
   * The function runs the scan engine: pdfjs-dist's data and the readers' WASM go beside the
   * bundle, and node starts with the scan thread's V8 flags (SCAN_ENGINE_HOOKS). @default false
   */
  readonly scanEngine?: boolean;
  /** Retries of failed asynchronous invocations, 0-2. @default 2 (Lambda's) */
  readonly retryAttempts?: number;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
}

/** A ShredLock Lambda with its log group (see the module doc). */
export class ShredlockFunction extends Construct {
  /** The function. */
  public readonly function: NodejsFunction;
  /** Its log group. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ShredlockFunctionProps) {
    super(scope, id);
    const problems: string[] = [];
    const entry = join(PROJECT_ROOT, props.entry);
    if (!existsSync(entry)) problems.push(`entry "${props.entry}" does not exist under ${PROJECT_ROOT}`);
    if (!Number.isInteger(props.reservedConcurrency) || props.reservedConcurrency < 1)
      problems.push(`reservedConcurrency ${props.reservedConcurrency} must be a whole number of at least 1`);
    if (props.retryAttempts !== undefined && ![0, 1, 2].includes(props.retryAttempts))
      problems.push(`retryAttempts ${props.retryAttempts} must be 0, 1 or 2`);
    const tmp = props.ephemeralStorageMiB;
    if (tmp !== undefined && !(Number.isInteger(tmp) && tmp >= 512 && tmp <= 10240)) problems.push(`ephemeralStorageMiB ${tmp} must be a whole number from 512 to 10240`);
    if (problems.length > 0) throw new ConstructPropsError('ShredlockFunction', problems);

    const name = functionName(props.vaultName, props.kind);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: functionLogGroupName(props.vaultName, props.kind),
      encryptionKey: props.logKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    this.function = new NodejsFunction(this, 'Function', {
      functionName: name,
      description: `ShredLock ${props.vaultName}: ${props.description}`,
      entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      ...(props.ephemeralStorageMiB === undefined ? {} : { ephemeralStorageSize: Size.mebibytes(props.ephemeralStorageMiB) }),
      timeout: props.timeout ?? Duration.minutes(5),
      reservedConcurrentExecutions: (props.reserveConcurrency ?? true) ? props.reservedConcurrency : undefined,
      // Grants CDK would add (X-Ray, DLQ, event sources) go to the managed policy below instead.
      role: props.role instanceof iam.Role ? props.role.withoutPolicyUpdates() : props.role,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.retryAttempts,
      // Stack traces point into lambdas/*.ts through the bundle's source map.
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        ...(props.scanEngine ? { AWS_LAMBDA_EXEC_WRAPPER: `${LAMBDA_TASK_ROOT}/${LAMBDA_WRAPPER_FILE}` } : {}),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        externalModules: [],
        banner: ESM_BANNER,
        logLevel: LogLevel.ERROR,
        ...(props.scanEngine ? { commandHooks: SCAN_ENGINE_HOOKS } : {}),
      },
    });

    const sid = pascal(props.kind);
    const stack = Stack.of(this);
    props.policy.addStatements(
      new iam.PolicyStatement({ sid: `${sid}Logs`, actions: [...FUNCTION_LOG_ACTIONS], resources: [this.logGroup.logGroupArn] }),
      new iam.PolicyStatement({ sid: `${sid}FailedEvents`, actions: [...DLQ_SEND_ACTIONS], resources: [props.deadLetterQueue.queueArn] }),
    );
    addOnce(props.policy, 'Tracing', XRAY_ACTIONS, ['*']);
    // Lambda checks the role at creation (the dead-letter queue, an event source's queue): the
    // policy must exist first. CDK orders this for its own grants only.
    this.function.node.addDependency(props.policy);
    addOnce(props.policy, 'EncryptRuntimeQueues', QUEUE_KEY_ENCRYPT_ACTIONS, [props.deadLetterQueueKey.keyArn], {
      StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` },
    });
  }
}

const addedSids = new WeakMap<iam.ManagedPolicy, Set<string>>();

/** Adds a statement with `sid` unless this module added one already (several functions share a role). */
function addOnce(
  policy: iam.ManagedPolicy,
  sid: string,
  actions: readonly string[],
  resources: readonly string[],
  conditions?: Record<string, unknown>,
): void {
  const sids = addedSids.get(policy) ?? new Set<string>();
  addedSids.set(policy, sids);
  if (sids.has(sid)) return;
  sids.add(sid);
  policy.addStatements(new iam.PolicyStatement({ sid, actions: [...actions], resources: [...resources], ...(conditions ? { conditions } : {}) }));
}

function pascal(kind: string): string {
  return kind.replace(/(^|-)([a-z])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}
