// Types for TypeScript code that imports this package (the package itself is plain JavaScript).
// A package published outside this repository would import these types from "crispflow" instead.
import type { NodeApi } from '../../src/core/node-api.ts';
import type { AnyNodeDefinition } from '../../src/core/node-definition.ts';

export default function nodes(api: NodeApi): AnyNodeDefinition[];
