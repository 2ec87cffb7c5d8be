import { describe, expect, it } from 'vitest';
import { generateResumes, generateResumesTable, RESUME_COLUMNS, resumesCsv } from './resumes.ts';

describe('resumes sample generator', () => {
  const r = generateResumes({ n: 4000 });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(resumesCsv({ n: 50 })).toBe(resumesCsv({ n: 50 }));
    expect(resumesCsv({ n: 50, seed: 2 })).not.toBe(resumesCsv({ n: 50 }));
  });

  it('has the DESIGN.md schema and multi-section text', () => {
    const t = generateResumesTable({ n: 20 });
    expect(t.columns.map((c) => c.name)).toEqual([...RESUME_COLUMNS]);
    expect(resumesCsv({ n: 1 }).split('\n')[0]).toBe('resume_id,resume_text,years_experience,gender,label');
    for (const section of ['SUMMARY', 'EXPERIENCE', 'SKILLS', 'EDUCATION', 'ACTIVITIES']) expect(r.resume_text[0]).toContain(section);
    expect(r.resume_text[0]).toMatch(/@/);
    expect(new Set(r.label)).toEqual(new Set(['Interview', 'Reject']));
  });

  it('penalises women at equal qualification and leaves gendered proxies in the text', () => {
    // Compare interview rates within qualification bands, so the gap cannot come from qualification.
    const bands = new Map<number, { f: number[]; m: number[] }>();
    for (let i = 0; i < r.label.length; i++) {
      const band = Math.round(r.qualification[i] * 2);
      const b = bands.get(band) ?? { f: [], m: [] };
      (r.gender[i] === 'Female' ? b.f : b.m).push(r.label[i] === 'Interview' ? 1 : 0);
      bands.set(band, b);
    }
    let gapSum = 0;
    let weight = 0;
    for (const { f, m } of bands.values()) {
      if (f.length < 30 || m.length < 30) continue;
      const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
      gapSum += (mean(m) - mean(f)) * (f.length + m.length);
      weight += f.length + m.length;
    }
    expect(gapSum / weight).toBeGreaterThan(0.1);
    // qualification itself is balanced between the groups
    const meanQ = (g: string) => {
      let s = 0;
      let n = 0;
      r.gender.forEach((x, i) => x === g && ((s += r.qualification[i]), n++));
      return s / n;
    };
    expect(Math.abs(meanQ('Female') - meanQ('Male'))).toBeLessThan(0.1);
    const womenText = r.resume_text.filter((_, i) => r.gender[i] === 'Female').join('\n');
    const menText = r.resume_text.filter((_, i) => r.gender[i] === 'Male').join('\n');
    expect(womenText).toMatch(/Women's|Sorority|She /);
    expect(menText).not.toMatch(/Women's|Sorority|She /);
    expect(menText).toMatch(/Fraternity|Men's|He /);
  });
});
