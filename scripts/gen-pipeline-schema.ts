/** Writes public/pipeline.schema.json from the zod schema in src/core/document-io.ts (run after changing it). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pipelineJsonSchema } from '../src/core/document-io.ts';

const out = fileURLToPath(new URL('../public/pipeline.schema.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out}`);
