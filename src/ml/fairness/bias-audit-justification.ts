/** The check the compiler and the run both make: exclusion needs a written justification. */
export function justificationProblem(excludeSmall: boolean, justification: string | undefined): string | null {
  if (excludeSmall && !(justification ?? '').trim()) {
    return 'Excluding categories under 2% requires a written justification (NYC LL 144): write it under "Justification", or turn the exclusion off.';
  }
  return null;
}
