/**
 * Chains of pages or sectors that a file links by number (an OLE file's FAT, an Access table's
 * definition pages): readers that follow one until it ends never end when it loops back on itself.
 */

/**
 * True when following `next` from some entry comes back to an entry of the same walk; a value of
 * `next.length` or more ends a chain. Each entry is walked at most once (0 not yet, 1 on the walk
 * under way, 2 done), so the check is linear in the entries.
 */
export function chainLoops(next: Uint32Array): boolean {
  const state = new Uint8Array(next.length);
  const path: number[] = [];
  for (let start = 0; start < next.length; start++) {
    if (state[start] !== 0) continue;
    path.length = 0;
    let at = start;
    while (at < next.length && state[at] === 0) {
      state[at] = 1;
      path.push(at);
      at = next[at];
    }
    if (at < next.length && state[at] === 1) return true;
    for (const p of path) state[p] = 2;
  }
  return false;
}
