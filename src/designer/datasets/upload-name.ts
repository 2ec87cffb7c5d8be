/** Upload names become dataset ids and file names: keep the base name, no path parts. */
export function uploadName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop()?.trim() ?? '';
  return base || 'dataset.csv';
}
