/**
 * The headless runner (`npx crispflow`). Contract in DESIGN.md; every exit code is listed in exit-codes.ts:
 *   run <pipeline.json> [--data <dir>] [--out <dir>] [--registry <dir>]   exit 0 ok, 1 a node failed, 2 bad usage / invalid pipeline, 3 waiting for review
 *   validate <pipeline.json>                            exit 1 on any problem
 *   serve, review apply, audit verify                   see USAGE
 * Anything unexpected becomes exit 5 with a one-line message (the stack trace with CRISPFLOW_DEBUG=1).
 * Every command's module is imported when that command runs (dynamic import, its own bundle chunk): a
 * command pays only for the code it uses (the studio does not load the runner, the ML kernels or TF.js).
 */
import { parseArgs } from 'node:util';
import { EXIT, isDocumentedExitCode } from './exit-codes.ts';

const USAGE = `Usage:
  crispflow run <pipeline.json> [--data <dir>] [--out <dir>] [--registry <dir>] [--workers <n>] [--memory-budget <MB>] [--nodes <package-or-folder>]...
  crispflow run <pipeline.json> --only <node>[,<node>...] [--inputs <dir>]... --out <dir>   |   --collect --inputs <dir>... --out <dir>
  crispflow validate <pipeline.json> [--data <dir>] [--nodes <package-or-folder>]...
  crispflow run <template.json> --map <mapping.json> [--data <dir>] [--out <dir>]    a template on your own data
  crispflow template roles <template.json>   |   template apply <template.json> --map <mapping.json> --out <pipeline.json>
  crispflow review apply <out> <decisions.csv> [--workers <n>] [--nodes <package-or-folder>]...
  crispflow audit verify|seal <audit.jsonl> [--audit-key <file>]
  crispflow pull <connection.json> [--workspace <dir>] [--audit-key <file>]
  crispflow connection test <connection.json> [--workspace <dir>]
  crispflow monitor <model>@v<N> --data <batch.csv> [--registry <dir>] [--reference <csv>] [--outcomes <csv>] [--protected <col>]
                  [--period <date column> [--granularity quarter]] [--retrain <pipeline.json>] [--prepared]
  crispflow monitor history <model> [--registry <dir>] [--json]
  crispflow score <model>@v<N>|<model.json> --input <rows.csv> --out <scored.csv> [--registry <dir>] [--score-log <file.jsonl>] [--prepared]
  crispflow score <model>@v<N>|<model.json> --input <rows.csv>... --shard i/n --out <dir>   then   crispflow score merge <dir> --shards n --out <scored.csv>
  crispflow retrain <pipeline.json> --champion <model>@v<N> --data <newest.csv|dir> [--holdout <csv>] [--registry <dir>] [--requester <name>]
  crispflow approve <model>@v<N> --approver <name> [--requester <name>] [--registry <dir>]
  crispflow schedule export <pipeline.json> --format crontab|systemd|k8s-cronjob [--out <file>]
  crispflow export <model.json>|<model>@v<N>|registry:<model>@v<N> --target onnx|mlflow --out <dir> [--registry <dir>]
  crispflow export <pipeline.json> --target argo|kfp [--image <ref>] [--data <dir in the container>] --out <file.yaml>
  crispflow serve <pipeline.json> [--port <n>] [--model <file>] [--data <dir>] [--host <addr>] [--allow-host <name>] [--prepared]
  crispflow serve --model <model.json>|<model>@v<N> [--registry <dir>] [--prepared] [--port <n>] …   (a trained model, no pipeline)
                  [--token <t>] [--max-rows <n>] [--max-body-bytes <n>] [--score-timeout <s>] [--workers <n>] [--nodes <package-or-folder>]...
                  [--score-log <file.jsonl> [--id <row field>]]

run       runs the pipeline in Node; writes <out>/summary.json and exported tables (default --out ./out), and
          for each trained model <out>/models/<node>.model.json (for serve --model) and <node>.card.md
          --registry <dir>: keeps model versions across runs in <dir>/registry.json and
          <dir>/<model>/v<N>/{model.json,card.md,card.html}; identical training is not a new version
          and <out>/models/<node>.onnx where the model has an exact ONNX form (docs/export.md)
          --only: runs just those nodes (a cluster step), reading what they need from the --inputs folders of earlier
          steps (artifacts/<node>/<port>.v8) and writing their outputs there in --out; --collect merges the steps'
          summaries into one summary.json (no audit entry is written for cluster steps)
          --out also receives reports/ (bias audit, fairness, SHAP summary, keyword bias: HTML and CSV)
          --map <mapping.json>: applies a column mapping to a template first ({ "roles": { "<role>": "<your column or value>" } })
          --memory-budget <MB>: while the run holds more results than this (tables waiting for the steps that read
          them, and what it keeps), steps run one at a time instead of side by side (default: no limit)
validate  checks the pipeline and prints every problem with its node id
template  roles: the roles a template needs (target and favourable value, protected attributes, id, dates, text, columns)
          and an example mapping file; apply: writes the template mapped to your columns (a required role left empty is refused)
review    apply: records review decisions (item_id, decision = accept|override, reason, reviewer) and resumes
          the run waiting in <out>; exit 3 while review is pending, 1 when the file is rejected (nothing changes)
audit     verify: checks the authenticated, hash-chained audit log and its anchor; exit 0 intact, 1 naming the
          first problem (or an unauthenticated legacy log), 2 when the log or the key cannot be read
          seal: pins a legacy (pre-authentication) log with an authenticated entry, after you have checked it
          The audit key (HMAC) is --audit-key <file>, else $CRISPFLOW_AUDIT_KEY_FILE, else
          ~/.config/crispflow/audit.key (created on first run, readable only by you; run and review use it too)
serve     trains the pipeline's model (or loads --model: a model file or a registry version) and serves POST /score
          and GET /health on 127.0.0.1; rows are raw data, prepared by the model's scoring pipeline as in training
          (--prepared: rows already hold the model's input)
          (--host to change); every route but /health needs "Authorization: Bearer <token>": the token is
          generated and printed at start, or set with CRISPFLOW_SERVE_TOKEN (or --token, visible to ps);
          Host must be 127.0.0.1, localhost, [::1] (with the port) or an --allow-host value; a request may
          hold at most --max-rows rows (10000) and --max-body-bytes (8 MiB), and is stopped after
          --score-timeout seconds (30)
studio    serves the designer and its local API (docs/studio-api.md) on http://127.0.0.1:4173 (--port; the next
          free port when 4173 is taken) for the workspace --workspace (default ./crispflow-workspace: datasets/,
          snapshots/, registry/ as for run --registry, runs/, audit.jsonl); prints the address with this session's
          token (every /api call needs it); --open opens it in the browser; the designer loads the node packages
          of the workspace's crispflow-workspace.json ("nodePackages") and --nodes
pull      pulls a connection (Workday, BambooHR, Greenhouse, generic HTTPS; docs/connectors.md) into a new snapshot
          <workspace>/snapshots/<name>/<time>/{data.csv,meta.json} (default workspace ./crispflow-workspace or
          $CRISPFLOW_WORKSPACE); a failed pull saves nothing; pipelines read it as dataset "snapshot:<name>/latest"
          with --data <workspace>; exit 1 when the pull failed, 2 when the connection file is unusable
connection test: reaches the source with the connection's settings and secrets and reads the first records
Datasets named by source nodes are looked up in --data, then next to the pipeline, then in the built-in samples.
--nodes <package-or-folder> (repeatable; run, validate, serve, review apply and studio): adds the nodes of a node package (a folder or an
          installed npm package with a Crispflow manifest, see docs/extending.md); one that cannot be used is
          reported and left out, the built-in nodes always load
monitor   audits a batch with a registered model version (drift per feature and of the score, fairness per group,
          realised AUC and calibration when outcomes are known) and keeps a dated record in the version's
          monitoring/ folder, announced in the registry's audit log (docs/monitoring.md); exit 4 when an alert fired
          history: the records of a model as a table (--json for the raw records)
score     scores a CSV with a model version; --score-log appends one JSON line per row (model version, id, score)
          --shard i/n: scores the i-th block of the --input files (or of the rows of a single file) into
          <dir>/part-i-of-n.csv; merge concatenates the n parts in order, or names the missing shards (exit 1)
retrain   trains a challenger with the pipeline on the newest data, compares it with the champion on a holdout
          (report beside the version) and marks it challenger; approve promotes it (approver ≠ requester)
export    --target argo|kfp: the pipeline as an Argo Workflow (CronWorkflow with a schedule) or a Kubeflow Pipelines v2
          spec, one step per node in the image --image (Dockerfile), outputs passed as artifacts; human review refused
schedule  export: what a server needs to run the pipeline's schedule (crontab line, systemd timer, Kubernetes CronJob)
Exit codes: 0 ok, 1 failed (a node, validation, verification), 2 bad usage or invalid pipeline,
3 waiting for human review, 4 a monitoring alert fired (monitor), 5 unexpected internal error (set CRISPFLOW_DEBUG=1 for details).`;

