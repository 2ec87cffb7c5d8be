/**
 * Lessons as a learner does them: open a lesson from the Lessons button, build and run what each step
 * asks (palette, ports, inspector, Run), read the results, and watch the panel's checks pass and the
 * step advance. Also: a broken lesson file is refused naming step and field, progress exports, the
 * phase-lanes view keeps nodes in their lanes, and the panel has no serious axe violations.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';
import { ResultsPage } from './pages/results-page.ts';
import { startStudio, stopStudio } from './pages/studio-process.ts';

class LessonPanel {
  readonly panel: Locator;
  constructor(readonly page: Page) {
    this.panel = page.getByTestId('lesson-panel');
  }

  async start(title: string): Promise<void> {
    await this.page.getByRole('toolbar', { name: 'Pipeline actions' }).getByRole('button', { name: 'Lessons' }).click();
    const picker = this.page.getByTestId('lesson-picker');
    await picker.getByRole('button', { name: `Start: ${title}` }).click();
    await expect(picker).toBeHidden();
    await expect(this.panel).toBeVisible();
  }

  async expectStep(id: string, passed?: boolean): Promise<void> {
    await expect(this.panel).toHaveAttribute('data-step', id);
    if (passed !== undefined) await expect(this.panel).toHaveAttribute('data-passed', String(passed));
  }

  /** Waits for the step's checks to pass, then clicks Next and checks the panel moved on. */
  async next(expectedNext: string): Promise<void> {
    await expect(this.panel).toHaveAttribute('data-passed', 'true', { timeout: 60_000 });
    await this.panel.getByTestId('lesson-next').click();
    // A step can pass at once (e.g. its result is already on screen), so only the step is checked here.
    await this.expectStep(expectedNext);
  }

  async complete(): Promise<void> {
    await expect(this.panel).toHaveAttribute('data-passed', 'true', { timeout: 30_000 });
    await expect(this.panel.getByTestId('lesson-complete')).toHaveText('Lesson complete');
  }
}

/** Adds a node of `type` from the palette (keyboard), fits the view so it is on screen, and returns its id. */
async function newNodeId(d: DesignerPage, type: string, before: string[]): Promise<string> {
  const count = before.filter((x) => x === type || x.startsWith(`${type}-`)).length;
  const id = count === 0 ? type : `${type}-${count + 1}`;
  await d.paletteItem(type).focus();
  await d.page.keyboard.press('Enter');
  // The "Added …" notices sit over the top of the canvas: close them as a person would.
  const closers = d.notices.getByRole('button');
  for (let k = await closers.count(); k > 0; k--) await closers.first().click();
  await d.toolbarButton('Fit view').click();
  await d.page.waitForTimeout(300);
  await reveal(d, id);
  // Let the fit-view animation finish before dragging wires to the new node's ports.
  await d.page.waitForTimeout(500);
  return id;
}

/** Zooms out until node `id` is drawn (the canvas draws only what is in view), as a person scrolls to find it. */
async function reveal(d: DesignerPage, id: string): Promise<void> {
  for (let k = 0; k < 8 && (await d.node(id).count()) === 0; k++) {
    await d.page.getByRole('button', { name: 'Zoom Out' }).click();
    await d.page.waitForTimeout(150);
  }
  await expect(d.node(id)).toBeVisible();
}

async function select(d: DesignerPage, id: string): Promise<void> {
  await reveal(d, id);
  await d.select(id);
}

/** Connects two ports by dragging, as a person does, and checks a wire was added. */
async function wire(d: DesignerPage, from: { node: string; port: string }, to: { node: string; port: string }): Promise<void> {
  await reveal(d, from.node);
  await reveal(d, to.node);
  await d.connect(from, to);
  await expect(d.page.locator(`.react-flow__edge[data-id="${from.node}.${from.port}->${to.node}.${to.port}"]`)).toHaveCount(1);
}

