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
