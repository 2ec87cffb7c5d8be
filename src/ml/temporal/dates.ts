/** Date arithmetic on UTC millisecond timestamps (the table's date representation). */
export const DAY_MS = 86_400_000;
export const YEAR_DAYS = 365.25;

/** The same day of month k calendar months later (clamped to the month's last day), in UTC. */
export function addMonths(ms: number, k: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + k;
  const target = new Date(Date.UTC(y, m, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

export type DateUnit = 'days' | 'weeks' | 'months' | 'years';

/** b − a in the unit: days and weeks exactly, months and years as average lengths (365.25/12 days). */
export function dateDifference(a: number, b: number, unit: DateUnit): number {
  const days = (b - a) / DAY_MS;
  switch (unit) {
    case 'days':
      return days;
    case 'weeks':
      return days / 7;
    case 'months':
      return days / (YEAR_DAYS / 12);
    case 'years':
      return days / YEAR_DAYS;
  }
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseIsoDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}
