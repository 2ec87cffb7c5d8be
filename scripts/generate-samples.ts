/**
 * Writes the built-in sample datasets to public/samples/ and their manifest public/samples/index.json.
 *
 *   npx tsx scripts/generate-samples.ts            # every sample
 *   npx tsx scripts/generate-samples.ts promotion  # only the named ones (the manifest keeps the others)
 *
 * Each sample is one entry of SAMPLES: a seeded generator (src/samples/<name>.ts) returning a Table.
 * The manifest lists name, file, rows, description and columns (name, type, role) so the app can show
 * a dataset's schema before loading it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaOf, type ColumnSchema, type Table } from '../src/core/table/table.ts';
import { tableToCsv } from '../src/io/csv-export.ts';
import { generatePromotion, PROMOTION_DESCRIPTION } from '../src/samples/promotion.ts';
import { ATTRITION_DESCRIPTIONS, attritionSample } from '../src/samples/attrition.ts';
import { generateResumesTable, RESUMES_DESCRIPTION } from '../src/samples/resumes.ts';
import { generatePromotionDecisions, PROMOTION_DECISIONS_DESCRIPTION, PROMOTION_OUTCOMES_DESCRIPTION } from '../src/samples/promotion-decisions.ts';

export interface SampleEntry {
  name: string;
  file: string;
  description: string;
  build: () => Table;
}

export interface ManifestEntry {
  name: string;
  file: string;
  rows: number;
  description: string;
  columns: ColumnSchema[];
}

export const SAMPLES: SampleEntry[] = [
  { name: 'promotion', file: 'promotion.csv', description: PROMOTION_DESCRIPTION, build: () => generatePromotion({ rows: 5000 }) },
  { name: 'employees', file: 'employees.csv', description: ATTRITION_DESCRIPTIONS.employees, build: () => attritionSample({ employees: 2000 }).employees },
  { name: 'surveys', file: 'surveys.csv', description: ATTRITION_DESCRIPTIONS.surveys, build: () => attritionSample({ employees: 2000 }).surveys },
  { name: 'performance', file: 'performance.csv', description: ATTRITION_DESCRIPTIONS.performance, build: () => attritionSample({ employees: 2000 }).performance },
  { name: 'compensation', file: 'compensation.csv', description: ATTRITION_DESCRIPTIONS.compensation, build: () => attritionSample({ employees: 2000 }).compensation },
  { name: 'terminations', file: 'terminations.csv', description: ATTRITION_DESCRIPTIONS.terminations, build: () => attritionSample({ employees: 2000 }).terminations },
  { name: 'resumes', file: 'resumes.csv', description: RESUMES_DESCRIPTION, build: () => generateResumesTable() },
  // The promotion template's quarterly bias-drift audit (issue 15): candidates per quarter and the panel's decisions.
  { name: 'promotion_decisions', file: 'promotion_decisions.csv', description: PROMOTION_DECISIONS_DESCRIPTION, build: () => generatePromotionDecisions().decisions },
  { name: 'promotion_outcomes', file: 'promotion_outcomes.csv', description: PROMOTION_OUTCOMES_DESCRIPTION, build: () => generatePromotionDecisions().outcomes },
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'public', 'samples');

function manifestColumns(t: Table): ColumnSchema[] {
  // Category lists are left out: the manifest is a light table of contents, not the data.
  return schemaOf(t).columns.map(({ name, type, role }) => (role ? { name, type, role } : { name, type }));
}

function main(): void {
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !SAMPLES.some((s) => s.name === n));
  if (unknown.length) {
    console.error(`Unknown sample(s): ${unknown.join(', ')}. Known: ${SAMPLES.map((s) => s.name).join(', ')}.`);
    process.exit(2);
  }
  mkdirSync(outDir, { recursive: true });
  const manifestPath = path.join(outDir, 'index.json');
  const previous: ManifestEntry[] = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : [];
  const manifest = new Map(previous.map((e) => [e.name, e]));
  for (const sample of SAMPLES) {
    if (only.length && !only.includes(sample.name)) continue;
    const t0 = Date.now();
    const table = sample.build();
    writeFileSync(path.join(outDir, sample.file), tableToCsv(table, { newline: '\n' }));
    manifest.set(sample.name, {
      name: sample.name,
      file: sample.file,
      rows: table.nRows,
      description: sample.description,
      columns: manifestColumns(table),
    });
    console.log(`${sample.file}: ${table.nRows} rows (${Date.now() - t0} ms)`);
  }
  // Manifest order follows SAMPLES, then any entries written by other means.
  const ordered = [
    ...SAMPLES.map((s) => manifest.get(s.name)).filter((e): e is ManifestEntry => !!e),
    ...[...manifest.values()].filter((e) => !SAMPLES.some((s) => s.name === e.name)),
  ];
  writeFileSync(manifestPath, JSON.stringify(ordered, null, 2) + '\n');
}

main();
