/**
 * The business-understanding note in model cards registered through the studio (designer in studio
 * mode): POST /api/models keeps the note, checked field by field, and the workspace registry's cards
 * (Markdown from the API, HTML on disk) quote it, escaped. A real studio on 127.0.0.1, a temp workspace.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crispflow, examplePipeline, tempDir } from '../cli/testing/run-cli.ts';
import { rawRequest, startTestStudio } from '../studio/testing/studio-test-server.ts';

let studio: Awaited<ReturnType<typeof startTestStudio>>;
let fileObject: { model: { fingerprint: string } };
beforeAll(async () => {
  studio = await startTestStudio();
  const out = tempDir();
  const r = crispflow(['run', examplePipeline('promotion-baseline'), '--out', out]);
  if (r.code !== 0) throw new Error(r.stderr);
  const models = path.join(out, 'models');
  fileObject = JSON.parse(readFileSync(path.join(models, readdirSync(models).find((f) => f.endsWith('.model.json'))!), 'utf8'));
}, 120_000);
afterAll(async () => {
  await studio?.close();
});

const post = (body: unknown) =>
  rawRequest(studio.port, { method: 'POST', path: '/api/models', headers: { Authorization: `Bearer ${studio.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('business note through the studio registry', () => {
  it('is kept with the version and quoted by its cards, escaped', async () => {
    const business = { objective: 'Train leaders <script>alert(1)</script>', legalBasis: 'GDPR Art. 6(1)(f)', protectedAttributes: ['group'] };
    const r = await post({ registrations: [{ name: 'Noted model', model: fileObject, pipeline: { name: 'Promotion', nodeId: 'train-lr' }, business }] });
    expect(r.status, r.text).toBe(200);
    expect(JSON.parse(r.text).registered[0].version.business).toEqual(business);
    const one = JSON.parse((await rawRequest(studio.port, { path: '/api/models/Noted%20model/1', headers: { Authorization: `Bearer ${studio.token}` } })).text);
    expect(one.card).toContain('## Business understanding');
    expect(one.card).toContain('| Objective | Train leaders \\<script\\>alert(1)\\</script\\> |');
    expect(one.card).toContain('| Protected attributes | group |');
    const html = readFileSync(path.join(studio.workspaceDir, 'registry', 'noted-model', 'v1', 'card.html'), 'utf8');
    expect(html).toContain('<td>Train leaders &lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(html).not.toContain('<script>');
  });

  it('refuses a malformed note, naming the field', async () => {
    const unknown = await post({ registrations: [{ name: 'Bad note', model: fileObject, business: { goal: 'x' } }] });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).error).toBe('registrations[0].business.goal is not a field of the business note (objective, successCriteria, stakeholders, legalBasis, protectedAttributes).');
    const list = await post({ registrations: [{ name: 'Bad note', model: fileObject, business: { protectedAttributes: 'group' } }] });
    expect(list.status).toBe(400);
    expect(JSON.parse(list.text).error).toBe('registrations[0].business.protectedAttributes must be a list of at most 100 column names.');
  });
});
