/** The batch lacks columns the model needs: names them (the CLI exits 2). */
export class MissingFeaturesError extends Error {
  constructor(readonly columns: string[], what: string) {
    super(
      `${what} lacks ${columns.length === 1 ? 'the model feature' : `${columns.length} model features`} ${columns.map((c) => `"${c}"`).join(', ')}. ` +
        'Add the column(s) to the batch (same names as in training), or audit it with the model version trained on these columns.',
    );
  }
}
