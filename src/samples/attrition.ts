/**
 * Seeded generator of the five attrition tables (DESIGN.md): employees, quarterly surveys with a free-text
 * comment, semi-annual performance reviews, compensation changes and terminations.
 *
 * The story: month by month over the window, each employee's monthly chance of resigning grows when
 * their pay falls behind the market (market_ratio < 1), their engagement trends down, their latest
 * rating dropped, and a hidden "intent to leave" that also makes their comments negative. Sales is the
 * largest department and has the highest base attrition. Some people leave for other reasons
 * (dismissal after poor ratings, retirement), so the signal is realistic rather than perfect.
 */
import { createRng, type Rng } from '../core/rng.ts';
import type { Column, Table } from '../core/table/table.ts';

export interface AttritionOptions {
  employees?: number;
  years?: number;
  /** Data end, YYYY-MM-DD. */
  end?: string;
  seed?: number;
}

export interface AttritionTables {
  employees: Table;
  surveys: Table;
  performance: Table;
  compensation: Table;
  terminations: Table;
}

export const ATTRITION_DESCRIPTIONS = {
  employees: 'Attrition scenario: one row per employee (department, gender, age, hire date, location). Sales is the largest department.',
  surveys: 'Attrition scenario: quarterly engagement surveys (score 1–5) with a free-text comment per employee.',
  performance: 'Attrition scenario: semi-annual performance review ratings (1–5) per employee.',
  compensation: 'Attrition scenario: salary changes per employee with the ratio of base salary to the market rate.',
  terminations: 'Attrition scenario: who left, when and why. Resignations follow pay below market, falling engagement, rating drops and negative comments.',
} as const;

const DEPARTMENTS = ['Sales', 'Engineering', 'Operations', 'Marketing', 'Finance', 'HR'];
const DEPT_SHARE = [0.42, 0.18, 0.14, 0.1, 0.09, 0.07];
const DEPT_BASE_SALARY = [52000, 78000, 48000, 58000, 66000, 54000];
/** Extra log-odds of resigning per department (Sales churns most). */
const DEPT_HAZARD = [0.35, -0.1, 0, 0.05, -0.15, -0.1];
const LOCATIONS = ['London', 'Manchester', 'Berlin', 'Paris', 'Madrid', 'Remote'];
const LOCATION_SHARE = [0.3, 0.12, 0.18, 0.15, 0.1, 0.15];
const GENDERS = ['Female', 'Male', 'Non-binary'];
const GENDER_SHARE = [0.48, 0.5, 0.02];

const POSITIVE = [
  'Great team and a supportive manager',
  'I enjoy my work and feel valued',
  'Good opportunities to learn and grow',
  'Happy with the new project, exciting work',
  'Love the flexibility and the people here',
  'Proud of what we achieved this quarter',
];
const NEUTRAL = [
  'Busy quarter, nothing special to report',
  'Workload is manageable',
  'The new tools are okay',
  'Standard quarter for our team',
  'Some changes in the team, we will see',
];
const NEGATIVE = [
  'Frustrated with the lack of recognition',
  'Feeling burned out and stressed',
  'My manager does not listen to concerns',
  'Disappointed with my career progress',
  'Too many pointless meetings, hard to get work done',
  'Not happy with the direction of the department',
];
const PAY_NEGATIVE = [
  'Underpaid compared to the market',
  'Salary has not kept up, considering other offers',
  'Pay is unfair for the work we do',
  'Disappointed with the raise this year',
];

const DAY = 86_400_000;

