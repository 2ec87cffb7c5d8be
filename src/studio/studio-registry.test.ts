/**
 * One model registry for the designer and the CLI: a model registered by `crispflow run --registry
 * <workspace>/registry` is listed by the studio API, and a model registered through the studio API is
 * listed by the CLI's registry code and passes `crispflow audit verify` on the registry's log.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegistry } from '../cli/model-registry-folder.ts';
import { crispflow, examplePipeline, tempDir } from '../cli/testing/run-cli.ts';
import { rawRequest, startTestStudio } from './testing/studio-test-server.ts';

let studio: Awaited<ReturnType<typeof startTestStudio>>;
let out: string;
beforeAll(async () => {
  studio = await startTestStudio();
  out = tempDir();
});
afterAll(async () => {
  await studio?.close();
});

const auth = () => ({ Authorization: `Bearer ${studio.token}` });

describe('the workspace registry is the CLI registry', () => {
  it('a model registered by `crispflow run --registry <ws>/registry` is listed by the studio, with its card and model file', async () => {
    const r = crispflow(['run', examplePipeline('promotion-baseline'), '--out', out, '--registry', path.join(studio.workspaceDir, 'registry')]);
    expect(r.code, r.stderr).toBe(0);
    const onDisk = await readRegistry(path.join(studio.workspaceDir, 'registry'));
    expect(onDisk.length).toBeGreaterThan(0);
    const listed = JSON.parse((await rawRequest(studio.port, { path: '/api/models', headers: auth() })).text).versions;
    expect(listed).toEqual(onDisk);
    const v = onDisk[0];
    const one = await rawRequest(studio.port, { path: `/api/models/${encodeURIComponent(v.name)}/${v.version}`, headers: auth() });
    expect(one.status).toBe(200);
    expect(JSON.parse(one.text).version).toEqual(v);
    expect(JSON.parse(one.text).card).toContain(v.name);
    const file = await rawRequest(studio.port, { path: `/api/models/${encodeURIComponent(v.name)}/v${v.version}/model`, headers: auth() });
    expect(file.status).toBe(200);
    expect(JSON.parse(file.text)).toMatchObject({ format: 'crispflow-model/1', model: { kind: v.kind, fingerprint: v.fingerprint } });
    expect((await rawRequest(studio.port, { path: `/api/models/${encodeURIComponent(v.name)}/99`, headers: auth() })).status).toBe(404);
  });

  it('a model registered through the studio API is listed by the CLI registry code and its audit log verifies with `crispflow audit verify`', async () => {
    const modelsDir = path.join(out, 'models');
    const modelFile = readdirSync(modelsDir).find((f) => f.endsWith('.model.json'))!;
    const fileObject = JSON.parse(readFileSync(path.join(modelsDir, modelFile), 'utf8')) as { model: { fingerprint: string } };
    // The same trained model under a new name, with a changed fingerprint: a new model, version 1.
    fileObject.model.fingerprint = `${fileObject.model.fingerprint}-designer`;
    const body = { registrations: [{ name: 'Designer promotion model', model: fileObject, metrics: { auc: 0.75 }, pipeline: { name: 'Promotion (designer)', nodeId: 'model' } }] };
    const post = await rawRequest(studio.port, { method: 'POST', path: '/api/models', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(post.status, post.text).toBe(200);
    const { registered } = JSON.parse(post.text);
    expect(registered).toEqual([{ created: true, version: expect.objectContaining({ name: 'Designer promotion model', version: 1, fingerprint: fileObject.model.fingerprint, metrics: expect.objectContaining({ auc: 0.75 }) }) }]);

    const cliView = await readRegistry(path.join(studio.workspaceDir, 'registry'));
    expect(cliView.map((v) => `${v.name} v${v.version}`)).toContain('Designer promotion model v1');
    expect(readdirSync(path.join(studio.workspaceDir, 'registry', 'designer-promotion-model', 'v1')).sort()).toEqual(['card.html', 'card.md', 'model.json']);
    const verify = crispflow(['audit', 'verify', path.join(studio.workspaceDir, 'registry', 'audit.jsonl')]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    // Registering the same training again is not a new version.
    const again = await rawRequest(studio.port, { method: 'POST', path: '/api/models', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(JSON.parse(again.text).registered[0]).toMatchObject({ created: false, version: { version: 1 } });

    // And the CLI's next run on the same registry sees the studio's version (it keeps its own numbering per name).
    const rerun = crispflow(['run', examplePipeline('promotion-baseline'), '--out', tempDir(), '--registry', path.join(studio.workspaceDir, 'registry')]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((await readRegistry(path.join(studio.workspaceDir, 'registry'))).map((v) => v.name)).toContain('Designer promotion model');
  });

  it('refuses a registration that is not a model file, naming the field', async () => {
    const bad = await rawRequest(studio.port, {
      method: 'POST',
      path: '/api/models',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ registrations: [{ name: 'x', model: { format: 'something-else' } }] }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/registrations\[0\]\.model is not a Crispflow model file/);
  });
});
