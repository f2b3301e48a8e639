/** A Lambda handler under test, loaded the way Lambda loads it: after its environment is set. */
import { beforeAll, vi } from 'vitest';
import { useMotoEnv } from './moto.js';

/** Options of useHandler. */
export interface HandlerOptions {
  /** Load a fresh copy of the module graph (vi.resetModules), for handlers that read their settings at load. @default false */
  readonly reload?: boolean;
}

/**
 * For a describe block: points the environment at moto plus `env` (useMotoEnv), then loads the
 * handler module with `load` (its module scope reads the environment once). Returns a function
 * that calls the loaded handler.
 */
export function useHandler<H extends (...args: never[]) => unknown>(
  env: Record<string, string>,
  load: () => Promise<unknown>,
  options: HandlerOptions = {},
): H {
  let handler: H | undefined;
  useMotoEnv(env);
  beforeAll(async () => {
    if (options.reload) vi.resetModules();
    ({ handler } = (await load()) as { handler: H });
  });
  return ((...args: Parameters<H>) => (handler as H)(...args)) as H;
}
