/**
 * The business-understanding note of a pipeline (nodes/business-understanding), for model cards and
 * reports: its filled-in fields with their headings. Pure: reads only the pipeline document.
 */
export const BUSINESS_NOTE_TYPE = 'business-understanding';

export interface BusinessNote {
  objective?: string;
  successCriteria?: string;
  stakeholders?: string;
  legalBasis?: string;
  /** Split on commas, trimmed, empties dropped. */
  protectedAttributes?: string[];
}

export const BUSINESS_NOTE_HEADINGS: Record<keyof BusinessNote, string> = {
  objective: 'Objective',
  successCriteria: 'Success criteria',
  stakeholders: 'Stakeholders',
  legalBasis: 'Legal basis',
  protectedAttributes: 'Protected attributes',
};

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * The note's fields, or undefined when the pipeline has no note or every field is empty. Several notes
 * (e.g. one per stakeholder group) are merged field by field, in document order, separated by blank lines.
 */
export function extractBusinessNote(doc: { nodes: ReadonlyArray<{ type: string; params: Record<string, unknown> }> }): BusinessNote | undefined {
  const notes = doc.nodes.filter((n) => n.type === BUSINESS_NOTE_TYPE);
  const join = (key: string) => {
    const parts = notes.map((n) => str(n.params[key])).filter((s): s is string => s !== undefined);
    return parts.length ? parts.join('\n\n') : undefined;
  };
  const attrs = [
    ...new Set(
      notes.flatMap((n) =>
        (str(n.params.protectedAttributes) ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ),
  ];
  const note: BusinessNote = {
    objective: join('objective'),
    successCriteria: join('successCriteria'),
    stakeholders: join('stakeholders'),
    legalBasis: join('legalBasis'),
    protectedAttributes: attrs.length ? attrs : undefined,
  };
  for (const k of Object.keys(note) as (keyof BusinessNote)[]) if (note[k] === undefined) delete note[k];
  return Object.keys(note).length ? note : undefined;
}

/** The note as Markdown lines ("**Objective**: …"), for cards and reports written in Markdown. */
export function businessNoteMarkdown(note: BusinessNote): string[] {
  return (Object.keys(BUSINESS_NOTE_HEADINGS) as (keyof BusinessNote)[])
    .filter((k) => note[k] !== undefined)
    .map((k) => {
      const v = note[k]!;
      return `- **${BUSINESS_NOTE_HEADINGS[k]}**: ${Array.isArray(v) ? v.join(', ') : v.replace(/\n+/g, ' ')}`;
    });
}

/** Longest text field accepted from outside (several notes' 2,000-character fields merged). */
const MAX_NOTE_TEXT = 20_000;
const MAX_ATTRIBUTES = 100;

/**
 * A note received from elsewhere (the studio API's model registrations), checked field by field: only
 * the five fields, text fields as text, protected attributes as a list of names. Throws an Error naming
 * `at` and the field.
 */
export function parseBusinessNote(raw: unknown, at: string): BusinessNote {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${at} must be an object { objective?, successCriteria?, stakeholders?, legalBasis?, protectedAttributes? }.`);
  const r = raw as Record<string, unknown>;
  const out: BusinessNote = {};
  for (const key of Object.keys(r)) {
    if (!(key in BUSINESS_NOTE_HEADINGS)) throw new Error(`${at}.${key.slice(0, 40)} is not a field of the business note (${Object.keys(BUSINESS_NOTE_HEADINGS).join(', ')}).`);
    const v = r[key];
    if (v === undefined) continue;
    if (key === 'protectedAttributes') {
      if (!Array.isArray(v) || v.length > MAX_ATTRIBUTES || !v.every((a) => typeof a === 'string' && a.trim() !== '' && a.length <= 500)) {
        throw new Error(`${at}.protectedAttributes must be a list of at most ${MAX_ATTRIBUTES} column names.`);
      }
      if (v.length) out.protectedAttributes = v.map((a: string) => a.trim());
    } else {
      if (typeof v !== 'string' || v.length > MAX_NOTE_TEXT) throw new Error(`${at}.${key} must be text of at most ${MAX_NOTE_TEXT.toLocaleString('en')} characters.`);
      if (v.trim()) out[key as Exclude<keyof BusinessNote, 'protectedAttributes'>] = v.trim();
    }
  }
  return out;
}
