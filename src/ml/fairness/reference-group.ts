/** The reference-group value that means "the group with the highest selection rate". */
export const AUTO_REFERENCE = 'auto';

export function isAutoReference(value: string | undefined): boolean {
  return (value ?? '').trim().toLowerCase() === AUTO_REFERENCE;
}
