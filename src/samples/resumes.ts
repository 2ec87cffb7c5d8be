/**
 * Seeded generator of the `resumes.csv` sample: 10,000 historical applications to an engineering role,
 * columns `resume_id, resume_text, years_experience, gender, label` (DESIGN.md).
 *
 * Each resume has a name, a contact line (email, phone, URL), a summary, jobs with companies and
 * achievements, skills, education and activities. Qualification comes from years, relevant skills,
 * degree and seniority of titles. The historical screeners' labels (`Interview` / `Reject`) penalise
 * women at equal qualification, and the text carries gendered proxies: first names, pronouns in
 * third-person summaries, activities ("women's chess club", "fraternity"), women's colleges, career
 * breaks. So a model trained on the text learns the bias — which the keyword bias report shows.
 */
import { quoteCsvField } from '../core/escape.ts';
import { createRng, type Rng } from '../core/rng.ts';
import type { CategoryColumn, Table } from '../core/table/table.ts';

export interface ResumeRows {
  resume_id: string[];
  resume_text: string[];
  years_experience: Float64Array;
  gender: Array<'Female' | 'Male'>;
  label: Array<'Interview' | 'Reject'>;
  /** The latent qualification score before the biased decision (not exported; for tests). */
  qualification: Float64Array;
}

export interface ResumeOptions {
  n?: number;
  seed?: number;
  /** Share of women among applicants. */
  femaleShare?: number;
  /** Penalty on women's latent score in the historical decisions (0 = unbiased). */
  bias?: number;
}

export const RESUME_COLUMNS = ['resume_id', 'resume_text', 'years_experience', 'gender', 'label'] as const;

const FEMALE_NAMES = [
  'Emily', 'Sarah', 'Jessica', 'Ashley', 'Jennifer', 'Amanda', 'Hannah', 'Olivia', 'Emma', 'Sophia',
  'Isabella', 'Mia', 'Charlotte', 'Amelia', 'Harper', 'Abigail', 'Elizabeth', 'Sofia', 'Avery', 'Ella',
  'Madison', 'Scarlett', 'Victoria', 'Grace', 'Chloe', 'Camila', 'Penelope', 'Riley', 'Layla', 'Lillian',
  'Nora', 'Zoey', 'Mila', 'Aubrey', 'Hazel', 'Ellie', 'Stella', 'Natalie', 'Leah', 'Lucy', 'Anna', 'Maria',
  'Laura', 'Rachel', 'Megan', 'Lauren', 'Nicole', 'Rebecca', 'Katherine', 'Samantha', 'Priya', 'Ananya',
  'Mei', 'Yuki', 'Fatima', 'Aisha', 'Ngozi', 'Chiara', 'Ingrid', 'Sinead', 'Julia', 'Claire', 'Diana',
];
const MALE_NAMES = [
  'James', 'Michael', 'Robert', 'John', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Christopher',
  'Daniel', 'Matthew', 'Anthony', 'Mark', 'Steven', 'Andrew', 'Joshua', 'Kevin', 'Brian', 'Ryan', 'Jacob',
  'Gary', 'Eric', 'Jonathan', 'Stephen', 'Justin', 'Brandon', 'Benjamin', 'Samuel', 'Gregory', 'Patrick',
  'Alexander', 'Jack', 'Tyler', 'Aaron', 'Nathan', 'Henry', 'Peter', 'Adam', 'Zachary', 'Ethan', 'Noah',
  'Liam', 'Lucas', 'Oliver', 'Logan', 'Owen', 'Caleb', 'Luke', 'Arjun', 'Rahul', 'Wei', 'Hiroshi',
  'Mohammed', 'Omar', 'Chinedu', 'Marco', 'Lars', 'Sean', 'Carlos', 'Diego', 'Paul', 'Martin',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Taylor', 'Moore', 'Jackson', 'Lee', 'Perez',
  'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young',
  'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson',
  'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Patel', 'Shah', 'Kim', 'Chen',
  'Wang', 'Tanaka', 'Okafor', 'Haddad', 'Rossi', 'Larsen', 'Murphy', 'Kowalski', 'Novak', 'Fischer',
];

