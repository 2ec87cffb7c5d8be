import { describe, expect, it } from 'vitest';
import { businessNoteMarkdown, extractBusinessNote } from './business-note.ts';

describe('business note', () => {
  it('is undefined without a note or with an empty one', () => {
    expect(extractBusinessNote({ nodes: [{ type: 'kmeans', params: {} }] })).toBeUndefined();
    expect(extractBusinessNote({ nodes: [{ type: 'business-understanding', params: { objective: ' ', protectedAttributes: ', ' } }] })).toBeUndefined();
  });

  it('keeps the filled fields, splits protected attributes and merges several notes', () => {
    const note = extractBusinessNote({
      nodes: [
        { type: 'business-understanding', params: { objective: 'Shortlist faster.', protectedAttributes: 'gender, race', legalBasis: '' } },
        { type: 'dataset-source', params: { objective: 'not a note' } },
        { type: 'business-understanding', params: { objective: 'Treat groups alike.', protectedAttributes: 'race,age' } },
      ],
    });
    expect(note).toEqual({ objective: 'Shortlist faster.\n\nTreat groups alike.', protectedAttributes: ['gender', 'race', 'age'] });
    expect(businessNoteMarkdown(note!)).toEqual(['- **Objective**: Shortlist faster. Treat groups alike.', '- **Protected attributes**: gender, race, age']);
  });
});
