import { describe, expect, it } from 'vitest';
import { nextScheduledRun, lastScheduledRun, scheduleProblem } from '../core/schedule.ts';
import { expandField, exportSchedule, onCalendar, ScheduleExportError } from './schedule-export.ts';

describe('schedules', () => {
  it('checks five-field cron expressions and time zones with croner', () => {
    expect(scheduleProblem({ cron: '0 6 1 1,4,7,10 *' })).toBeNull();
    expect(scheduleProblem({ cron: '@weekly' })).toBeNull();
    expect(scheduleProblem({ cron: '0 0 6 1 1,4,7,10 *' })).toMatch(/not a five-field cron expression/);
    expect(scheduleProblem({ cron: '0 6 * * *', timezone: 'Mars/Olympus' })).toMatch(/time zone/);
  });

  it('finds the next and the latest due time (quarterly, Berlin time)', () => {
    const s = { cron: '0 6 1 1,4,7,10 *', timezone: 'Europe/Berlin' };
    expect(nextScheduledRun(s, new Date('2026-12-07T00:00:00Z'))!.toISOString()).toBe('2027-01-01T05:00:00.000Z');
    expect(lastScheduledRun(s, new Date('2026-12-07T00:00:00Z'))!.toISOString()).toBe('2026-10-01T04:00:00.000Z');
    // A due time exactly now counts as due.
    expect(lastScheduledRun(s, new Date('2026-10-01T04:00:00Z'))!.toISOString()).toBe('2026-10-01T04:00:00.000Z');
  });

  it('expands cron fields and writes systemd OnCalendar values', () => {
    expect(expandField('*/15', 0, 59)).toEqual([0, 15, 30, 45]);
    expect(expandField('1-5', 0, 7)).toEqual([1, 2, 3, 4, 5]);
    expect(expandField('0,7', 0, 7)).toEqual([0]);
    expect(expandField('*', 1, 12)).toBeNull();
    expect(onCalendar({ cron: '30 2 * * 1-5' })).toBe('Mon,Tue,Wed,Thu,Fri *-*-* 02:30:00');
    expect(onCalendar({ cron: '@monthly', timezone: 'UTC' })).toBe('*-*-01 00:00:00 UTC');
    expect(() => onCalendar({ cron: '0 6 1 * 1' })).toThrow(ScheduleExportError);
  });

  it('quotes arguments for the shell and YAML', () => {
    const c = { name: 'crispflow-x', argv: ['npx', 'crispflow', 'run', "/srv/it's.pipeline.json"], workingDirectory: '/srv/hr data' };
    expect(exportSchedule('crontab', { cron: '0 6 * * *' }, c)).toContain(`0 6 * * * cd '/srv/hr data' && npx crispflow run '/srv/it'\\''s.pipeline.json'`);
    expect(exportSchedule('k8s-cronjob', { cron: '0 6 * * *' }, c)).toContain(`command: ["npx", "crispflow", "run", "/srv/it's.pipeline.json"]`);
  });
});
