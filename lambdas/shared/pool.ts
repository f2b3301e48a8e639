/**
 * Runs async work over a list with a bounded number in flight: the one pool of the Lambdas and the
 * CLI (seal and unseal holds, the shredder's HeadObject calls).
 */

/**
 * Calls `work` for every item, at most `limit` at a time, and resolves when all are done. The
 * first rejection rejects the whole run (work already started still finishes); callers that must
 * go on past failures catch inside `work`.
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a whole number from 1');
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** forEachLimit that collects `work`'s results, in the order of `items`. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  await forEachLimit(items, limit, async (item, index) => {
    results[index] = await work(item);
  });
  return results;
}
