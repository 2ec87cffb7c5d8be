export * from './canonical-json.ts';
export * from './chain.ts';
export * from './export.ts';
export { sha256Hex } from './sha256.ts';
export * from './mac.ts';
