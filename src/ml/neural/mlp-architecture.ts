/**
 * What describes a multilayer perceptron's architecture (activations, hidden layer sizes), apart from the
 * training code in mlp.ts: the neural-network node's description and the scorers need only this.
 */
export type MlpActivation = 'relu' | 'tanh' | 'logistic';
export const MLP_ACTIVATIONS: readonly MlpActivation[] = ['relu', 'tanh', 'logistic'];

/** "64, 32" → [64, 32]; "" → [] (no hidden layer). Throws a sentence naming the bad part. */
export function parseHiddenSizes(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return trimmed.split(/[\s,;]+/).map((part) => {
    const v = Number(part);
    if (!Number.isInteger(v) || v < 1 || v > 4096) {
      throw new Error(`"${part}" is not a layer size: give whole numbers from 1 to 4096 separated by commas, e.g. 64,32.`);
    }
    return v;
  });
}
