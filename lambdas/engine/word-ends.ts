/**
 * Whether a text ends with one of a set of words at a position, read backwards through a trie of
 * the reversed words: a position after no word is refused at its first or second character,
 * instead of comparing every word (a trigger's `after` labels are tried at every space).
 */

interface Node {
  /** A word ends here (read backwards: a word starts here). */
  end: boolean;
  readonly next: Map<number, Node>;
}

/** A set of words, for `endsAt` lookups. */
export class WordEnds {
  private readonly root: Node = { end: false, next: new Map() };

  constructor(words: readonly string[]) {
    for (const word of words) {
      let node = this.root;
      for (let i = word.length - 1; i >= 0; i--) {
        const c = word.charCodeAt(i);
        let child = node.next.get(c);
        if (child === undefined) node.next.set(c, (child = { end: false, next: new Map() }));
        node = child;
      }
      node.end = true;
    }
  }

  /** True when text[0, at) ends with one of the words. */
  endsAt(text: string, at: number): boolean {
    let node: Node | undefined = this.root;
    if (node.end) return true;
    for (let q = at - 1; q >= 0; q--) {
      node = node.next.get(text.charCodeAt(q));
      if (node === undefined) return false;
      if (node.end) return true;
    }
    return false;
  }
}
