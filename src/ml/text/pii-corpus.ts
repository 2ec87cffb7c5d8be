/**
 * A seeded, labelled set of resume lines and HR comments with personal data in them, for measuring the
 * anonymiser's recall and precision per category (pii-eval.ts, BENCHMARKS.md "Privacy (issue 12)").
 *
 * Each text is assembled from pieces, so the exact span of every piece of personal data is known.
 * The set is deliberately not tuned to the anonymiser: a fifth of first names and half of the surnames
 * are outside its name lists, names come in title, lower and upper case, phone numbers in US, UK,
 * French and German styles, and the sentences carry look-alikes that must stay (years, ranges,
 * percentages, versions, money, ticket ids, "grace period", "Julia" the language, start dates).
 */
import { createRng, type Rng } from '../../core/rng.ts';
import type { AnonymizeCategory } from './anonymize.ts';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES } from './lexicons.ts';

/** The categories the labelled set annotates (pronouns and gendered words are exact list look-ups). */
export type PiiCategory = Extract<AnonymizeCategory, 'names' | 'emails' | 'phones' | 'urls' | 'addresses' | 'birthdates' | 'ids'>;
export const PII_CATEGORIES: readonly PiiCategory[] = ['names', 'emails', 'phones', 'urls', 'addresses', 'birthdates', 'ids'];

export interface GoldSpan {
  start: number;
  end: number;
  category: PiiCategory;
}

export interface AnnotatedText {
  text: string;
  spans: GoldSpan[];
}

type Piece = string | { text: string; category: PiiCategory };

const OTHER_FIRST = ['Siobhan', 'Thandiwe', 'Oluwaseun', 'Anneliese', 'Kwame', 'Ingeborg', 'Dmitri', 'Aoife', 'Mateo', 'Bartholomew', 'Saoirse', 'Tomasz', 'Leilani', 'Björn', 'Chidi', 'Renée'];
const OTHER_SURNAMES = ['Doe', 'Lindqvist', 'Okonkwo', 'Moreau', 'Brennan', 'Kowalczyk', 'Nakamura', 'Fitzgerald', 'Achterberg', 'Papadopoulos', "O'Brien", 'Haugen', 'Delacroix', 'Ferreira', 'Quispe', 'Van der Berg'];
const DOMAINS = ['gmail.com', 'outlook.com', 'example.org', 'acme-corp.com', 'mail.co.uk', 'web.de'];
const STREETS_EN = ['Baker Street', 'Elm St.', 'Oak Lane', 'Pennsylvania Ave NW', 'Maple Avenue', 'King Road', 'Victoria Rd', 'Church Close', 'Mill Lane', 'Sunset Boulevard'];
const CITIES_EN = ['London NW1 6XE', 'Springfield, IL 62704', 'Manchester M1 2AB', 'Austin, TX 78701', 'Leeds LS1 4AP'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pick = <T>(r: Rng, a: readonly T[]): T => a[r.int(a.length)];
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => String(r.int(10))).join('');
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface Person {
  first: string;
  last: string;
}

function person(r: Rng): Person {
  const first = r.next() < 0.8 ? cap(pick(r, r.next() < 0.5 ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES)) : pick(r, OTHER_FIRST);
  const last = r.next() < 0.5 ? cap(pick(r, SURNAMES)) : pick(r, OTHER_SURNAMES);
  return { first, last };
}

/** "Jane Doe" as two name pieces (the anonymiser masks word by word), in the given case. */
function namePieces(p: Person, style: 'title' | 'lower' | 'upper'): Piece[] {
  const f = style === 'lower' ? p.first.toLowerCase() : style === 'upper' ? p.first.toUpperCase() : p.first;
  const l = style === 'lower' ? p.last.toLowerCase() : style === 'upper' ? p.last.toUpperCase() : p.last;
  return [{ text: f, category: 'names' }, ' ', { text: l, category: 'names' }];
}

function nameStyle(r: Rng): 'title' | 'lower' | 'upper' {
  const u = r.next();
  return u < 0.7 ? 'title' : u < 0.85 ? 'lower' : 'upper';
}

function email(r: Rng, p: Person): string {
  const local = `${p.first}.${p.last}`.toLowerCase().replace(/[^a-z.]/g, '') + (r.next() < 0.5 ? digits(r, 2) : '');
  const [host, ...tld] = pick(r, DOMAINS).split('.');
  switch (r.int(6)) {
    case 0:
      return `${local} (at) ${host} (dot) ${tld.join(' (dot) ')}`;
    case 1:
      return `${local} at ${host} dot ${tld.join(' dot ')}`;
    case 2:
      return `${local}[at]${host}[.]${tld.join('[.]')}`;
    default:
      return `${local}@${host}.${tld.join('.')}`;
  }
}

