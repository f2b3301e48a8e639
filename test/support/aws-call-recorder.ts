/**
 * Records the AWS calls code under test makes: SDK v3 middleware (step `initialize`, before
 * serialization, so a call that fails is recorded too) on every client lambdas/aws/clients.ts
 * creates while the recorder is installed, and on clients handed to attach(). Calls are kept only
 * inside record(flow, work), each with the flow that made it, so a test's own setup and checks
 * stay out. The permission contract (test/permissions/) evaluates them in the IAM simulation.
 */
/** One recorded call. */
export interface AwsCall {
  /** The flow running when the call was made (record()'s `flow`). */
  readonly flow: string;
  /** SDK client name, e.g. `S3Client`, `KMSClient`. */
  readonly client: string;
  /** Command name without its `Command` suffix, e.g. `HeadObject`. */
  readonly command: string;
  /** The command input as given. */
  readonly input: Record<string, unknown>;
  /** The output, once the call succeeded (S3's SSEKMSKeyId: which key S3 decrypted with). */
  output?: Record<string, unknown>;
  /** The error's name, once the call failed (S3's NoSuchKey: a 404 only s3:ListBucket allows). */
  error?: string;
}

/** An SDK v3 client, as far as the recorder needs it. */
interface AnyClient {
  readonly middlewareStack: { add(middleware: InitializeMiddleware, options: { step: 'initialize'; name: string }): void };
}

/** The shape of an `initialize` middleware (@smithy/types), written out to keep that package out of the imports. */
type InitializeMiddleware = (
  next: (args: { input: object }) => Promise<unknown>,
  context: { clientName?: string; commandName?: string },
) => (args: { input: object }) => Promise<unknown>;

/** Same slot as lambdas/aws/clients.ts reads (Symbol.for: one symbol across reloaded module graphs). */
const CLIENT_OBSERVER = Symbol.for('shredlock.aws-client-observer');
const MIDDLEWARE_NAME = 'shredlockAwsCallRecorder';

/** Records AWS calls per flow. */
export class AwsCallRecorder {
  /** Every call recorded so far, in order. */
  readonly calls: AwsCall[] = [];
  private flow: string | undefined;
  private readonly attached = new WeakSet<object>();

  /** Records on every client created from now on (until uninstall()). */
  install(): void {
    (globalThis as Record<symbol, unknown>)[CLIENT_OBSERVER] = (client: unknown) => this.attach(client as AnyClient);
  }

  /** Stops observing new clients (clients already attached keep their middleware, and record only inside record()). */
  uninstall(): void {
    delete (globalThis as Record<symbol, unknown>)[CLIENT_OBSERVER];
  }

  /** Adds the recording middleware to `client` (once); returns it. */
  attach<C>(client: C): C {
    const c = client as unknown as AnyClient;
    if (this.attached.has(c)) return client;
    this.attached.add(c);
    c.middlewareStack.add(
      (next, context) => async (args) => {
        if (this.flow === undefined) return next(args);
        const call: AwsCall = {
          flow: this.flow,
          client: String(context.clientName),
          command: String(context.commandName).replace(/Command$/, ''),
          input: args.input as Record<string, unknown>,
        };
        this.calls.push(call);
        try {
          const result = await next(args);
          call.output = (result as { output?: Record<string, unknown> }).output;
          return result;
        } catch (error) {
          call.error = (error as { name?: string } | null)?.name ?? 'Error';
          throw error;
        }
      },
      { step: 'initialize', name: MIDDLEWARE_NAME },
    );
    return client;
  }

  /** Runs `work` with its calls recorded under `flow`; flows never overlap. */
  async record<T>(flow: string, work: () => Promise<T>): Promise<T> {
    if (this.flow !== undefined) throw new Error(`flow ${flow} started inside flow ${this.flow}`);
    this.flow = flow;
    try {
      return await work();
    } finally {
      this.flow = undefined;
    }
  }

  /** The calls of one flow. */
  callsOf(flow: string): AwsCall[] {
    return this.calls.filter((c) => c.flow === flow);
  }
}
