/** Page object for the results dock: tabs per output port and the viewers inside them. */
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export class ResultsPage {
  readonly page: Page;
  readonly dock: Locator;

  constructor(page: Page, root?: Locator) {
    this.page = page;
    this.dock = root ?? page.getByTestId('results-dock');
  }

  async openTab(port: string): Promise<void> {
    const tab = this.dock.getByTestId(`result-tab-${port}`);
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }

  metric(key: string): Locator {
    return this.dock.getByTestId(`metric-${key}`);
  }

  async metricValue(key: string): Promise<number> {
    const text = await this.metric(key).locator('.cf-headline-value').innerText();
    return Number(text);
  }

  get slider(): Locator {
    return this.dock.getByTestId('threshold-slider');
  }

  /** Moves the threshold slider with the keyboard (each press is one step of 0.005). */
  async moveThreshold(steps: number): Promise<void> {
    await this.slider.focus();
    const key = steps > 0 ? 'ArrowRight' : 'ArrowLeft';
    for (let i = 0; i < Math.abs(steps); i++) await this.page.keyboard.press(key);
  }

  async livePercent(which: 'precision' | 'recall' | 'selection-rate'): Promise<number> {
    const text = await this.dock.getByTestId(`live-${which}`).locator('strong').innerText();
    return Number(text.replace('%', ''));
  }

  get grid(): Locator {
    return this.dock.getByTestId('table-grid');
  }

  async showProfile(column: string): Promise<Locator> {
    // The column picker reaches every column, including those scrolled out of the virtualised grid.
    await this.dock.getByTestId('profile-column').selectOption({ label: column });
    const profile = this.dock.getByTestId('column-profile');
    await expect(profile.getByRole('heading', { name: column })).toBeVisible();
    return profile;
  }

  async downloadCsv(): Promise<{ download: Download; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.dock.getByTestId('download-csv').click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return { download, text: Buffer.concat(chunks).toString('utf8') };
  }
}
