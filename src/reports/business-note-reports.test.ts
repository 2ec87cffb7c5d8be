/**
 * The business-understanding note in the files people hand on (issue 18): `crispflow run --out` on a
 * pipeline with a note writes reports (fairness, bias audit) and a model card that state the objective,
 * success criteria, stakeholders, legal basis and protected attributes, with hostile text shown as text.
 * Real runs of the CLI into a temporary folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crispflow, examplePipeline, tempDir } from '../cli/testing/run-cli.ts';

const NOTE = {
  objective: 'Recommend people for leadership training <script>alert("x")</script>.\n\nNo automated decisions.',
  successCriteria: 'Impact ratio of at least 0.8 for every group & recall ≥ 0.7.',
  stakeholders: 'HR business partners, works council',
  legalBasis: 'GDPR Art. 6(1)(f); EU AI Act Annex III',
  protectedAttributes: 'group, gender',
};

function pipelineWithNote(dir: string, withNote = true): string {
  const doc = JSON.parse(readFileSync(examplePipeline('promotion-baseline'), 'utf8')) as {
    nodes: Array<{ id: string; type: string; version: number; params: Record<string, unknown>; position: { x: number; y: number } }>;
    edges: Array<{ from: { node: string; port: string }; to: { node: string; port: string } }>;
  };
  if (withNote) doc.nodes.push({ id: 'why', type: 'business-understanding', version: 1, params: NOTE, position: { x: 0, y: -200 } });
  doc.nodes.push(
    { id: 'fairness', type: 'fairness-metrics', version: 1, params: { mode: 'predictions', protected: ['group'], privileged: 'auto', resamples: 0 }, position: { x: 600, y: 200 } },
    { id: 'audit', type: 'bias-audit', version: 1, params: { sexColumn: 'group', outcome: 'selection' }, position: { x: 600, y: 400 } },
  );
  doc.edges.push({ from: { node: 'train-lr', port: 'predictions' }, to: { node: 'fairness', port: 'data' } }, { from: { node: 'train-lr', port: 'predictions' }, to: { node: 'audit', port: 'data' } });
  const file = path.join(dir, 'promotion-with-note.pipeline.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('the business-understanding note in the files of crispflow run --out', () => {
  it('every HTML report and the model card state the note; its text is escaped', () => {
    const dir = tempDir('crispflow-note-');
    const out = path.join(dir, 'out');
    const r = crispflow(['run', pipelineWithNote(dir), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    for (const name of ['fairness-fairness.html', 'audit-bias-audit.html']) {
      const html = readFileSync(path.join(out, 'reports', name), 'utf8');
      expect(html, name).toContain('<h2 id="business-understanding">Business understanding</h2>');
      expect(html, name).toContain('<dt>Objective</dt><dd><p>Recommend people for leadership training &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;.</p><p>No automated decisions.</p></dd>');
      expect(html, name).toContain('<dt>Success criteria</dt><dd><p>Impact ratio of at least 0.8 for every group &amp; recall ≥ 0.7.</p></dd>');
      expect(html, name).toContain('<dt>Stakeholders</dt><dd><p>HR business partners, works council</p></dd>');
      expect(html, name).toContain('<dt>Legal basis</dt><dd><p>GDPR Art. 6(1)(f); EU AI Act Annex III</p></dd>');
      expect(html, name).toContain('<dt>Protected attributes</dt><dd>group, gender</dd>');
      expect(html, name).not.toContain('<script>');
      // Before the results: the reader learns what the model is for first.
      expect(html.indexOf('Business understanding')).toBeLessThan(html.indexOf('<p class="note">'));
    }
    const card = readFileSync(path.join(out, 'models', 'train-lr.card.md'), 'utf8');
    expect(card).toContain('## Business understanding');
    expect(card).toContain('| Objective | Recommend people for leadership training \\<script\\>alert("x")\\</script\\>. No automated decisions. |');
    expect(card).toContain('| Protected attributes | group, gender |');
    expect(card).toContain('| Legal basis | GDPR Art. 6(1)(f); EU AI Act Annex III |');
  }, 180_000);

  it('a pipeline without a note writes reports without the section', () => {
    const dir = tempDir('crispflow-note-');
    const out = path.join(dir, 'out');
    const r = crispflow(['run', pipelineWithNote(dir, false), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(out, 'reports', 'fairness-fairness.html'), 'utf8')).not.toContain('Business understanding');
    expect(readFileSync(path.join(out, 'models', 'train-lr.card.md'), 'utf8')).not.toContain('Business understanding');
  }, 180_000);
});