const RELEVANT_SKILLS = [
  'Python', 'Java', 'Go', 'TypeScript', 'C++', 'Rust', 'SQL', 'PostgreSQL', 'Kubernetes', 'Docker', 'AWS',
  'GCP', 'Azure', 'Terraform', 'Kafka', 'Spark', 'React', 'Node.js', 'GraphQL', 'REST APIs', 'microservices',
  'distributed systems', 'CI/CD', 'Linux', 'Redis', 'machine learning', 'data pipelines', 'system design',
  'unit testing', 'Git', 'gRPC', 'Elasticsearch', 'Airflow', 'observability', 'performance tuning',
];
const OTHER_SKILLS = [
  'Microsoft Excel', 'PowerPoint', 'customer service', 'event planning', 'social media', 'bookkeeping',
  'copywriting', 'SAP', 'Salesforce', 'Photoshop', 'public speaking', 'inventory management', 'Visio',
];
const STRONG_ROLES = [
  'Software Engineer', 'Backend Engineer', 'Full Stack Developer', 'Data Engineer', 'Platform Engineer',
  'Site Reliability Engineer', 'Machine Learning Engineer', 'DevOps Engineer', 'Frontend Engineer',
];
const WEAK_ROLES = ['QA Analyst', 'IT Support Specialist', 'Technical Writer', 'Business Analyst', 'Web Designer'];
const COMPANIES = [
  'Acme Corp', 'Globex', 'Initech', 'Umbrella Analytics', 'Stark Industries', 'Wayne Enterprises', 'Hooli',
  'Pied Piper', 'Vandelay Industries', 'Soylent Systems', 'Cyberdyne', 'Tyrell Labs', 'Aperture Science',
  'Massive Dynamic', 'Oscorp', 'Wonka Logistics', 'Blue Sun', 'Monarch Fintech', 'Northwind Traders',
  'Contoso', 'Fabrikam', 'Tailspin Toys', 'Litware', 'Adventure Works', 'Bluth Company', 'Dunder Mifflin',
];
const UNIVERSITIES = [
  'State University', 'Institute of Technology', 'City College', 'Northeastern University',
  'University of Michigan', 'Georgia Tech', 'Purdue University', 'University of Texas', 'UC Berkeley',
  'University of Washington', 'Carnegie Mellon University', 'Ohio State University', 'Rutgers University',
];
const WOMENS_COLLEGES = ['Wellesley College', 'Smith College', 'Bryn Mawr College', 'Barnard College', 'Mount Holyoke College'];
const FIELDS = ['Computer Science', 'Software Engineering', 'Electrical Engineering', 'Mathematics', 'Physics', 'Information Systems'];
const OTHER_FIELDS = ['Business Administration', 'Psychology', 'English Literature', 'Graphic Design', 'Communications'];

const FEMALE_ACTIVITIES = [
  "Captain of the women's chess club", 'Member of the Society of Women Engineers', 'Volunteer mentor at Girls Who Code',
  'Organiser of the Women in Tech meetup', 'Sorority treasurer', "Women's soccer team", 'Grace Hopper Celebration scholar',
  'Netball team captain', "Women's rowing crew",
];
const MALE_ACTIVITIES = [
  "Men's rugby team", 'Fraternity president', 'Varsity football team captain', "Men's basketball league",
  'Eagle Scout', "Men's lacrosse club", 'Fraternity rush chair',
];
const NEUTRAL_ACTIVITIES = [
  'Chess club', 'Hackathon winner', 'Volunteer at the local food bank', 'Marathon runner', 'Open-source contributor',
  'Photography society', 'Debate team', 'Robotics club', 'Toastmasters member', 'Hiking club', 'Choir',
  'Tutor for first-year programming students', 'Maker space volunteer', 'Amateur astronomy society',
];

const ACHIEVEMENTS_STRONG = [
  'Built {s} services handling {n} million requests a day',
  'Reduced deployment time by {p}% by introducing {s}',
  'Designed {s} data pipelines for the analytics team',
  'Led the migration of a monolith to {s}',
  'Mentored {k} junior engineers and ran code reviews',
  'Cut cloud costs by {p}% with {s} and autoscaling',
  'Raised test coverage to {p}% using {s}',
  'Shipped a customer-facing feature in {s} used by {n} million users',
  'Owned on-call for {s} services with 99.9% uptime',
];
const ACHIEVEMENTS_WEAK = [
  'Handled customer tickets and escalations',
  'Maintained documentation and internal wiki pages',
  'Coordinated release schedules with stakeholders',
  'Prepared weekly status reports in {s}',
  'Tested releases manually against written test plans',
];

const pick = <T>(rng: Rng, a: readonly T[]): T => a[rng.int(a.length)];

function pickDistinct<T>(rng: Rng, a: readonly T[], k: number): T[] {
  const idx = Array.from(a.keys());
  rng.shuffle(idx);
  return idx.slice(0, Math.min(k, a.length)).map((i) => a[i]);
}

function fill(template: string, rng: Rng, skills: string[]): string {
  return template
    .replace('{s}', skills.length ? pick(rng, skills) : 'Excel')
    .replace('{n}', String(1 + rng.int(40)))
    .replace('{p}', String(10 + rng.int(80)))
    .replace('{k}', String(2 + rng.int(6)));
}

