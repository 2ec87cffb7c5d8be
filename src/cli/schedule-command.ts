/**
 * crispflow schedule export <pipeline.json> --format crontab|systemd|k8s-cronjob [--out <file>] [--data <dir>] [--registry <dir>]
 *
 * Writes (to --out, else stdout) what a server needs to run the pipeline on its `metadata.schedule`: each
 * run is `npx crispflow run <pipeline> --out runs/<name> [--data] [--registry]` from the current folder.
 * Exit codes: 0 written, 2 bad usage, no schedule in the pipeline, or an expression the format cannot express.
 */
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { exportSchedule, jobName, SCHEDULE_FORMATS, ScheduleExportError, type ScheduleFormat } from '../monitoring/schedule-export.ts';
import { EXIT } from './exit-codes.ts';
import { loadPipelineFile } from './load-pipeline.ts';

export async function scheduleExportCommand(o: { pipeline: string; format?: string; out?: string; data?: string; registry?: string }): Promise<number> {
  if (!o.format || !SCHEDULE_FORMATS.includes(o.format as ScheduleFormat)) return (console.error(`--format must be one of ${SCHEDULE_FORMATS.join(', ')}.`), EXIT.usage);
  const { doc, errors } = await loadPipelineFile(o.pipeline);
  if (!doc) return (errors.forEach((e) => console.error(e)), EXIT.usage);
  const schedule = doc.metadata.schedule;
  if (!schedule) {
    console.error(`${o.pipeline} has no schedule. Add one to its metadata, e.g. "schedule": { "cron": "0 6 1 1,4,7,10 *", "timezone": "Europe/Berlin" } (quarterly), or set it in the designer.`);
    return EXIT.usage;
  }
  const name = jobName(doc.metadata.name);
  const argv = ['npx', 'crispflow', 'run', path.resolve(o.pipeline), '--out', path.join('runs', name)];
  if (o.data) argv.push('--data', path.resolve(o.data));
  if (o.registry) argv.push('--registry', path.resolve(o.registry));
  let text: string;
  try {
    text = exportSchedule(o.format as ScheduleFormat, schedule, { name, argv, workingDirectory: process.cwd() });
  } catch (e) {
    if (e instanceof ScheduleExportError) return (console.error(e.message), EXIT.usage);
    throw e;
  }
  if (o.out) {
    await writeFileAtomic(o.out, text);
    console.error(`Wrote ${o.format} for "${doc.metadata.name}" (${schedule.cron}) to ${o.out}.`);
  } else process.stdout.write(text);
  return EXIT.ok;
}
