/**
 * The headless runner (`npx crispflow`). Contract in DESIGN.md:
 *   run <pipeline.json> [--data <dir>] [--out <dir>] [--registry <dir>]   exit 0 ok, 1 a node failed, 2 bad usage / invalid pipeline
 *   validate <pipeline.json>                            exit 1 on any problem
 *   serve, review apply, audit verify                   see USAGE
 */
import { parseArgs } from 'node:util';
import { runCommand } from './run-command.ts';
import { validateCommand } from './validate-command.ts';
import { reviewApplyCommand } from './review-command.ts';
import { auditVerifyCommand } from './audit-command.ts';
import { serveCommand } from './serve-command.ts';

export const EXIT = { ok: 0, nodeFailed: 1, usage: 2, waitingForReview: 3 } as const;

const USAGE = `Usage:
  crispflow run <pipeline.json> [--data <dir>] [--out <dir>] [--registry <dir>] [--workers <n>]
  crispflow validate <pipeline.json> [--data <dir>]
  crispflow review apply <out> <decisions.csv> [--workers <n>]
  crispflow audit verify <audit.jsonl>
  crispflow serve <pipeline.json> [--port <n>] [--model <file>] [--data <dir>]

run       runs the pipeline in Node; writes <out>/summary.json and exported tables (default --out ./out), and
          for each trained model <out>/models/<node>.model.json (for serve --model) and <node>.card.md
          --registry <dir>: keeps model versions across runs in <dir>/registry.json and
          <dir>/<model>/v<N>/{model.json,card.md,card.html}; identical training is not a new version
validate  checks the pipeline and prints every problem with its node id
review    apply: records review decisions (item_id, decision = accept|override, reason, reviewer) and resumes
          the run waiting in <out>; exit 3 while review is pending, 1 when the file is rejected (nothing changes)
audit     verify: checks the hash-chained audit log; exit 0 intact, 1 naming the first bad entry
serve     trains the pipeline's model (or loads --model) and serves POST /score and GET /health on localhost
Datasets named by source nodes are looked up in --data, then next to the pipeline, then in the built-in samples.`;

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        out: { type: 'string' },
        workers: { type: 'string' },
        port: { type: 'string' },
        model: { type: 'string' },
        registry: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, file] = positionals;
  if (values.help || !command) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const needFile = () => {
    if (!file) console.error(`"crispflow ${command}" needs a pipeline file.\n\n${USAGE}`);
    return Boolean(file);
  };
  const workers = values.workers ? Number(values.workers) : undefined;
  if (workers !== undefined && !(Number.isInteger(workers) && workers > 0)) {
    console.error('--workers must be a positive whole number.');
    return EXIT.usage;
  }
  switch (command) {
    case 'run':
      if (!needFile()) return EXIT.usage;
      return runCommand({ file: file!, dataDir: values.data, outDir: values.out ?? 'out', registryDir: values.registry, workers });
    case 'serve':
      if (!needFile()) return EXIT.usage;
      return serveCommand({
        file: file!,
        dataDir: values.data,
        port: values.port === undefined ? undefined : Number(values.port),
        model: values.model,
      });
    case 'validate':
      if (!needFile()) return EXIT.usage;
      return validateCommand({ file: file!, dataDir: values.data });
    case 'review': {
      const [, sub, outDir, decisionsFile] = positionals;
      if (sub !== 'apply' || !outDir || !decisionsFile) {
        console.error(`Usage: crispflow review apply <out> <decisions.csv>\n\n${USAGE}`);
        return EXIT.usage;
      }
      return reviewApplyCommand({ outDir, decisionsFile, workers });
    }
    case 'audit': {
      const [, sub, logFile] = positionals;
      if (sub !== 'verify' || !logFile) {
        console.error(`Usage: crispflow audit verify <audit.jsonl>\n\n${USAGE}`);
        return EXIT.usage;
      }
      return auditVerifyCommand({ file: logFile });
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return EXIT.usage;
  }
}
