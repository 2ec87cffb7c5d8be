import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crispflow, examplePipeline, tempDir } from './testing/run-cli.ts';
import { startScoringServer } from './serve-command.ts';

const template = examplePipeline('promotion-baseline');
const tmp = () => tempDir('crispflow-models-');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('crispflow run: model files, cards and the folder registry', () => {
  it('writes v1 with real metrics, keeps identical training as v1, and registers a changed model as v2; serve loads the file', async () => {
    const registry = tmp();
    const out1 = tmp();
    const r1 = crispflow(['run', template, '--out', out1, '--registry', registry]);
    expect(r1.code, r1.stderr).toBe(0);
    const s1 = readJson(path.join(out1, 'summary.json'));
    const model1 = s1.nodes['train-lr'].outputs.model;
    // Existing summary fields stay; the model files are added to the model output's summary.
    expect(model1).toMatchObject({ kind: 'logistic-regression', target: { column: 'promoted', positive: '1' } });
    expect(model1).toMatchObject({ name: 'Logistic regression', file: 'models/train-lr.model.json', card: 'models/train-lr.card.md', version: 1, newVersion: true });
    expect(model1.registry).toBe(path.join(registry, 'logistic-regression', 'v1'));
    expect(s1.nodes.evaluate.outputs.metrics.auc).toBeGreaterThan(0.7);

    // The card carries the evaluate node's metrics (rounded to 3 digits as the card shows them).
    const auc = s1.nodes.evaluate.outputs.metrics.auc as number;
    const card = readFileSync(path.join(out1, model1.card), 'utf8');
    expect(card).toContain('# Model card: Logistic regression v1');
    const cardAuc = Number(/^\| auc \| ([\d.]+) \|$/m.exec(card)?.[1]);
    expect(cardAuc).toBe(Number(auc.toFixed(3)));
    expect(card).toContain(`| Fingerprint | ${model1.fingerprint} |`);

    // registry.json holds the full-precision record; the version folder its files.
    const reg1 = readJson(path.join(registry, 'registry.json'));
    expect(reg1.versions.map((v: { name: string; version: number }) => [v.name, v.version])).toEqual([['Logistic regression', 1]]);
    expect(reg1.versions[0].metrics.auc).toBe(auc);
    expect(reg1.versions[0].fingerprint).toBe(model1.fingerprint);
    expect(readdirSync(model1.registry).sort()).toEqual(['card.html', 'card.md', 'model.json']);
    expect(readFileSync(path.join(model1.registry, 'card.md'), 'utf8')).toBe(card);
    expect(readFileSync(path.join(model1.registry, 'card.html'), 'utf8')).toContain('<title>Model card: Logistic regression v1</title>');
    // No temp files or lock left behind; the registry's audit log records the registration.
    expect(readdirSync(registry).sort()).toEqual(['audit.anchor.json', 'audit.jsonl', 'logistic-regression', 'registry.json']);
    const registryAudit = readFileSync(path.join(registry, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(registryAudit.map((e: { data: { event: string; version: number } }) => `${e.data.event} v${e.data.version}`)).toEqual(['registering v1', 'registered v1']);

    // Identical training again: no new version, registry.json unchanged.
    const before = readFileSync(path.join(registry, 'registry.json'), 'utf8');
    const out2 = tmp();
    const r2 = crispflow(['run', template, '--out', out2, '--registry', registry]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toMatch(/unchanged since v1/);
    expect(readJson(path.join(out2, 'summary.json')).nodes['train-lr'].outputs.model).toMatchObject({ version: 1, newVersion: false });
    expect(readFileSync(path.join(registry, 'registry.json'), 'utf8')).toBe(before);
    expect(existsSync(path.join(registry, 'logistic-regression', 'v2'))).toBe(false);

    // A changed param is a changed model: v2, with its own metrics.
    const doc = readJson(template);
    doc.nodes.find((n: { id: string }) => n.id === 'train-lr').params.C = 0.01;
    const changed = path.join(tmp(), 'changed.pipeline.json');
    writeFileSync(changed, JSON.stringify(doc));
    const out3 = tmp();
    const r3 = crispflow(['run', changed, '--out', out3, '--registry', registry]);
    expect(r3.code, r3.stderr).toBe(0);
    const s3 = readJson(path.join(out3, 'summary.json'));
    const model3 = s3.nodes['train-lr'].outputs.model;
    expect(model3).toMatchObject({ version: 2, newVersion: true });
    expect(model3.fingerprint).not.toBe(model1.fingerprint);
    const reg3 = readJson(path.join(registry, 'registry.json'));
    expect(reg3.versions.map((v: { version: number; params: { C: number } }) => [v.version, v.params.C])).toEqual([
      [1, 1],
      [2, 0.01],
    ]);
    expect(reg3.versions[1].metrics.auc).toBe(s3.nodes.evaluate.outputs.metrics.auc);
    expect(readFileSync(path.join(out3, model3.card), 'utf8')).toContain('# Model card: Logistic regression v2');

    // `serve --model` loads the written file without training and serves that very model.
    const logs: string[] = [];
    const server = await startScoringServer({ file: template, model: path.join(out1, model1.file), port: 0, log: (m) => logs.push(m) });
    if ('errors' in server) throw new Error(server.errors.join('\n'));
    try {
      expect(logs.join('\n')).toMatch(/Loaded the logistic-regression model/);
      const health = await (await fetch(`http://127.0.0.1:${server.port}/health`)).json();
      expect(health.model.fingerprint).toBe(model1.fingerprint);
      const row = { department: 'Sales', tenure_years: 5, kpi_score: 80, training_score: 70, peer_rating: 4, projects_led: 2, awards: 1 };
      const scored = await (await fetch(`http://127.0.0.1:${server.port}/score`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ rows: [row] }) })).json();
      expect(scored.results[0].score).toBeGreaterThan(0);
      expect(scored.results[0].score).toBeLessThan(1);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('refuses a corrupt registry.json with exit 2, naming the file and what to do, and runs nothing', () => {
    const registry = tmp();
    const file = path.join(registry, 'registry.json');
    writeFileSync(file, '{"format": "crispflow-model-registry/1", "versions": [');
    const out = tmp();
    const r = crispflow(['run', template, '--out', out, '--registry', registry]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`The model registry ${file} is not valid JSON`);
    expect(r.stderr).toMatch(/Restore .* from a backup, or move it away/);
    expect(r.stderr).toMatch(/Nothing was run\./);
    expect(existsSync(path.join(out, 'summary.json'))).toBe(false);
    // The broken file is left as it was for the user to recover.
    expect(readFileSync(file, 'utf8')).toBe('{"format": "crispflow-model-registry/1", "versions": [');
  });
});
