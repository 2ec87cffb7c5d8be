export * from './model-version.ts';
export * from './compare.ts';
export * from './model-card.ts';