/** Runs one command; always resolves to a documented exit code (exit-codes.ts), whatever goes wrong inside. */
export async function main(argv: string[]): Promise<number> {
  try {
    const code = await dispatch(argv);
    if (isDocumentedExitCode(code)) return code;
    console.error(`crispflow: internal error: the command ended with the undocumented code ${String(code)}. Please report this.`);
    return EXIT.internalError;
  } catch (e) {
    reportUnexpected(e);
    return EXIT.internalError;
  }
}

/** One clear line for the user; the stack trace only for whoever debugs (CRISPFLOW_DEBUG=1). */
export function reportUnexpected(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`crispflow: internal error: ${message}`);
  if (process.env.CRISPFLOW_DEBUG === '1' && e instanceof Error && e.stack) console.error(e.stack);
  else console.error('This is a bug in Crispflow; nothing more was done. Run again with CRISPFLOW_DEBUG=1 for the stack trace, and please report it.');
}

async function dispatch(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        out: { type: 'string' },
        workers: { type: 'string' },
        'memory-budget': { type: 'string' },
        port: { type: 'string' },
        model: { type: 'string' },
        registry: { type: 'string' },
        'audit-key': { type: 'string' },
        nodes: { type: 'string', multiple: true },
        host: { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        token: { type: 'string' },
        'max-rows': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'score-timeout': { type: 'string' },
        workspace: { type: 'string' },
        open: { type: 'boolean' },
        // monitor, score, retrain, approve, schedule export (issue 15)
        reference: { type: 'string' },
        outcomes: { type: 'string' },
        id: { type: 'string' },
        protected: { type: 'string' },
        privileged: { type: 'string' },
        period: { type: 'string' },
        granularity: { type: 'string' },
        'min-rows': { type: 'string' },
        retrain: { type: 'string' },
        prepared: { type: 'boolean' },
        json: { type: 'boolean' },
        input: { type: 'string', multiple: true },
        'score-log': { type: 'string' },
        champion: { type: 'string' },
        holdout: { type: 'string' },
        requester: { type: 'string' },
        approver: { type: 'string' },
        note: { type: 'string' },
        format: { type: 'string' },
        pipeline: { type: 'string' },
        // score --shard, score merge, export --target argo|kfp, run --only (issue 16)
        shard: { type: 'string' },
        shards: { type: 'string' },
        only: { type: 'string', multiple: true },
        inputs: { type: 'string', multiple: true },
        collect: { type: 'boolean' },
        image: { type: 'string' },
        target: { type: 'string' },
        map: { type: 'string' },
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
    case 'run': {
      if (!needFile()) return EXIT.usage;
      if (values.only || values.collect) {
        // One step of a cluster workflow (issue 16): src/cli/run-step.ts.
        const { runStepCommand } = await import('./run-step.ts');
        return runStepCommand({ file: file!, only: values.only, collect: values.collect, inputs: values.inputs, outDir: values.out ?? 'out', dataDir: values.data, workers, nodePackages: values.nodes });
      }
      const memoryBudgetMb = values['memory-budget'] === undefined ? undefined : Number(values['memory-budget']);
      if (memoryBudgetMb !== undefined && !(Number.isFinite(memoryBudgetMb) && memoryBudgetMb > 0)) {
        console.error(`--memory-budget must be a positive number of megabytes (MB), e.g. --memory-budget 2048; got "${values['memory-budget']}".`);
        return EXIT.usage;
      }
      // The workers start before the runner's modules load (~0.1 s): they load theirs on the other cores
      // meanwhile. With node packages they must load those too, so run-command starts them once checked.
      const pool = values.nodes?.length ? undefined : (await import('../runtime/node/node-pool.ts')).createNodePool({ size: workers });
      const { runCommand } = await import('./run-command.ts');
      return runCommand({ file: file!, dataDir: values.data, outDir: values.out ?? 'out', registryDir: values.registry, auditKeyFile: values['audit-key'], workers, nodePackages: values.nodes, mapFile: values.map, memoryBudgetMb, pool });
    }
    case 'serve': {
      // A model file or registry version given with --model needs no pipeline.
      if (!values.model && !needFile()) return EXIT.usage;
      const { serveCommand } = await import('./serve-command.ts');
      return serveCommand({
        file,
        dataDir: values.data,
        port: values.port === undefined ? undefined : Number(values.port),
        model: values.model,
        registry: values.registry,
        prepared: values.prepared,
        host: values.host,
        allowHosts: values['allow-host'],
        token: values.token,
        maxRows: values['max-rows'] === undefined ? undefined : Number(values['max-rows']),
        maxBodyBytes: values['max-body-bytes'] === undefined ? undefined : Number(values['max-body-bytes']),
        scoreTimeoutSeconds: values['score-timeout'] === undefined ? undefined : Number(values['score-timeout']),
        workers,
        nodePackages: values.nodes,
        scoreLog: values['score-log'],
        scoreLogId: values.id,
      });
    }
    case 'studio': {
      // Loaded on demand: the studio's server code is not needed by the other commands.
      const { studioCommand } = await import('../studio/studio-command.ts');
      return studioCommand({
        workspace: values.workspace,
        port: values.port === undefined ? undefined : Number(values.port),
        host: values.host,
        allowHosts: values['allow-host'],
        open: values.open,
        auditKeyFile: values['audit-key'],
        nodePackages: values.nodes,
      });
    }
    case 'pull': {
      if (!file) return (console.error(`"crispflow pull" needs a connection file.\n\n${USAGE}`), EXIT.usage);
      const { pullCommand } = await import('./pull-command.ts');
      return pullCommand({ file, workspace: values.workspace, auditKeyFile: values['audit-key'] });
    }
    case 'connection': {
      const [, sub, connFile] = positionals;
      if (sub !== 'test' || !connFile) return (console.error(`Usage: crispflow connection test <connection.json>\n\n${USAGE}`), EXIT.usage);
      const { connectionTestCommand } = await import('./connection-command.ts');
      return connectionTestCommand({ file: connFile, workspace: values.workspace });
    }
    case 'monitor': {
      const { monitorCommand, monitorHistoryCommand } = await import('./monitor-command.ts');
      if (file === 'history') {
        const model = positionals[2];
        if (!model) return (console.error(`Usage: crispflow monitor history <model> [--registry <dir>] [--json]\n\n${USAGE}`), EXIT.usage);
        return monitorHistoryCommand({ model, registry: values.registry, json: values.json });
      }
      if (!file) return (console.error(`"crispflow monitor" needs a model version (<model>@v<N> or a version folder).\n\n${USAGE}`), EXIT.usage);
      return monitorCommand({
        ref: file,
        data: values.data,
        registry: values.registry,
        reference: values.reference,
        outcomes: values.outcomes,
        id: values.id,
        protected: values.protected,
        privileged: values.privileged,
        period: values.period,
        granularity: values.granularity,
        minRows: values['min-rows'],
        auditKeyFile: values['audit-key'],
        retrain: values.retrain,
        requester: values.requester,
        prepared: values.prepared,
      });
    }
    case 'score': {
      if (file === 'merge') {
        const { scoreMergeCommand } = await import('./score-shards.ts');
        return scoreMergeCommand({ dir: positionals[2], shards: values.shards, out: values.out });
      }
      const { scoreCommand } = await import('./score-command.ts');
      return scoreCommand({ model: file, input: values.input?.[0], inputs: values.input, shard: values.shard, out: values.out, registry: values.registry, id: values.id, scoreLog: values['score-log'], prepared: values.prepared });
    }
    case 'retrain': {
      if (!needFile()) return EXIT.usage;
      const { retrainCommand } = await import('./retrain-command.ts');
      return retrainCommand({ pipeline: file!, champion: values.champion, data: values.data, holdout: values.holdout, registry: values.registry, out: values.out, requester: values.requester, protected: values.protected, privileged: values.privileged, auditKeyFile: values['audit-key'] });
    }
    case 'export': {
      const { exportCommand } = await import('./export-command.ts');
      return exportCommand({ ref: file, target: values.target, out: values.out, registry: values.registry, image: values.image, data: values.data });
    }
    case 'approve': {
      const { approveCommand } = await import('./approve-command.ts');
      return approveCommand({ ref: file, approver: values.approver, requester: values.requester, registry: values.registry, note: values.note, auditKeyFile: values['audit-key'] });
    }
    case 'schedule': {
      const { scheduleExportCommand } = await import('./schedule-command.ts');
      const pipelineFile = positionals[2];
      if (file !== 'export' || !pipelineFile) return (console.error(`Usage: crispflow schedule export <pipeline.json> --format crontab|systemd|k8s-cronjob [--out <file>]\n\n${USAGE}`), EXIT.usage);
      return scheduleExportCommand({ pipeline: pipelineFile, format: values.format, out: values.out, data: values.data, registry: values.registry });
    }
    case 'template': {
      // template roles <template> | template apply <template> --map <mapping.json> --out <pipeline.json>
      const [, sub, templateFile] = positionals;
      const { templateApplyCommand, templateRolesCommand } = await import('./template-command.ts');
      if (sub === 'roles' && templateFile) return templateRolesCommand(templateFile);
      if (sub === 'apply' && templateFile) return templateApplyCommand({ file: templateFile, mapFile: values.map, outFile: values.out });
      console.error(`Usage: crispflow template roles <template.json> | template apply <template.json> --map <mapping.json> --out <pipeline.json>\n\n${USAGE}`);
      return EXIT.usage;
    }
    case 'validate': {
      if (!needFile()) return EXIT.usage;
      const { validateCommand } = await import('./validate-command.ts');
      return validateCommand({ file: file!, dataDir: values.data, nodePackages: values.nodes });
    }
    case 'review': {
      const [, sub, outDir, decisionsFile] = positionals;
      if (sub !== 'apply' || !outDir || !decisionsFile) {
        console.error(`Usage: crispflow review apply <out> <decisions.csv>\n\n${USAGE}`);
        return EXIT.usage;
      }
      const { reviewApplyCommand } = await import('./review-command.ts');
      return reviewApplyCommand({ outDir, decisionsFile, workers, auditKeyFile: values['audit-key'], nodePackages: values.nodes });
    }
    case 'audit': {
      const [, sub, logFile] = positionals;
      if ((sub !== 'verify' && sub !== 'seal') || !logFile) {
        console.error(`Usage: crispflow audit verify|seal <audit.jsonl> [--audit-key <file>]\n\n${USAGE}`);
        return EXIT.usage;
      }
      const { auditSealCommand, auditVerifyCommand } = await import('./audit-command.ts');
      return (sub === 'seal' ? auditSealCommand : auditVerifyCommand)({ file: logFile, keyFile: values['audit-key'] });
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return EXIT.usage;
  }
}
