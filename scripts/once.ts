/** `run()` once, its promise shared by every caller; forgotten when it fails, so the next call tries again. */
export function sharedUntilFailure<T>(run: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= run().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
