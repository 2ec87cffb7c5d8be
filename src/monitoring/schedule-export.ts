/**
 * What a server needs to run a pipeline on its schedule: a crontab line, a systemd service + timer, or a
 * Kubernetes CronJob. The cron expression is the pipeline's `metadata.schedule` (src/core/schedule.ts).
 *
 * systemd's OnCalendar has no day-of-month-OR-day-of-week rule (cron runs when either matches, when both
 * are restricted); such an expression is refused for systemd with a message rather than exported wrong.
 */
import { cronFields, type PipelineSchedule } from '../core/schedule.ts';

export type ScheduleFormat = 'crontab' | 'systemd' | 'k8s-cronjob';
export const SCHEDULE_FORMATS: readonly ScheduleFormat[] = ['crontab', 'systemd', 'k8s-cronjob'];

export class ScheduleExportError extends Error {}

export interface ScheduledCommand {
  /** A name for units and jobs: lower-case letters, digits and "-". */
  name: string;
  /** The command's arguments, e.g. ["npx", "crispflow", "run", "/srv/p.pipeline.json", "--out", "…"]. */
  argv: string[];
  workingDirectory: string;
  /** Container image for Kubernetes (default node:20-slim with the project mounted at workingDirectory). */
  image?: string;
}

const DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Expands one cron field into its values (sorted), or null for "*". */
export function expandField(field: string, min: number, max: number): number[] | null {
  if (field === '*' || field === '?') return null;
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(part);
    if (!m) throw new ScheduleExportError(`The cron field "${field}" uses "${part}", which the export cannot translate; use numbers, ranges (1-5), lists (1,15) and steps (*/3).`);
    const from = m[1] === '*' ? min : Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : m[1] === '*' || m[3] !== undefined ? max : from;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    for (let v = from; v <= to; v += step) out.add(max === 7 && v === 7 ? 0 : v);
  }
  return [...out].sort((a, b) => a - b);
}

const two = (v: number) => String(v).padStart(2, '0');
const list = (vals: number[] | null, pad = true) => (vals === null ? '*' : vals.map((v) => (pad ? two(v) : String(v))).join(','));

/** The cron expression as a systemd OnCalendar value. */
export function onCalendar(s: PipelineSchedule): string {
  const [mi, h, dom, mon, dow] = cronFields(s);
  const minutes = expandField(mi, 0, 59);
  const hours = expandField(h, 0, 23);
  const days = expandField(dom, 1, 31);
  const months = expandField(mon, 1, 12);
  const weekdays = expandField(dow, 0, 7);
  if (days && weekdays) {
    throw new ScheduleExportError(`"${s.cron}" restricts both the day of the month and the day of the week; cron runs when either matches, systemd only when both do. Split it into two schedules for systemd.`);
  }
  const dayPart = weekdays ? `${weekdays.map((d) => DOW[d]).join(',')} ` : '';
  return `${dayPart}*-${list(months)}-${list(days)} ${list(hours)}:${list(minutes)}:00${s.timezone ? ` ${s.timezone}` : ''}`;
}

const shellQuote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
const yamlQuote = (a: string) => JSON.stringify(a);

export function exportSchedule(format: ScheduleFormat, s: PipelineSchedule, c: ScheduledCommand): string {
  const command = c.argv.map(shellQuote).join(' ');
  switch (format) {
    case 'crontab': {
      const expr = cronFields(s).join(' ');
      return [
        `# Crispflow: ${c.name} (${s.cron}${s.timezone ? `, ${s.timezone}` : ', UTC'}). Install with: crontab -l | cat - <this file> | crontab -`,
        // cronie and systemd-cron read CRON_TZ; other crons use the server's time zone.
        `CRON_TZ=${s.timezone ?? 'UTC'}`,
        `${expr} cd ${shellQuote(c.workingDirectory)} && ${command} >> ${shellQuote(`${c.name}.log`)} 2>&1`,
        '',
      ].join('\n');
    }
    case 'systemd':
      return [
        `# ${c.name}.service`,
        '[Unit]',
        `Description=Crispflow scheduled run: ${c.name}`,
        '',
        '[Service]',
        'Type=oneshot',
        `WorkingDirectory=${c.workingDirectory}`,
        `ExecStart=/usr/bin/env ${command}`,
        '',
        `# ${c.name}.timer`,
        '[Unit]',
        `Description=Crispflow schedule for ${c.name} (${s.cron})`,
        '',
        '[Timer]',
        `OnCalendar=${onCalendar(s)}`,
        // A run missed while the machine was off runs once at the next boot, as the studio catches up.
        'Persistent=true',
        '',
        '[Install]',
        'WantedBy=timers.target',
        '',
      ].join('\n');
    case 'k8s-cronjob':
      return [
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata:',
        `  name: ${c.name}`,
        'spec:',
        `  schedule: ${yamlQuote(cronFields(s).join(' '))}`,
        `  timeZone: ${yamlQuote(s.timezone ?? 'Etc/UTC')}`,
        '  concurrencyPolicy: Forbid',
        '  startingDeadlineSeconds: 86400',
        '  jobTemplate:',
        '    spec:',
        '      backoffLimit: 0',
        '      template:',
        '        spec:',
        '          restartPolicy: Never',
        '          containers:',
        '            - name: crispflow',
        `              image: ${yamlQuote(c.image ?? 'node:20-slim')}`,
        `              workingDir: ${yamlQuote(c.workingDirectory)}`,
        `              command: [${c.argv.map(yamlQuote).join(', ')}]`,
        '              # Mount the project (and its workspace/registry) at workingDir, e.g. with a PersistentVolumeClaim.',
        '',
      ].join('\n');
  }
}

/** A unit/job name from a pipeline name. */
export const jobName = (pipelineName: string) =>
  `crispflow-${pipelineName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'pipeline'}`;

export { DOW, list as cronList };
