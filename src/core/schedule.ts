/**
 * A pipeline's schedule (`metadata.schedule`): a standard five-field cron expression (minute hour
 * day-of-month month day-of-week, or a nickname such as @daily), optionally with an IANA time zone
 * (default UTC), read and checked with croner. Five fields only, so that crontab, systemd timers and
 * Kubernetes CronJobs (`crispflow schedule export`) mean the same times as the studio's scheduler.
 */
import { Cron } from 'croner';
import { z } from 'zod';

export interface PipelineSchedule {
  cron: string;
  timezone?: string;
}

const cronOf = (s: PipelineSchedule) => new Cron(s.cron, { paused: true, mode: '5-part', timezone: s.timezone ?? 'UTC' });

/** Why the schedule cannot be used, or null. */
export function scheduleProblem(s: PipelineSchedule): string | null {
  try {
    cronOf(s).nextRun();
    return null;
  } catch (e) {
    return `The schedule "${s.cron}"${s.timezone ? ` (${s.timezone})` : ''} is not a five-field cron expression with a valid time zone: ${(e as Error).message}. Example: "0 6 1 1,4,7,10 *" (06:00 on the first day of each quarter).`;
  }
}

export const PipelineScheduleSchema = z
  .object({
    cron: z.string().meta({ description: 'Five-field cron expression (minute hour day-of-month month day-of-week) or a nickname (@daily, @weekly, @monthly, @yearly).' }),
    timezone: z.string().optional().meta({ description: 'IANA time zone the expression is read in (default UTC).' }),
  })
  .superRefine((s, ctx) => {
    const problem = scheduleProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['cron'] });
  })
  .meta({ description: 'When the pipeline runs by itself (the studio runs it; crispflow schedule export writes crontab, systemd or Kubernetes files).' });

/** The next run strictly after `after`, or null when the expression never fires again. */
export function nextScheduledRun(s: PipelineSchedule, after: Date): Date | null {
  return cronOf(s).nextRun(after);
}

/** The latest scheduled time at or before `now` (null if none), for catching up a missed run. */
export function lastScheduledRun(s: PipelineSchedule, now: Date): Date | null {
  return cronOf(s).previousRuns(1, new Date(now.getTime() + 1))[0] ?? null;
}

/** The five fields of the expression (nicknames expanded). */
export function cronFields(s: PipelineSchedule): string[] {
  return cronOf(s).getPattern()!.trim().split(/\s+/);
}
