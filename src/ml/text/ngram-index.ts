/**
 * An n-gram trie over token ids: node = unigram(token) or child(parentNode, token).
 *
 * Counting 1–2-grams of 10,000 resumes means millions of n-grams; keying them by joined strings is slow,
 * so n-grams are chains of integer ids in an open-addressing hash map of (parent, token) pairs. Strings
 * are built only for the n-grams that survive pruning.
 */

export class NgramIndex {
  /** token string → unigram node id */
  private readonly unigrams = new Map<string, number>();
  /** open-addressing table of (parent, token) → child node id */
  private keysA: Int32Array;
  private keysB: Int32Array;
  private vals: Int32Array;
  private mask: number;
  private filled = 0;
  /** per node: parent node (-1 for unigrams), last token's unigram node (-1 for unigrams), length in tokens */
  parent: Int32Array;
  lastToken: Int32Array;
  length: Uint8Array;
  size = 0;
  /** text of unigram nodes */
  private readonly unigramText = new Map<number, string>();

  constructor(capacity = 1 << 14) {
    let cap = 1024;
    while (cap < capacity * 2) cap <<= 1;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.parent = new Int32Array(capacity);
    this.lastToken = new Int32Array(capacity);
    this.length = new Uint8Array(capacity);
  }

  private newNode(parent: number, token: number, length: number): number {
    if (this.size === this.parent.length) {
      const cap = this.parent.length * 2;
      const p = new Int32Array(cap);
      p.set(this.parent);
      this.parent = p;
      const t = new Int32Array(cap);
      t.set(this.lastToken);
      this.lastToken = t;
      const l = new Uint8Array(cap);
      l.set(this.length);
      this.length = l;
    }
    const id = this.size++;
    this.parent[id] = parent;
    this.lastToken[id] = token;
    this.length[id] = length;
    return id;
  }

  /** Unigram node of `token`, or -1 when unknown and `insert` is false. */
  unigram(token: string, insert: boolean): number {
    const id = this.unigrams.get(token);
    if (id !== undefined) return id;
    if (!insert) return -1;
    const node = this.newNode(-1, -1, 1);
    this.unigramText.set(node, token);
    this.unigrams.set(token, node);
    return node;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** Child of `parent` extended by unigram node `token`, or -1 when unknown and `insert` is false. */
  child(parent: number, token: number, insert: boolean): number {
    const { keysA, keysB, mask } = this;
    let s = this.slot(parent, token);
    for (;;) {
      const ka = keysA[s];
      if (ka === -1) break;
      if (ka === parent && keysB[s] === token) return this.vals[s];
      s = (s + 1) & mask;
    }
    if (!insert) return -1;
    const node = this.newNode(parent, token, this.length[parent] + 1);
    keysA[s] = parent;
    keysB[s] = token;
    this.vals[s] = node;
    if (++this.filled * 2 > mask) this.grow();
    return node;
  }

  private grow(): void {
    const oldA = this.keysA;
    const oldB = this.keysB;
    const oldV = this.vals;
    const cap = oldA.length * 2;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < oldA.length; i++) {
      if (oldA[i] === -1) continue;
      let s = this.slot(oldA[i], oldB[i]);
      while (this.keysA[s] !== -1) s = (s + 1) & this.mask;
      this.keysA[s] = oldA[i];
      this.keysB[s] = oldB[i];
      this.vals[s] = oldV[i];
    }
  }

  /** The n-gram's text, tokens joined by single spaces (scikit-learn's feature names). */
  text(node: number): string {
    if (this.parent[node] < 0) return this.unigramText.get(node)!;
    const parts: string[] = [];
    let x = node;
    for (; this.parent[x] >= 0; x = this.parent[x]) parts.push(this.unigramText.get(this.lastToken[x])!);
    parts.push(this.unigramText.get(x)!);
    return parts.reverse().join(' ');
  }
}
