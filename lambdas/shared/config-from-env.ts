/**
 * The one way a Lambda turns its decoded environment (contract/env/) into settings: the value, or
 * the Lambda's own typed configuration error listing every problem. Called once at cold start.
 */
import type { Decoded } from '../../contract/env/decode.js';

/** The decoded settings, or the error `toError` makes of every problem found. */
export function configFromEnv<T>(decoded: Decoded<T>, toError: (issues: readonly string[]) => Error): T {
  if (!decoded.ok) throw toError(decoded.issues);
  return decoded.value;
}
