/**
 * The package's entry (named by "crispflow.nodes" in package.json). Crispflow calls the default export
 * with its node API (defineNode, param, NodeError, table helpers) and registers the definitions it
 * returns, so this package needs no import from Crispflow and no build step.
 */
import { payCompaRatio } from './pay-compa-ratio.js';

/** @param {import('../../src/core/node-api.ts').NodeApi} api */
export default function nodes(api) {
  return [payCompaRatio(api)];
}
