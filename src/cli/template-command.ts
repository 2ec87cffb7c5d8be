/**
 * Templates on people's own data: `crispflow template apply <template> --map <mapping.json> --out <pipeline.json>`
 * writes the mapped pipeline; `crispflow run <template> --map <mapping.json>` runs it without writing one.
 * The mapping itself is src/templates/apply-mapping.ts (the designer's dialog uses the same code).
 */
import { readFile } from 'node:fs/promises';
import type { PipelineDocument } from '../core/document.ts';
import { serializePipeline } from '../core/document-io.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { applyColumnMapping, parseColumnMapping, type MappingChange } from '../templates/apply-mapping.ts';
import { TemplateRoleError, templateRoles } from '../templates/template-roles.ts';
import { EXIT } from './exit-codes.ts';
import { loadPipelineFile } from './load-pipeline.ts';

async function readMappingFile(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new TemplateRoleError(`Cannot read the mapping file "${file}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new TemplateRoleError(`The mapping file "${file}" is not valid JSON: ${(e as Error).message}.`);
  }
  return parseColumnMapping(json);
}

/** Loads a template and applies a mapping file to it; errors are lines ready to print. */
export async function loadMappedPipelineFile(file: string, mapFile: string): Promise<{ doc?: PipelineDocument; changes?: MappingChange[]; errors: string[] }> {
  const loaded = await loadPipelineFile(file);
  if (!loaded.doc) return loaded;
  try {
    const mapping = await readMappingFile(mapFile);
    const { doc, changes } = applyColumnMapping(loaded.doc, mapping, { datasetSource: 'file' });
    return { doc, changes, errors: [] };
  } catch (e) {
    if (!(e instanceof TemplateRoleError)) throw e;
    return { errors: [`${mapFile}: ${e.message}`] };
  }
}

/** The roles a template declares, for `template roles <template>` (what a mapping file must give). */
export async function templateRolesCommand(file: string): Promise<number> {
  const loaded = await loadPipelineFile(file);
  if (!loaded.doc) {
    for (const e of loaded.errors) console.error(e);
    return EXIT.usage;
  }
  try {
    const roles = templateRoles(loaded.doc);
    if (roles.length === 0) {
      console.error(`"${file}" declares no roles (metadata.roles): it cannot be mapped.`);
      return EXIT.usage;
    }
    const example: Record<string, unknown> = {};
    for (const r of roles) {
      console.log(`${r.id.padEnd(16)} ${r.kind.padEnd(10)} ${r.required ? 'required' : r.droppable ? 'optional (null: not in my data)' : 'optional'}  ${r.label}; template: ${JSON.stringify(r.sample)}`);
      example[r.id] = r.sample;
    }
    console.log(`\nA mapping file (edit the values to your columns and values):\n${JSON.stringify({ roles: example }, null, 2)}`);
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof TemplateRoleError)) throw e;
    console.error(`${file}: ${e.message}`);
    return EXIT.usage;
  }
}

export async function templateApplyCommand(o: { file: string; mapFile?: string; outFile?: string }): Promise<number> {
  if (!o.mapFile || !o.outFile) {
    console.error('"crispflow template apply" needs --map <mapping.json> and --out <pipeline.json>.');
    return EXIT.usage;
  }
  const { doc, changes, errors } = await loadMappedPipelineFile(o.file, o.mapFile);
  if (!doc) {
    for (const e of errors) console.error(e);
    return EXIT.usage;
  }
  await writeFileAtomic(o.outFile, serializePipeline(doc));
  for (const c of changes ?? []) console.error(`${c.nodeId}.${c.param}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}  (${c.role})`);
  console.error(`Wrote ${o.outFile} (${changes?.length ?? 0} param(s) mapped). Check it with: crispflow validate ${o.outFile} --data <your data folder>`);
  return EXIT.ok;
}
