import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';

import type { description } from './index.ts';

export async function run(_args: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  return {};
}
