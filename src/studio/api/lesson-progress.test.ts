/**
 * Lesson progress in the workspace through the studio API (a real studio on 127.0.0.1 over a temporary
 * workspace): saved atomically to lessons/progress/<id>.json, read back one by one and as a list,
 * checked field by field, token required, ids that could leave the folder refused.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestStudio } from '../testing/studio-test-server.ts';

let studio: Awaited<ReturnType<typeof startTestStudio>>;
beforeAll(async () => {
  studio = await startTestStudio();
});
afterAll(async () => {
  await studio?.close();
});

async function call(method: string, p: string, body?: unknown, token: string | null = studio.token) {
  const r = await rawRequest(studio.port, {
    method,
    path: p,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, body: r.text ? (JSON.parse(r.text) as Record<string, unknown>) : {} };
}

const progress = (lessonId: string, current = 1) => ({
  lessonId,
  startedAt: '2026-12-07T09:00:00.000Z',
  updatedAt: '2026-12-07T09:05:00.000Z',
  current,
  steps: { goal: { shownAt: '2026-12-07T09:00:00.000Z', hintAt: '2026-12-07T09:01:00.000Z', passedAt: '2026-12-07T09:02:00.000Z' }, data: { shownAt: '2026-12-07T09:03:00.000Z' } },
});

const dir = () => path.join(studio.workspaceDir, 'lessons', 'progress');

describe('lesson progress in the workspace', () => {
  it('starts empty, saves a record (201), replaces it (200), reads it back alone and in the list', async () => {
    expect(await call('GET', '/api/lessons/progress')).toEqual({ status: 200, body: { progress: [] } });
    expect((await call('GET', '/api/lessons/progress/crisp-dm-tour')).status).toBe(404);

    const first = await call('PUT', '/api/lessons/progress/crisp-dm-tour', progress('crisp-dm-tour'));
    expect(first).toEqual({ status: 201, body: { progress: progress('crisp-dm-tour') } });
    expect(JSON.parse(readFileSync(path.join(dir(), 'crisp-dm-tour.json'), 'utf8'))).toEqual(progress('crisp-dm-tour'));

    const moved = { ...progress('crisp-dm-tour', 0), completedAt: '2026-12-07T09:10:00.000Z' };
    expect((await call('PUT', '/api/lessons/progress/crisp-dm-tour', moved)).status).toBe(200);
    expect(await call('GET', '/api/lessons/progress/crisp-dm-tour')).toEqual({ status: 200, body: { progress: moved } });

    await call('PUT', '/api/lessons/progress/attrition', progress('attrition', 0));
    const list = await call('GET', '/api/lessons/progress');
    expect(list.body.progress).toEqual([progress('attrition', 0), moved]);
    // Written through a temporary file and renamed: nothing else is left in the folder.
    expect(readdirSync(dir()).sort()).toEqual(['attrition.json', 'crisp-dm-tour.json']);
  });

  it('refuses malformed records naming the field, and a record for another lesson', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...progress('x'), learner: 'Ana' }, 'Lesson progress refused: "learner" is not a field of lesson progress (lessonId, startedAt, updatedAt, current, steps, completedAt).'],
      [{ ...progress('x'), current: -1 }, 'Lesson progress refused: current must be the index of a step (a whole number from 0 to 99).'],
      [{ ...progress('x'), updatedAt: 'yesterday' }, 'Lesson progress refused: updatedAt must be a UTC time such as "2026-12-07T09:30:00.000Z".'],
      [{ ...progress('x'), steps: { goal: { passedAt: 'soon' } } }, 'Lesson progress refused: steps.goal.passedAt must be a UTC time such as "2026-12-07T09:30:00.000Z".'],
      [{ ...progress('x'), steps: { goal: { score: 1 } } }, "Lesson progress refused: steps.goal.score is not a field of a step's progress (shownAt, hintAt, passedAt)."],
      [[1, 2], 'Lesson progress refused: Lesson progress is a JSON object { lessonId, startedAt, updatedAt, current, steps }.'],
      [progress('y'), 'The progress is for the lesson "y", but the path names "x".'],
    ];
    for (const [body, error] of cases) {
      const r = await call('PUT', '/api/lessons/progress/x', body);
      expect(r, JSON.stringify(body)).toEqual({ status: 400, body: { error } });
    }
    expect((await call('PUT', '/api/lessons/progress/x', '{not json')).status).toBe(400);
    expect((await call('GET', '/api/lessons/progress/x')).status).toBe(404);
  });

  it('refuses ids that are not lesson ids (no way out of the folder) and calls without the token', async () => {
    for (const id of ['..%2F..%2Fcrispflow-workspace', 'UPPER', '.hidden', '%2Fetc%2Fpasswd']) {
      const r = await call('PUT', `/api/lessons/progress/${id}`, progress('x'));
      expect(r.status, id).toBe(400);
      expect(String(r.body.error)).toMatch(/is not a lesson id/);
    }
    expect((await call('GET', '/api/lessons/progress', undefined, null)).status).toBe(401);
    expect((await call('PUT', '/api/lessons/progress/x', progress('x'), null)).status).toBe(401);
    expect((await call('PUT', '/api/lessons/progress/x', progress('x'), 'not-the-token')).status).toBe(401);
  });

  it('does not follow a lessons folder that links out of the workspace', async () => {
    const other = await startTestStudio();
    try {
      const outside = mkdtempSync(path.join(os.tmpdir(), 'crispflow-outside-'));
      mkdirSync(path.join(outside, 'progress'));
      writeFileSync(path.join(outside, 'progress', 'x.json'), JSON.stringify(progress('x')));
      symlinkSync(outside, path.join(other.workspaceDir, 'lessons'));
      const auth = { Authorization: `Bearer ${other.token}` };
      const put = await rawRequest(other.port, { method: 'PUT', path: '/api/lessons/progress/x', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(progress('x', 0)) });
      expect(put.status).toBe(403);
      expect((await rawRequest(other.port, { path: '/api/lessons/progress/x', headers: auth })).status).toBe(403);
      expect((await rawRequest(other.port, { path: '/api/lessons/progress', headers: auth })).status).toBe(403);
      expect(JSON.parse(readFileSync(path.join(outside, 'progress', 'x.json'), 'utf8')).current).toBe(1);
    } finally {
      await other.close();
    }
  });
});