function phone(r: Rng): string {
  switch (r.int(9)) {
    case 0:
      return `(${digits(r, 3)}) ${digits(r, 3)}-${digits(r, 4)}`;
    case 1:
      return `${digits(r, 3)}-${digits(r, 3)}-${digits(r, 4)}`;
    case 2:
      return `+1 ${digits(r, 3)} ${digits(r, 3)} ${digits(r, 4)}`;
    case 3:
      return `+44 20 ${digits(r, 4)} ${digits(r, 4)}`;
    case 4:
      return `07${digits(r, 3)} ${digits(r, 6)}`;
    case 5:
      return `+33 6 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`;
    case 6:
      return `0${1 + r.int(9)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`;
    case 7:
      return `+49 30 ${digits(r, 4)} ${digits(r, 4)}`;
    default:
      return `${digits(r, 3)}.${digits(r, 3)}.${digits(r, 4)} ext. ${digits(r, 3)}`;
  }
}

function address(r: Rng): string {
  switch (r.int(6)) {
    case 0:
      return `12 rue ${pick(r, ['de la Paix', 'Victor Hugo', 'des Lilas'])}, 750${digits(r, 2)} Paris`;
    case 1:
      return `${pick(r, ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Lindenallee'])} ${1 + r.int(120)}, 10${digits(r, 3)} Berlin`;
    case 2:
      return `Calle ${pick(r, ['Mayor', 'de Alcalá', 'Serrano'])} ${1 + r.int(200)}`;
    case 3:
      return `${1 + r.int(300)} ${pick(r, ['maple avenue', 'church road', 'mill lane'])}`;
    default:
      return `${1 + r.int(2000)}${r.next() < 0.2 ? 'B' : ''} ${pick(r, STREETS_EN)}${r.next() < 0.6 ? `, ${pick(r, CITIES_EN)}` : ''}`;
  }
}

function birthDate(r: Rng): { cue: string; date: string } {
  const y = 1960 + r.int(45);
  const m = 1 + r.int(12);
  const d = 1 + r.int(28);
  const p2 = (n: number) => String(n).padStart(2, '0');
  switch (r.int(5)) {
    case 0:
      return { cue: 'Date of birth: ', date: `${p2(d)}/${p2(m)}/${y}` };
    case 1:
      return { cue: 'DOB ', date: `${y}-${p2(m)}-${p2(d)}` };
    case 2:
      return { cue: 'born on ', date: `${d} ${MONTHS[m - 1]} ${y}` };
    case 3:
      return { cue: 'born in ', date: String(y) };
    default:
      return { cue: 'Born: ', date: `${MONTHS[m - 1]} ${d}, ${y}` };
  }
}

