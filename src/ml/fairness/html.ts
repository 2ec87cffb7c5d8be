/** Number formatting for the printable fairness reports (escaping lives in src/core/escape.ts). */
export function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}
