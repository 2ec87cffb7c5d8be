import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetKey, pipelineDatasetRefs } from '../core/dataset-refs.ts';
import { parsePipeline } from '../core/document-io.ts';
import { MAX_DOCUMENT_BYTES } from '../core/document-limits.ts';
import type { PipelineDocument } from '../core/document.ts';
import type { SchemaEnv } from '../core/node-definition.ts';
import type { NodeRegistry } from '../core/registry.ts';
import type { TableSchema } from '../core/table/table.ts';
import type { Problem } from '../core/errors.ts';
import { createFsDatasetProvider } from '../runtime/node/fs-dataset-provider.ts';

export const SAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public/samples');

/** Reads and validates a pipeline file; problems come back as text lines ready to print. */
export async function loadPipelineFile(file: string): Promise<{ doc?: PipelineDocument; errors: string[] }> {
  let text: string;
  try {
    // A huge file is refused by its size, before it is read into memory.
    const { size } = await stat(file);
    if (size > MAX_DOCUMENT_BYTES) {
      return { errors: [`"${file}" is ${(size / 1024 / 1024).toFixed(1)} MB; a pipeline file may have at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB. Pipelines hold settings, not data: keep datasets in their own files.`] };
    }
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { errors: [`Cannot read "${file}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { errors: [`"${file}" is not valid JSON: ${(e as Error).message}. Fix the file or export it again from the designer.`] };
  }
  // Checks the limits (nesting depth, "__proto__" keys), then the shape.
  const { doc, problems } = parsePipeline(json);
  const errors = problems.filter((p) => p.severity === 'error');
  if (!doc || errors.length > 0) return { errors: (errors.length ? errors : problems).map(formatProblem) };
  return { doc, errors: [] };
}

export function formatProblem(p: Problem): string {
  const where = [p.nodeId && `node "${p.nodeId}"`, p.field && `field "${p.field}"`].filter(Boolean).join(', ');
  return `${p.severity === 'warning' ? 'warning' : 'error'} ${p.code}${where ? ` (${where})` : ''}: ${p.message}`;
}

/** Dataset lookup order of the CLI contract: --data, next to the pipeline, built-in samples. */
export function datasetDirs(pipelineFile: string, dataDir?: string): string[] {
  return [dataDir, path.dirname(path.resolve(pipelineFile)), SAMPLES_DIR].filter((d): d is string => Boolean(d));
}

export function cliDatasetProvider(pipelineFile: string, dataDir?: string) {
  return createFsDatasetProvider(datasetDirs(pipelineFile, dataDir));
}

/** Dataset schemas known before running (header sniffing), so the compiler can check column names. */
export async function schemaEnvFor(
  doc: PipelineDocument,
  registry: NodeRegistry,
  provider: ReturnType<typeof cliDatasetProvider>,
): Promise<SchemaEnv> {
  const known = new Map<string, TableSchema | undefined>();
  for (const ref of pipelineDatasetRefs(doc, registry)) {
    known.set(datasetKey(ref), await provider.schema?.(ref).catch(() => undefined));
  }
  return { datasetSchema: (ref) => known.get(datasetKey(ref)) };
}
