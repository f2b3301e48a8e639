/**
 * How a Lambda's environment is read back: one zod schema keyed by variable name, validated once at
 * cold start. Problems name the variable and the value found there (environment values are
 * bucket names, ARNs, prefixes and switches, never personal data); the Lambda turns them into its
 * own typed error (lambdas/shared/config-from-env.ts).
 */
import type { z } from 'zod';

/** A Lambda's environment, as `process.env` gives it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A Lambda's environment as the stack writes it: every value a string (or a CDK token standing for one). */
export type EncodedEnv = Readonly<Record<string, string>>;

/** The typed settings, or every problem found (as `NAME="value": what is allowed`). */
export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly string[] };

/** Validates the `names` variables of `env` with `schema`; empty values count as unset. */
export function decodeEnv<S extends z.ZodType>(schema: S, env: Env, names: readonly string[]): Decoded<z.output<S>> {
  const input = Object.fromEntries(names.map((name) => [name, env[name] || undefined]));
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '(environment)');
      return `${name}=${JSON.stringify(env[name] ?? null)}: ${i.message}`;
    }),
  };
}

/** Both decodings' problems together, or `combine` of both values. */
export function decodeBoth<A, B, T>(a: Decoded<A>, b: Decoded<B>, combine: (a: A, b: B) => T): Decoded<T> {
  if (a.ok && b.ok) return { ok: true, value: combine(a.value, b.value) };
  return { ok: false, issues: [...(a.ok ? [] : a.issues), ...(b.ok ? [] : b.issues)] };
}
