import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
page.on('dialog', (d) => { errors.push('DIALOG ' + d.message()); d.dismiss(); });
const rows = process.argv[2] ?? '1000000';
await page.goto(`http://localhost:5199/src/designer/results/lab/viewer-lab.html?rows=${rows}`);
await page.waitForSelector('[data-testid=table-viewer]', { timeout: 60000 });
await page.waitForSelector('[data-testid=profile-histogram], [data-testid=profile-top]', { timeout: 60000 });
await page.screenshot({ path: '/tmp/lab/table.png' });
for (const tab of ['metrics', 'model', 'fairness', 'report']) {
  await page.click(`[data-testid=result-tab-${tab}]`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/lab/${tab}.png`, fullPage: true });
}
console.log('errors', errors);
await browser.close();
