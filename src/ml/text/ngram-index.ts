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
  /**
   * Open-addressing table of (parent, token) → child node id, interleaved as [parent + 1, token, child,
   * unused] per slot (0: free, so a new table needs no filling): the table outgrows the caches, and a
   * probe then costs one cache miss instead of three.
   */
  private slots: Int32Array;
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
    this.slots = new Int32Array(cap * 4);
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
    const { slots, mask } = this;
    let s = this.slot(parent, token);
    for (;;) {
      const at = s << 2;
      const ka = slots[at];
      if (ka === 0) break;
      if (ka === parent + 1 && slots[at + 1] === token) return slots[at + 2];
      s = (s + 1) & mask;
    }
    if (!insert) return -1;
    const node = this.newNode(parent, token, this.length[parent] + 1);
    const at = s << 2;
    slots[at] = parent + 1;
    slots[at + 1] = token;
    slots[at + 2] = node;
    if (++this.filled * 2 > mask) this.grow();
    return node;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] === 0) continue;
      let s = this.slot(old[at] - 1, old[at + 1]);
      while (this.slots[s << 2] !== 0) s = (s + 1) & this.mask;
      this.slots.set(old.subarray(at, at + 3), s << 2);
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

