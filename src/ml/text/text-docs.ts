/**
 * Documents for the text kernels (TF-IDF): plain strings, or a text column still packed as UTF-8 bytes
 * (a step's input in a worker, see packedTextBytes in src/core/table/transfer.ts), which the kernels
 * tokenise as bytes instead of decoding 7 MB of resumes into strings first.
 */
import type { DocumentWalker } from './document-walker.ts';

/** Row r is utf8[starts[r], starts[r + 1]); null where nulls[r] is 1. */
export interface Utf8Docs {
  utf8: Uint8Array;
  starts: Int32Array;
  nulls?: Uint8Array;
}

export type TextDocs = ArrayLike<string | null> | Utf8Docs;

export const isUtf8Docs = (docs: TextDocs): docs is Utf8Docs => 'utf8' in docs && 'starts' in docs;

export function docCount(docs: TextDocs): number {
  return isUtf8Docs(docs) ? docs.starts.length - 1 : docs.length;
}

/** About the document's size (UTF-16 units, or bytes): for sizing buffers only. */
export function docLength(docs: TextDocs, d: number): number {
  return isUtf8Docs(docs) ? docs.starts[d + 1] - docs.starts[d] : (docs[d]?.length ?? 0);
}

/** walk(d, insert, emit): the walker's n-grams of document d, however the documents are held. */
export function walkDocs(docs: TextDocs, walker: DocumentWalker): (d: number, insert: boolean, emit: (node: number) => void) => void {
  if (!isUtf8Docs(docs)) return (d, insert, emit) => walker.walk(docs[d], insert, emit);
  const { utf8, starts, nulls } = docs;
  return (d, insert, emit) => {
    if (nulls && nulls[d]) walker.walk(null, insert, emit);
    else walker.walkBytes(utf8, starts[d], starts[d + 1], insert, emit);
  };
}