function pick(rng: Rng, shares: readonly number[]): number {
  const u = rng.next();
  let acc = 0;
  for (let k = 0; k < shares.length; k++) {
    acc += shares[k];
    if (u < acc) return k;
  }
  return shares.length - 1;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function utc(y: number, m: number, d: number): number {
  return Date.UTC(y, m, d);
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function numeric(name: string, type: 'number' | 'integer' | 'date', values: number[], role?: Column['role']): Column {
  const c: Column = { name, type, values: Float64Array.from(values) };
  if (role) c.role = role;
  return c;
}

function category(name: string, labels: readonly string[], codes: number[], role?: Column['role']): Column {
  const c: Column = { name, type: 'category', categories: [...labels], codes: Int32Array.from(codes) };
  if (role) c.role = role;
  return c;
}

export function generateAttrition(options: AttritionOptions = {}): AttritionTables {
  const nEmp = options.employees ?? 2000;
  const years = options.years ?? 2;
  const rng = createRng(options.seed ?? 20240);
  const [ey, em, ed] = (options.end ?? '2024-12-31').split('-').map(Number);
  const end = utc(ey, em - 1, ed);
  const startYear = ey - years + 1;
  const start = utc(startYear, 0, 1);
  const months = years * 12;

  const empId: number[] = [];
  const empDept: number[] = [];
  const empGender: number[] = [];
  const empAge: number[] = [];
  const empHire: number[] = [];
  const empLoc: number[] = [];

  const sId: number[] = [];
  const sDate: number[] = [];
  const sScore: number[] = [];
  const sComment: Array<string | null> = [];
  const pId: number[] = [];
  const pDate: number[] = [];
  const pRating: number[] = [];
  const cId: number[] = [];
  const cDate: number[] = [];
  const cSalary: number[] = [];
  const cRatio: number[] = [];
  const tId: number[] = [];
  const tDate: number[] = [];
  const tReason: number[] = [];
  const REASONS = ['Resignation', 'Dismissal', 'Retirement'];

  for (let e = 0; e < nEmp; e++) {
    const id = 100001 + e;
    const dept = pick(rng, DEPT_SHARE);
    const gender = pick(rng, GENDER_SHARE);
    const age = Math.round(clamp(23 + Math.abs(rng.normal()) * 14 + rng.next() * 6, 21, 64));
    // 20% are hired during the window; the rest have 0.5–15 years of tenure at its start.
    const hiredInWindow = rng.next() < 0.2;
    const hire = hiredInWindow
      ? start + Math.floor(rng.next() * (months - 3) * 30.4) * DAY
      : start - Math.floor((0.5 + Math.pow(rng.next(), 1.6) * 14.5) * 365.25) * DAY;
    const hireDay = Math.floor(hire / DAY) * DAY;
    empId.push(id);
    empDept.push(dept);
    empGender.push(gender);
    empAge.push(age);
    empHire.push(hireDay);
    empLoc.push(pick(rng, LOCATION_SHARE));

    // Latent state.
    let ratio = clamp(1 + rng.normal() * 0.09, 0.7, 1.35);
    let salary = DEPT_BASE_SALARY[dept] * (0.8 + rng.next() * 0.7);
    const engBase = clamp(3.6 + rng.normal() * 0.55, 1.5, 5);
    // A third drift downwards (disengaging), others wander.
    const engSlope = rng.next() < 0.33 ? -(0.08 + rng.next() * 0.22) : rng.normal() * 0.05;
    const intent = rng.normal(); // hidden intent to leave: drives comments and resignation
    let rating = clamp(Math.round((3.3 + rng.normal() * 0.8) * 2) / 2, 1, 5);
    let prevRating = rating;
    let engagement = engBase;
    let lastSentimentSign = 0;

    const firstMonth = Math.max(0, Math.floor((hireDay - start) / (30.44 * DAY)));
    // Starting salary record: at hire or at window start.
    cId.push(id);
    cDate.push(Math.max(hireDay, start));
    cSalary.push(Math.round(salary / 100) * 100);
    cRatio.push(Math.round(ratio * 1000) / 1000);

    let left = false;
    for (let mo = firstMonth; mo < months && !left; mo++) {
      const y = startYear + Math.floor(mo / 12);
      const m = mo % 12;
      const monthStart = utc(y, m, 1);
      const monthEnd = utc(y, m + 1, 0);
      if (monthEnd < hireDay) continue;
      // The market moves ~3%/yr; pay only moves at the yearly review (January) — so ratios drift down.
      ratio *= 1 - 0.03 / 12;
      if (m === 0 && monthStart > hireDay + 180 * DAY) {
        const raise = clamp(0.025 + rng.normal() * 0.025 + (rating - 3) * 0.01, -0.01, 0.12);
        salary *= 1 + raise;
        ratio *= 1 + raise;
        cId.push(id);
        cDate.push(monthStart);
        cSalary.push(Math.round(salary / 100) * 100);
        cRatio.push(Math.round(ratio * 1000) / 1000);
      }
      // Quarterly survey in the middle month of each quarter.
      if (m % 3 === 1) {
        engagement = clamp(engagement + engSlope * 1 + rng.normal() * 0.18 - (ratio < 0.92 ? 0.05 : 0), 1, 5);
        if (rng.next() < 0.9) {
          const shown = clamp(Math.round((engagement + rng.normal() * 0.2) * 10) / 10, 1, 5);
          const pNeg = sigmoid(-1.6 * (engagement - 3.2) + 0.9 * intent + (ratio < 0.95 ? 0.6 : 0) - 0.4);
          const pPos = sigmoid(1.6 * (engagement - 3.6) - 0.6 * intent - 0.3);
          let comment: string | null = null;
          const u = rng.next();
          if (rng.next() < 0.75) {
            if (u < pNeg) {
              comment = ratio < 0.95 && rng.next() < 0.6 ? PAY_NEGATIVE[rng.int(PAY_NEGATIVE.length)] : NEGATIVE[rng.int(NEGATIVE.length)];
              lastSentimentSign = -1;
            } else if (u < pNeg + (1 - pNeg) * pPos) {
              comment = POSITIVE[rng.int(POSITIVE.length)];
              lastSentimentSign = 1;
            } else {
              comment = NEUTRAL[rng.int(NEUTRAL.length)];
              lastSentimentSign = 0;
            }
          }
          sId.push(id);
          sDate.push(utc(y, m, 10 + rng.int(10)));
          sScore.push(shown);
          sComment.push(comment);
        }
      }
      // Semi-annual reviews at the end of June and December.
      if (m === 5 || m === 11) {
        prevRating = rating;
        const drop = engSlope < -0.1 && rng.next() < 0.5 ? -0.5 - 0.5 * rng.int(2) : 0;
        rating = clamp(Math.round((rating + rng.normal() * 0.35 + drop) * 2) / 2, 1, 5);
        pId.push(id);
        pDate.push(monthEnd);
        pRating.push(rating);
      }
      // Leaving this month?
      const z =
        -6.7 +
        DEPT_HAZARD[dept] +
        14 * Math.max(0, 1 - ratio) -
        3 * Math.max(0, ratio - 1.05) +
        1.2 * (3.4 - engagement) -
        9 * Math.min(0, engSlope) +
        1.2 * Math.max(0, prevRating - rating) +
        0.7 * intent -
        0.5 * lastSentimentSign;
      const tenureYears = (monthStart - hireDay) / (365.25 * DAY);
      const hazard = sigmoid(z) * (tenureYears < 1 ? 1.3 : 1);
      const dismissal = rating <= 1.5 ? 0.02 : 0.0008;
      const retirement = age + (mo / 12) >= 62 ? 0.02 : 0;
      const u = rng.next();
      let reason = -1;
      if (u < hazard) reason = 0;
      else if (u < hazard + dismissal) reason = 1;
      else if (u < hazard + dismissal + retirement) reason = 2;
      if (reason >= 0) {
        const day = Math.max(monthStart, hireDay + DAY) + Math.floor(rng.next() * ((monthEnd - Math.max(monthStart, hireDay + DAY)) / DAY + 1)) * DAY;
        if (day <= end) {
          tId.push(id);
          tDate.push(day);
          tReason.push(reason);
          left = true;
          // Records after leaving must not exist: drop any dated after the termination.
          while (sDate.length && sId[sId.length - 1] === id && sDate[sDate.length - 1] > day) {
            sId.pop();
            sDate.pop();
            sScore.pop();
            sComment.pop();
          }
          while (pDate.length && pId[pId.length - 1] === id && pDate[pDate.length - 1] > day) {
            pId.pop();
            pDate.pop();
            pRating.pop();
          }
        }
      }
    }
  }

  const employees: Table = {
    nRows: nEmp,
    columns: [
      numeric('employee_id', 'integer', empId, 'identifier'),
      category('department', DEPARTMENTS, empDept),
      category('gender', GENDERS, empGender, 'protected'),
      numeric('age', 'integer', empAge),
      numeric('hire_date', 'date', empHire),
      category('location', LOCATIONS, empLoc),
    ],
  };
  const surveys: Table = {
    nRows: sDate.length,
    columns: [
      numeric('employee_id', 'integer', sId, 'identifier'),
      numeric('survey_date', 'date', sDate, 'time'),
      numeric('engagement_score', 'number', sScore),
      { name: 'comment', type: 'text', role: 'text', values: sComment },
    ],
  };
  const performance: Table = {
    nRows: pDate.length,
    columns: [numeric('employee_id', 'integer', pId, 'identifier'), numeric('review_date', 'date', pDate, 'time'), numeric('rating', 'number', pRating)],
  };
  const compensation: Table = {
    nRows: cDate.length,
    columns: [
      numeric('employee_id', 'integer', cId, 'identifier'),
      numeric('effective_date', 'date', cDate, 'time'),
      numeric('base_salary', 'number', cSalary),
      numeric('market_ratio', 'number', cRatio),
    ],
  };
  const terminations: Table = {
    nRows: tDate.length,
    columns: [numeric('employee_id', 'integer', tId, 'identifier'), numeric('termination_date', 'date', tDate, 'time'), category('reason', REASONS, tReason)],
  };
  return { employees, surveys, performance, compensation, terminations };
}

let cached: { key: string; tables: AttritionTables } | undefined;

/** The same tables for repeated calls with the same options (the sample script writes five files from one run). */
export function attritionSample(options: AttritionOptions = {}): AttritionTables {
  const key = JSON.stringify(options);
  if (!cached || cached.key !== key) cached = { key, tables: generateAttrition(options) };
  return cached.tables;
}