/** A valid US SSN (area 001–665, 667–899; group and serial never zero). */
function ssn(r: Rng): string {
  let area = 1 + r.int(899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(1 + r.int(99)).padStart(2, '0')}-${String(1 + r.int(9999)).padStart(4, '0')}`;
}

function nino(r: Rng): string {
  const first = 'ABCEGHJKLMNPRSTWXYZ';
  const second = 'ABCEGHJKLMNPRSTWXYZ';
  let prefix = pick(r, [...first]) + pick(r, [...second]);
  if (['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(prefix)) prefix = 'AB';
  return `${prefix} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${pick(r, ['A', 'B', 'C', 'D'])}`;
}

/** A French NIR with its key (97 − number mod 97). */
function nir(r: Rng): string {
  const body = `${1 + r.int(2)}${digits(r, 2)}${String(1 + r.int(12)).padStart(2, '0')}${String(1 + r.int(95)).padStart(2, '0')}${digits(r, 3)}${digits(r, 3)}`;
  const key = 97 - Number(BigInt(body) % 97n);
  const k = String(key).padStart(2, '0');
  return `${body[0]} ${body.slice(1, 3)} ${body.slice(3, 5)} ${body.slice(5, 7)} ${body.slice(7, 10)} ${body.slice(10, 13)} ${k}`;
}

function passport(r: Rng): string {
  return r.next() < 0.5 ? digits(r, 9) : `${digits(r, 2)}${pick(r, ['AB', 'CF', 'XK', 'RT'])}${digits(r, 5)}`;
}

// Look-alikes that must stay: numbers, dates and words that are not personal data.
const DISTRACTORS = [
  'Raised test coverage from 61% to 87% across 12 services.',
  'Cut p95 latency by 40 ms for 10,000 requests a second.',
  'Migrated 2,500,000 rows from Oracle 12c to PostgreSQL 15 (2019-2021).',
  'Owned the Q3 2023 roadmap and tickets JIRA-4521 to JIRA-4610.',
  'Budget of $1,250,000; saved EUR 180 000 in 2022.',
  'Started 2019-05-12; review due 2024-03-31.',
  'Skills: Python 3.11, Julia, Ruby, Go 1.21, SQL.',
  'Agreed a grace period; we will mark the release as stable.',
  'Led the green team and mentored young talent.',
  'Worked at Initech for 3 years (2016–2020), then at Hooli.',
  'ISO 27001 and SOC 2 audits; ADA compliance reviews.',
  'Version 2.4.1 shipped on 14 March 2021 to 300 customers.',
  'Building 4, Room 101 hosts the lab; 3 of the main labs moved.',
  'Ranked top 5 of 120 engineers; NPS up 12 points.',
  'Reduced costs by 30 percent in a way the board noticed.',
];

/** Resume lines and comment sentences; `ctx` supplies the pieces of personal data. */
function sentence(r: Rng, p: Person): Piece[] {
  const name = () => namePieces(p, nameStyle(r));
  switch (r.int(14)) {
    case 0:
      return [...name(), '\n', { text: email(r, p), category: 'emails' }, ' | ', { text: phone(r), category: 'phones' }, ' | ', { text: `linkedin.com/in/${p.first.toLowerCase()}-${p.last.toLowerCase().replace(/[^a-z]/g, '')}`, category: 'urls' }];
    case 1:
      return ['Contact: ', { text: email(r, p), category: 'emails' }, ' or call ', { text: phone(r), category: 'phones' }, '.'];
    case 2:
      return ['Address: ', { text: address(r), category: 'addresses' }];
    case 3:
      return ['Lives at ', { text: address(r), category: 'addresses' }, ' since ', String(2005 + r.int(18)), '.'];
    case 4: {
      const b = birthDate(r);
      return [b.cue, { text: b.date, category: 'birthdates' }, '. Nationality: ', pick(r, ['Irish', 'French', 'Kenyan', 'Canadian'])];
    }
    case 5: {
      const b = birthDate(r);
      return [...name(), ' was ', b.cue.toLowerCase().replace(': ', ' '), { text: b.date, category: 'birthdates' }, ' and joined in ', String(2010 + r.int(14)), '.'];
    }
    case 6:
      return [pick(r, ['Passport No. ', 'Passport number: ', 'passport ']), { text: passport(r), category: 'ids' }, ', valid until ', String(2026 + r.int(8)), '.'];
    case 7:
      return [pick(r, ['SSN: ', 'Social security number ']), { text: ssn(r), category: 'ids' }];
    case 8:
      return ['NI number ', { text: nino(r), category: 'ids' }, '; payroll ref ', String(10000 + r.int(89999)), '.'];
    case 9:
      return ['Numéro de sécurité sociale : ', { text: nir(r), category: 'ids' }];
    case 10: {
      const q = person(r);
      return ['Referred by ', ...namePieces(q, nameStyle(r)), ', who managed ', String(3 + r.int(20)), ' engineers.'];
    }
    case 11: {
      const q = person(r);
      return [pick(r, ['Interviewed by Dr ', 'Reviewed by Ms ', 'Signed off by Mr ']), { text: q.last, category: 'names' }, ' on ', String(1 + r.int(28)), ' ', pick(r, MONTHS), '.'];
    }
    case 12:
      return ['Portfolio: ', { text: `https://${p.first.toLowerCase()}.dev/work`, category: 'urls' }, ' — ', pick(r, DISTRACTORS)];
    default:
      return [pick(r, DISTRACTORS)];
  }
}

function assemble(pieces: Piece[]): AnnotatedText {
  let text = '';
  const spans: GoldSpan[] = [];
  for (const p of pieces) {
    if (typeof p === 'string') {
      text += p;
      continue;
    }
    spans.push({ start: text.length, end: text.length + p.text.length, category: p.category });
    text += p.text;
  }
  return { text, spans };
}

/** `n` texts of 3–7 lines each, the same for the same seed. */
export function generatePiiCorpus(n: number, seed = 12): AnnotatedText[] {
  const r = createRng(seed);
  const out: AnnotatedText[] = [];
  for (let i = 0; i < n; i++) {
    const p = person(r);
    const pieces: Piece[] = [];
    const lines = 3 + r.int(5);
    for (let k = 0; k < lines; k++) {
      if (k > 0) pieces.push('\n');
      pieces.push(...sentence(r, p));
    }
    out.push(assemble(pieces));
  }
  return out;
}