async function seriousViolations(page: Page, include: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(include).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('fairness and mitigation on promotion: measure DI, mitigate, check DI ≥ 0.8; export progress; axe clean', async ({ page }) => {
  test.setTimeout(180_000);
  const d = new DesignerPage(page);
  const l = new LessonPanel(page);
  await d.openFresh();
  await l.start('Promotion: measure and mitigate bias');
  await expect(d.node('train-lr')).toBeVisible();
  await l.expectStep('protected');
  await expect(l.panel.getByTestId('lesson-phase')).toHaveText('Business understanding');
  await expect(l.panel.getByTestId('lesson-next')).toBeDisabled();
  await l.panel.getByTestId('lesson-show-hint').click();
  await expect(l.panel.getByTestId('lesson-hint')).toContainText('Protected attributes');
  await d.screenshot('lesson-panel-step1');
  expect(await seriousViolations(page, '[data-testid="lesson-panel"]'), 'lesson panel').toEqual([]);

  await newNodeId(d, 'business-understanding', await d.nodeIds());
  await d.setText('protectedAttributes', 'group');
  await l.next('measure');

  await select(d, 'train-lr');
  await newNodeId(d, 'fairness-metrics', await d.nodeIds());
  await wire(d, { node: 'train-lr', port: 'predictions' }, { node: 'fairness-metrics', port: 'data' });
  await select(d, 'fairness-metrics');
  await d.setColumns('protected', ['group']);
  await expect(l.panel.getByTestId('lesson-checks').locator('li[data-passed="true"]')).toHaveCount(1);
  await d.runAll();
  await expect(d.nodeStatus('fairness-metrics')).toContainText('Done', { timeout: 60_000 });
  await select(d, 'fairness-metrics');
  await l.next('mitigate');
  await expect(l.panel.getByTestId('lesson-phase')).toHaveText('Modeling');

  await select(d, 'train-lr');
  const before = await d.nodeIds();
  const optimizer = await newNodeId(d, 'threshold-optimizer', before);
  await wire(d, { node: 'train-lr', port: 'predictions' }, { node: optimizer, port: 'data' });
  await select(d, optimizer);
  await d.setColumns('protected', ['group']);
  await d.setSelect('constraint', 'demographic-parity');
  await l.next('check-again');

  const after = await newNodeId(d, 'fairness-metrics', await d.nodeIds());
  await wire(d, { node: optimizer, port: 'predictions' }, { node: after, port: 'data' });
  await select(d, after);
  await d.setColumns('protected', ['group']);
  await d.runAll();
  await expect(d.nodeStatus(after)).toContainText('Done', { timeout: 60_000 });
  await l.complete();
  await d.screenshot('lesson-panel-complete');

  // A trainer exports the learner's progress: every step passed, with its times.
  const download = page.waitForEvent('download');
  await l.panel.getByTestId('lesson-export').click();
  const file = await (await download).path();
  const progress = JSON.parse(readFileSync(file, 'utf8')) as { stepsPassed: number; completedAt: string; steps: Array<{ id: string; shownAt: string; hintRevealedAt: string | null; passedAt: string }> };
  expect(progress.stepsPassed).toBe(4);
  expect(progress.steps.map((s) => s.id)).toEqual(['protected', 'measure', 'mitigate', 'check-again']);
  expect(progress.steps[0].hintRevealedAt).not.toBeNull();
  for (const s of progress.steps) expect(Date.parse(s.passedAt)).toBeGreaterThanOrEqual(Date.parse(s.shownAt));
  expect(progress.completedAt).toBe(progress.steps[3].passedAt);

  // Progress survives a reload: the panel comes back on the last step.
  await page.reload();
  await expect(l.panel).toHaveAttribute('data-step', 'check-again');
});

test('explanations and human review: explain, route to a panel, decide every case', async ({ page }) => {
  test.setTimeout(240_000);
  const d = new DesignerPage(page);
  const l = new LessonPanel(page);
  await d.openFresh();
  await l.start('Explanations and human review');
  await expect(d.node('train-lr')).toBeVisible();
  await l.expectStep('who-decides');
  await newNodeId(d, 'business-understanding', await d.nodeIds());
  await d.setText('stakeholders', 'Promotion panel of two HR business partners; works council informed.');
  await l.next('explain');

  await select(d, 'evaluate');
  await newNodeId(d, 'explain', await d.nodeIds());
  await wire(d, { node: 'train-lr', port: 'model' }, { node: 'explain', port: 'model' });
  await wire(d, { node: 'split', port: 'test' }, { node: 'explain', port: 'table' });
  await d.runAll();
  await expect(d.nodeStatus('explain')).toContainText('Done', { timeout: 120_000 });
  await select(d, 'explain');
  await l.next('panel');

  await newNodeId(d, 'human-review', await d.nodeIds());
  await wire(d, { node: 'train-lr', port: 'predictions' }, { node: 'human-review', port: 'predictions' });
  await wire(d, { node: 'explain', port: 'explanation' }, { node: 'human-review', port: 'explanation' });
  await select(d, 'human-review');
  await d.setSelect('itemColumn', 'employee_id');
  await d.setSelect('scope', 'recommended');
  await d.setNumber('threshold', 0.95);
  await l.next('decide');

  await d.runAll();
  await expect(d.nodeStatus('human-review')).toContainText('Waiting for review', { timeout: 60_000 });
  const queue = await d.openReviewQueue();
  await queue.getByTestId('reviewer-name').fill('Ana');
  const open = queue.locator('[data-testid="review-item"][data-status="open"]');
  const n = await open.count();
  expect(n).toBeGreaterThan(0);
  for (let k = 0; k < n; k++) {
    const item = open.first();
    await item.getByTestId('assessment').fill('Strong KPIs and peer ratings.');
    await item.getByTestId('show-score').click();
    await item.getByTestId('accept').click();
    await expect(open).toHaveCount(n - k - 1);
  }
  await queue.getByTestId('review-continue').click();
  await expect(d.nodeStatus('human-review')).toContainText(/Done|Cached/, { timeout: 60_000 });
  await l.complete();
});

test('CRISP-DM tour on resume screening: goal, data, anonymising, model, AUC, DI by gender, export', async ({ page }) => {
  test.setTimeout(300_000);
  const d = new DesignerPage(page);
  const l = new LessonPanel(page);
  await d.openFresh();
  await l.start('A CRISP-DM tour: resume screening');
  await expect(d.node('train-lr')).toBeVisible();
  await newNodeId(d, 'business-understanding', await d.nodeIds());
  await d.setText('objective', 'Shortlist applicants for a first interview faster, without disadvantaging any group.');
  await l.next('look-at-data');
  await expect(l.panel.getByTestId('lesson-phase')).toHaveText('Data understanding');

  await select(d, 'source');
  await d.runToHere();
  await expect(d.nodeStatus('source')).toContainText('Done', { timeout: 60_000 });
  await l.next('anonymise');

  await select(d, 'anonymise');
  await d.runToHere();
  await expect(d.nodeStatus('anonymise')).toContainText('Done', { timeout: 60_000 });
  await l.next('train');

  await select(d, 'evaluate-lr');
  await d.runToHere();
  await expect(d.nodeStatus('evaluate-lr')).toContainText('Done', { timeout: 180_000 });
  await l.next('accuracy');
  await select(d, 'evaluate-lr');
  await expect(page.getByTestId('results-dock')).toContainText('AUC');
  await l.next('fairness');

  await select(d, 'fairness-lr');
  await d.runToHere();
  await expect(d.nodeStatus('fairness-lr')).toContainText('Done', { timeout: 60_000 });
  // The fairness report a learner downloads opens with the objective written in the first step.
  const results = new ResultsPage(page);
  await results.openTab('report');
  const [download] = await Promise.all([page.waitForEvent('download'), results.dock.getByTestId('report-download-fairness-lr-fairness.html').click()]);
  const report = readFileSync((await download.path())!, 'utf8');
  expect(report).toContain('<h2 id="business-understanding">Business understanding</h2>');
  expect(report).toContain('<dt>Objective</dt><dd><p>Shortlist applicants for a first interview faster, without disadvantaging any group.</p></dd>');
  await l.next('hand-on');

  await newNodeId(d, 'export-table', await d.nodeIds());
  await wire(d, { node: 'train-lr', port: 'predictions' }, { node: 'export-table', port: 'table' });
  await l.complete();
});

test('attrition: a random split shown and removed, then time-series cross-validation', async ({ page }) => {
  test.setTimeout(360_000);
  const d = new DesignerPage(page);
  const l = new LessonPanel(page);
  await d.openFresh();
  await l.start('Attrition: validate in time order');
  await expect(d.canvas.locator('[data-testid="node-card"]').first()).toBeVisible();
  await newNodeId(d, 'business-understanding', await d.nodeIds());
  await d.setText('objective', 'Find who in Sales may leave within six months, so HR partners can talk to them early.');
  await expect(l.panel.getByTestId('lesson-checks').locator('li[data-passed="true"]')).toHaveCount(1);
  await d.setText('successCriteria', 'Flag most leavers a quarter ahead; nobody is treated differently because of a score alone.');
  await l.next('panel');

  await select(d, 'labelled');
  await d.runToHere();
  await expect(d.nodeStatus('labelled')).toContainText('Done', { timeout: 120_000 });
  await select(d, 'panel');
  await l.next('random-split');

  await select(d, 'labelled');
  await newNodeId(d, 'train-test-split', await d.nodeIds());
  await wire(d, { node: 'labelled', port: 'table' }, { node: 'train-test-split', port: 'table' });
  await select(d, 'train-test-split');
  await d.runToHere();
  await expect(d.nodeStatus('train-test-split')).toContainText('Done', { timeout: 120_000 });
  await expect(page.getByTestId('results-dock')).toContainText('snapshot_date');
  await l.next('remove-split');

  await select(d, 'train-test-split');
  await page.keyboard.press('Delete');
  await expect(d.node('train-test-split')).toHaveCount(0);
  await l.next('time-series-cv');

  await select(d, 'cv');
  await expect(d.param('gapMonths')).toHaveValue('6');
  await d.runToHere();
  await expect(d.nodeStatus('cv')).toContainText('Done', { timeout: 240_000 });
  await select(d, 'cv');
  await l.complete();
});

test('a lesson file with an unknown check is refused naming step and field; a valid one opens', async ({ page }) => {
  const d = new DesignerPage(page);
  await d.openFresh();
  await page.getByRole('toolbar', { name: 'Pipeline actions' }).getByRole('button', { name: 'Lessons' }).click();
  const picker = page.getByTestId('lesson-picker');
  const bad = {
    format: 1,
    id: 'bad',
    title: 'Bad',
    summary: 'S',
    steps: [{ id: 'first', title: 'F', phase: 'modeling', text: 't', hint: 'h', checks: [{ kind: 'run-script', code: 'x' }] }],
  };
  await picker.getByTestId('lesson-file-input').setInputFiles({ name: 'bad.lesson.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(picker.getByTestId('lesson-file-problems')).toContainText('Step 1 ("first"): field checks[0].kind: unknown check kind "run-script"');
  const good = { ...bad, id: 'trainer-own', title: 'Our own lesson', steps: [{ ...bad.steps[0], checks: [{ kind: 'node-exists', type: 'kmeans' }] }] };
  await picker.getByTestId('lesson-file-input').setInputFiles({ name: 'own.lesson.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await expect(picker.getByTestId('lesson-file-problems')).toHaveCount(0);
  await picker.getByRole('button', { name: 'Start: Our own lesson' }).click();
  const l = new LessonPanel(page);
  await l.expectStep('first');
  await newNodeId(d, 'kmeans', await d.nodeIds());
  await l.complete();
});

test('phase lanes: one labelled lane per phase behind the nodes; Tidy up keeps each node in its lane', async ({ page }) => {
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion');
  await expect(d.node('split')).toBeVisible();
  await page.getByRole('button', { name: 'Hide results' }).click();
  await page.getByTestId('lanes-toggle').click();
  await expect(page.getByTestId('lanes-toggle')).toHaveAttribute('aria-pressed', 'true');
  const lanes = page.locator('.cf-lane');
  await expect(lanes).toHaveCount(6);
  await expect(page.locator('.cf-lane-label')).toHaveText(['Business understanding', 'Data understanding', 'Data preparation', 'Modeling', 'Evaluation', 'Deployment']);
  const phases: Record<string, string> = {
    source: 'data-understanding',
    proxies: 'data-understanding',
    split: 'data-preparation',
    reweighing: 'data-preparation',
    clusters: 'modeling',
    'train-lr': 'modeling',
    adversarial: 'modeling',
    'train-lr-reweighed': 'modeling',
    'history-fairness': 'evaluation',
    'fairness-unmitigated': 'evaluation',
    'fairness-adversarial': 'evaluation',
    'fairness-reweighed': 'evaluation',
    'explain-recommender': 'evaluation',
    'panel-review': 'deployment',
    recommendations: 'deployment',
  };
  /** Nodes on screen whose centre lies outside the lane of their phase (the canvas renders only visible nodes). */
  const misplaced = async () => {
    const out: string[] = [];
    let seen = 0;
    for (const [id, phase] of Object.entries(phases)) {
      if ((await d.node(id).count()) === 0) continue;
      seen++;
      const card = await d.node(id).boundingBox();
      const lane = await page.locator(`.cf-lane[data-phase="${phase}"]`).boundingBox();
      if (!card || !lane) continue;
      const cy = card.y + card.height / 2;
      if (cy <= lane.y || cy >= lane.y + lane.height) out.push(`${id} (${phase})`);
    }
    return seen >= 6 ? out : ['fewer than 6 nodes on screen'];
  };
  // Turning lanes on tidies the nodes into their lanes (ELK loads in a worker first).
  await expect.poll(misplaced, { timeout: 10_000 }).toEqual([]);
  await d.screenshot('phase-lanes');

  // A node dragged out of place goes back to its lane on Tidy up.
  const card = await d.node('split').locator('.cf-card-head').boundingBox();
  await page.mouse.move(card!.x + 20, card!.y + 8);
  await page.mouse.down();
  await page.mouse.move(card!.x + 20, card!.y + 260, { steps: 8 });
  await page.mouse.up();
  await d.toolbarButton('Tidy up').click();
  await expect.poll(misplaced, { timeout: 10_000 }).toEqual([]);
});

test.describe('in the studio', () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'crispflow-lessons-e2e-'));
  const workspace = path.join(base, 'training-room');
  let studio: ChildProcess | undefined;
  let studioUrl = '';
  test.beforeAll(async () => {
    ({ studio, url: studioUrl } = await startStudio(workspace, path.join(base, 'audit.key')));
  });
  test.afterAll(async () => {
    await stopStudio(studio);
  });

  test('progress is saved in the workspace and continues in another browser', async ({ page, browser }) => {
    test.setTimeout(120_000);
    const d = new DesignerPage(page);
    const l = new LessonPanel(page);
    await page.goto(studioUrl);
    await d.dismissGallery();
    await expect(page.getByTestId('studio-badge')).toHaveText('Studio: training-room');
    await l.start('Explanations and human review');
    await expect(d.node('train-lr')).toBeVisible();
    await newNodeId(d, 'business-understanding', await d.nodeIds());
    await d.setText('stakeholders', 'Promotion panel of two HR business partners; works council informed.');
    await l.next('explain');
    // The record in the workspace: step 1 passed, step 2 on screen.
    const file = path.join(workspace, 'lessons', 'progress', 'explanations-human-review.json');
    const record = () => {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as { current: number; steps: Record<string, { passedAt?: string }> };
      } catch {
        return undefined;
      }
    };
    await expect.poll(() => record()?.current, { timeout: 15_000 }).toBe(1);
    expect(record()?.steps['who-decides'].passedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // Another browser (nothing in its own storage) on the same workspace sees the progress and continues it.
    const other = await browser.newContext();
    try {
      const page2 = await other.newPage();
      const d2 = new DesignerPage(page2);
      await page2.goto(studioUrl);
      await d2.dismissGallery();
      await expect(page2.getByTestId('studio-badge')).toHaveText('Studio: training-room');
      await page2.getByRole('toolbar', { name: 'Pipeline actions' }).getByRole('button', { name: 'Lessons' }).click();
      const picker = page2.getByTestId('lesson-picker');
      await expect(picker.getByTestId('lesson-saved-in')).toHaveText('in the workspace training-room');
      const item = picker.locator('[data-lesson="explanations-human-review"]');
      await expect(item).toContainText('1 of 4 steps done');
      await item.getByRole('button', { name: 'Continue: Explanations and human review' }).click();
      await expect(page2.getByTestId('lesson-panel')).toHaveAttribute('data-step', 'explain');
      expect(await page2.evaluate(() => localStorage.getItem('crispflow.lesson.explanations-human-review'))).toBeNull();
    } finally {
      await other.close();
    }
  });
});