function phone(rng: Rng): string {
  const d = (k: number) => Array.from({ length: k }, () => rng.int(10)).join('');
  switch (rng.int(4)) {
    case 0:
      return `(555) ${d(3)}-${d(4)}`;
    case 1:
      return `+1 555 ${d(3)} ${d(4)}`;
    case 2:
      return `555-${d(3)}-${d(4)}`;
    default:
      return `+44 20 ${d(4)} ${d(4)}`;
  }
}

/** Generates the rows; the same options give the same data on every machine. */
export function generateResumes(options: ResumeOptions = {}): ResumeRows {
  const n = options.n ?? 10_000;
  const rng = createRng(options.seed ?? 20240517);
  const femaleShare = options.femaleShare ?? 0.42;
  const bias = options.bias ?? 0.8;
  const rows: ResumeRows = {
    resume_id: [],
    resume_text: [],
    years_experience: new Float64Array(n),
    gender: [],
    label: [],
    qualification: new Float64Array(n),
  };
  const latent = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const female = rng.next() < femaleShare;
    const first = pick(rng, female ? FEMALE_NAMES : MALE_NAMES);
    const last = pick(rng, LAST_NAMES);
    const years = Math.max(0, Math.min(30, Math.round(Math.exp(1.6 + 0.65 * rng.normal()) - 1)));
    const nRelevant = Math.max(0, Math.min(14, Math.round(3 + years * 0.25 + 2.5 * rng.normal())));
    const skills = pickDistinct(rng, RELEVANT_SKILLS, nRelevant);
    const other = pickDistinct(rng, OTHER_SKILLS, rng.int(4));
    const degreeRoll = rng.next();
    const degree = degreeRoll < 0.1 ? 'none' : degreeRoll < 0.68 ? 'BSc' : degreeRoll < 0.93 ? 'MSc' : 'PhD';
    const technicalField = rng.next() < 0.75;
    const strongCareer = rng.next() < 0.35 + 0.04 * nRelevant;

    // Latent qualification: what an unbiased screener would value.
    const q =
      0.11 * Math.min(years, 15) +
      0.28 * nRelevant +
      (degree === 'MSc' ? 0.4 : degree === 'PhD' ? 0.6 : degree === 'BSc' ? 0.2 : 0) +
      (technicalField ? 0.3 : 0) +
      (strongCareer ? 0.7 : 0);
    rows.qualification[i] = q;
    // Historical decision: qualification, noise, and a penalty on women at equal qualification.
    latent[i] = q + 0.55 * rng.normal() - (female ? bias : 0);

    const parts: string[] = [];
    parts.push(`${first} ${last}`);
    const handle = `${first}.${last}`.toLowerCase();
    const email = `${handle}${rng.next() < 0.4 ? rng.int(100) : ''}@${pick(rng, ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me'])}`;
    const url =
      rng.next() < 0.6
        ? `linkedin.com/in/${first.toLowerCase()}-${last.toLowerCase()}`
        : `https://github.com/${first.toLowerCase()}${last.toLowerCase()}`;
    parts.push(`${email} | ${phone(rng)} | ${url}`);

    const roles = strongCareer ? STRONG_ROLES : WEAK_ROLES;
    const mainRole = pick(rng, roles);
    const seniority = years >= 12 ? 'Principal ' : years >= 8 ? 'Staff ' : years >= 5 ? 'Senior ' : years <= 1 ? 'Junior ' : '';
    const topSkills = skills.slice(0, 3).join(', ') || 'office tools';
    parts.push('SUMMARY');
    if (rng.next() < 0.35) {
      const [p, pos] = female ? ['She', 'her'] : ['He', 'his'];
      parts.push(
        `${seniority}${mainRole} with ${years} year${years === 1 ? "" : "s"} of experience. ${p} works mostly with ${topSkills} and is known for ${pos} ${pick(rng, ['reliability', 'curiosity', 'attention to detail', 'teamwork', 'clear communication'])}.`,
      );
    } else {
      parts.push(
        `${seniority}${mainRole} with ${years} year${years === 1 ? "" : "s"} of experience in ${topSkills}. ${pick(rng, [
          'Enjoys solving hard problems with simple designs.',
          'Looking for a team that ships often and learns fast.',
          'Cares about clean code, testing and good documentation.',
          'Passionate about building products people love.',
          'Motivated, organised and eager to learn.',
        ])}`,
      );
    }

    parts.push('EXPERIENCE');
    const nJobs = Math.max(1, Math.min(4, 1 + Math.floor(years / 4)));
    let end = 2024;
    const careerBreak = female && years >= 4 && rng.next() < 0.18;
    for (let j = 0; j < nJobs; j++) {
      const span = Math.max(1, Math.round(years / nJobs));
      const start = end - span;
      const title = j === 0 ? `${seniority}${mainRole}` : pick(rng, rng.next() < 0.7 ? roles : WEAK_ROLES);
      parts.push(`${title}, ${pick(rng, COMPANIES)} (${start}–${j === 0 ? 'present' : end})`);
      const achievements = strongCareer || rng.next() < 0.3 ? ACHIEVEMENTS_STRONG : ACHIEVEMENTS_WEAK;
      const nAch = 1 + rng.int(3);
      for (let a = 0; a < nAch; a++) parts.push(`- ${fill(pick(rng, achievements), rng, skills)}`);
      end = start;
      if (careerBreak && j === 0) {
        parts.push(`Career break (${pick(rng, ['parental leave', 'maternity leave', 'family care'])}), ${end - 1}–${end}`);
        end -= 1;
      }
    }

    parts.push('SKILLS');
    const allSkills = [...skills, ...other];
    rng.shuffle(allSkills);
    parts.push(allSkills.join(', ') || 'Microsoft Office');

    parts.push('EDUCATION');
    if (degree === 'none') {
      parts.push(pick(rng, ['Coding bootcamp certificate', 'Self-taught; online courses in programming', 'High school diploma']));
    } else {
      const school = female && rng.next() < 0.15 ? pick(rng, WOMENS_COLLEGES) : pick(rng, UNIVERSITIES);
      const field = technicalField ? pick(rng, FIELDS) : pick(rng, OTHER_FIELDS);
      parts.push(`${degree} in ${field}, ${school} (${2024 - years - (degree === 'PhD' ? 0 : 1) - rng.int(3)})`);
    }

    parts.push('ACTIVITIES');
    const acts: string[] = [];
    const nActs = 1 + rng.int(3);
    for (let a = 0; a < nActs; a++) {
      const roll = rng.next();
      acts.push(pick(rng, roll < 0.4 ? (female ? FEMALE_ACTIVITIES : MALE_ACTIVITIES) : NEUTRAL_ACTIVITIES));
    }
    parts.push([...new Set(acts)].join('; '));

    rows.resume_id.push(`R${String(i + 1).padStart(5, '0')}`);
    rows.resume_text.push(parts.join('\n'));
    rows.years_experience[i] = years;
    rows.gender.push(female ? 'Female' : 'Male');
  }
  // The screeners interviewed about the top 35% by their (biased) judgement.
  const sorted = Float64Array.from(latent).sort();
  const cut = sorted[Math.floor(n * 0.65)];
  for (let i = 0; i < n; i++) rows.label.push(latent[i] >= cut ? 'Interview' : 'Reject');
  return rows;
}

