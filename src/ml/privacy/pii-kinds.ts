/**
 * The kinds of personal data the PII scan (pii-scan.ts) reports, the words the designer shows for them, and
 * how column names are normalised before matching (also used by the protected-attribute suggestions).
 */
export type PiiKind = 'name' | 'email' | 'phone' | 'national-id' | 'passport' | 'bank-account' | 'address' | 'birth-date' | 'free-text';

export const PII_KIND_LABELS: Record<PiiKind, string> = {
  name: 'person names',
  email: 'e-mail addresses',
  phone: 'phone numbers',
  'national-id': 'national id numbers (social security, national insurance…)',
  passport: 'passport numbers',
  'bank-account': 'bank account numbers (IBAN)',
  address: 'street addresses or postcodes',
  'birth-date': 'dates of birth',
  'free-text': 'free text with names or contact details in it',
};

/** Lower case, accents off, every run of other characters one underscore: "E-Mail Address" → "e_mail_address". */
export function normalizeColumnName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
