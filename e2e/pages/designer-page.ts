/**
 * Page object for the designer: what a person does (drag from the palette, connect ports, set
 * params, run) expressed as methods, so specs read as user stories.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class DesignerPage {
  readonly page: Page;
  readonly canvas: Locator;
  readonly inspector: Locator;
  readonly palette: Locator;
  readonly notices: Locator;

  constructor(page: Page) {
    this.page = page;
    this.canvas = page.getByTestId('canvas');
    this.inspector = page.locator('aside.cf-inspector');
    this.palette = page.getByRole('navigation', { name: 'Node palette' });
    this.notices = page.getByTestId('notice');
  }

  /** Opens the app on a fresh profile (no saved pipelines); closes the template gallery. */
  async openFresh(): Promise<void> {
    await this.page.goto('/');
    await this.dismissGallery();
  }

  async dismissGallery(): Promise<void> {
    const gallery = this.page.getByRole('dialog', { name: 'Start a pipeline' });
    // On a fresh profile the gallery opens once the saved pipelines have been read.
    const shown = await gallery
      .waitFor({ state: 'visible', timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (shown) {
      await gallery.getByRole('button', { name: /Empty canvas/ }).click();
      await expect(gallery).toBeHidden();
    }
  }

  async chooseTemplate(id: string): Promise<void> {
    await this.page.locator(`[data-template="${id}"]`).click();
  }

  paletteItem(type: string): Locator {
    return this.palette.locator(`[data-node-type="${type}"]`);
  }

  node(id: string): Locator {
    return this.canvas.locator(`[data-testid="node-card"][data-node-id="${id}"]`);
  }

  nodeStatus(id: string): Locator {
    return this.node(id).getByTestId('node-status');
  }

  /** Drags a palette item onto the canvas at a point relative to the canvas' top-left corner. */
  async dragFromPalette(type: string, at: { x: number; y: number }): Promise<void> {
    const box = await this.canvas.boundingBox();
    if (!box) throw new Error('canvas not visible');
    const before = await this.canvas.locator('[data-testid="node-card"]').count();
    await this.paletteItem(type).dragTo(this.canvas, { targetPosition: at });
    await expect(this.canvas.locator('[data-testid="node-card"]')).toHaveCount(before + 1);
  }

  handle(nodeId: string, port: string, side: 'source' | 'target'): Locator {
    return this.page.locator(`.react-flow__node[data-id="${nodeId}"] .react-flow__handle.${side}[data-handleid="${port}"]`);
  }

  /** Drags from an output port to an input port with the mouse. */
  async connect(from: { node: string; port: string }, to: { node: string; port: string }): Promise<void> {
    const a = await this.handle(from.node, from.port, 'source').boundingBox();
    const b = await this.handle(to.node, to.port, 'target').boundingBox();
    if (!a || !b) throw new Error(`handle not found: ${from.node}.${from.port} or ${to.node}.${to.port}`);
    const m = this.page.mouse;
    await m.move(a.x + a.width / 2, a.y + a.height / 2);
    await m.down();
    await m.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await m.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
    await m.up();
  }

  async edgeCount(): Promise<number> {
    return this.page.locator('.react-flow__edge').count();
  }

  async select(nodeId: string): Promise<void> {
    const head = this.node(nodeId).locator('.cf-card-head');
    // In big pipelines a card can sit under the minimap; then click it the way the minimap cannot block.
    const clickable = await head
      .click({ trial: true, timeout: 2000 })
      .then(() => true)
      .catch(() => false);
    if (clickable) await head.click();
    else await head.dispatchEvent('click');
    await expect(this.inspector.getByRole('heading', { level: 2 })).toBeVisible();
  }

  param(name: string): Locator {
    return this.inspector.locator(`[data-param="${name}"]`);
  }

  async setNumber(name: string, value: number): Promise<void> {
    const input = this.param(name);
    await input.fill(String(value));
    await input.press('Tab');
  }

  async setSelect(name: string, value: string): Promise<void> {
    await this.param(name).selectOption(value);
  }

  async setText(name: string, value: string): Promise<void> {
    const input = this.param(name);
    await input.fill(value);
    await input.press('Tab');
  }

  /** Ticks exactly these columns in a columns picker. */
  async setColumns(name: string, columns: string[]): Promise<void> {
    const box = this.param(name);
    await box.getByRole('button', { name: 'Clear' }).click();
    for (const c of columns) await box.getByRole('checkbox', { name: new RegExp(`^${c}\\b`) }).check();
  }

  toolbarButton(name: string | RegExp): Locator {
    return this.page.getByRole('toolbar', { name: 'Pipeline actions' }).getByRole('button', { name });
  }

  async runAll(): Promise<void> {
    await this.toolbarButton(/Run all/).click();
  }

  async runToHere(): Promise<void> {
    await this.toolbarButton('Run to here').click();
  }

  async stop(): Promise<void> {
    await this.toolbarButton(/Stop/).click();
  }

  async undo(): Promise<void> {
    await this.toolbarButton('Undo').click();
  }

  async redo(): Promise<void> {
    await this.toolbarButton('Redo').click();
  }

  /** Adds a node the keyboard way (focus its palette item, Enter): it lands at the canvas centre. */
  async addWithKeyboard(type: string): Promise<void> {
    await this.paletteItem(type).focus();
    await this.page.keyboard.press('Enter');
    await expect.poll(() => this.nodeIds()).toContain(type);
  }

  /**
   * The human-review set-up: the promotion template with a human-review node on the logistic
   * regression's predictions (items by employee_id, scores from 0.95 up, so only a few rows need a
   * person), run until that node waits for review. `groupColumn` and `scope` are set when given.
   */
  async runPromotionToReview(settings: { groupColumn?: string; scope?: string } = {}): Promise<void> {
    await this.page.goto('/');
    await this.chooseTemplate('promotion-baseline');
    await expect(this.node('train-lr')).toBeVisible();
    await this.addWithKeyboard('human-review');
    await this.connect({ node: 'train-lr', port: 'predictions' }, { node: 'human-review', port: 'predictions' });
    await this.setSelect('itemColumn', 'employee_id');
    if (settings.groupColumn) await this.setSelect('groupColumn', settings.groupColumn);
    await this.setNumber('threshold', 0.95);
    if (settings.scope) await this.setSelect('scope', settings.scope);
    await this.runAll();
    await expect(this.nodeStatus('human-review')).toContainText('Waiting for review', { timeout: 60_000 });
  }

  /** Selects the waiting human-review node; its review queue takes the results dock's place. */
  async openReviewQueue(): Promise<Locator> {
    await this.select('human-review');
    const queue = this.page.getByTestId('review-queue');
    await expect(queue).toBeVisible();
    return queue;
  }

  async nodeIds(): Promise<string[]> {
    return this.canvas.locator('[data-testid="node-card"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id') ?? ''));
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `e2e/screenshots/${name}.png` });
  }
}