// RFC 4180 quoting only: generated sample data holds no formulas to neutralise.
const csvField = (v: string | number): string => quoteCsvField(String(v));

/** The sample as CSV text (header + rows, RFC 4180 quoting, \n line ends). */
export function resumesCsv(options: ResumeOptions = {}): string {
  const r = generateResumes(options);
  const lines: string[] = [RESUME_COLUMNS.join(',')];
  for (let i = 0; i < r.resume_id.length; i++) {
    lines.push(
      [r.resume_id[i], r.resume_text[i], r.years_experience[i], r.gender[i], r.label[i]].map(csvField).join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export const RESUMES_DESCRIPTION =
  '10,000 historical applications to an engineering role (resume text, years of experience, gender) labelled Interview or Reject ' +
  'by past screeners who penalised women at equal qualification. The text holds gendered proxies: names, pronouns, activities ' +
  "such as \"women's chess club\" or \"fraternity\", women's colleges, career breaks.";

/** The sample as a table (the shape scripts/generate-samples.ts writes to public/samples/resumes.csv). */
export function generateResumesTable(options: ResumeOptions = {}): Table {
  const r = generateResumes(options);
  const n = r.resume_id.length;
  const gender: CategoryColumn = { name: 'gender', type: 'category', role: 'protected', categories: ['Female', 'Male'], codes: new Int32Array(n) };
  const label: CategoryColumn = { name: 'label', type: 'category', role: 'target', categories: ['Interview', 'Reject'], codes: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    gender.codes[i] = r.gender[i] === 'Female' ? 0 : 1;
    label.codes[i] = r.label[i] === 'Interview' ? 0 : 1;
  }
  return {
    nRows: n,
    columns: [
      { name: 'resume_id', type: 'text', role: 'identifier', values: r.resume_id },
      { name: 'resume_text', type: 'text', role: 'text', values: r.resume_text },
      { name: 'years_experience', type: 'integer', values: r.years_experience },
      gender,
      label,
    ],
  };
}
