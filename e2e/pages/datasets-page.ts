/**
 * Page object for the datasets panel: upload files (picker or drop on the canvas), read what was
 * imported (size, rows, columns, problems), preview, use on the canvas, delete.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export class DatasetsPage {
  readonly page: Page;
  readonly panel: Locator;

  constructor(page: Page) {
    this.page = page;
    this.panel = page.getByTestId('datasets-panel');
  }

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Datasets' }).click();
    await expect(this.panel).toBeVisible();
  }

  /** Uploads through the panel's file picker; resolves when the upload finished (or failed). */
  async upload(file: UploadFile | string): Promise<void> {
    await this.panel.getByTestId('dataset-file-input').setInputFiles(file);
  }

  item(name: string): Locator {
    return this.panel.locator(`[data-testid="dataset-item"][data-name="${name}"]`);
  }

  async waitForDataset(name: string, timeout = 30_000): Promise<Locator> {
    const item = this.item(name);
    await expect(item).toBeVisible({ timeout });
    return item;
  }

  facts(name: string): Locator {
    return this.item(name).getByTestId('dataset-facts');
  }

  problems(name: string): Locator {
    return this.item(name).getByTestId('dataset-problems');
  }

  async useOnCanvas(name: string): Promise<void> {
    await this.item(name).getByTestId('use-dataset').click();
  }

  async preview(name: string): Promise<Locator> {
    await this.item(name).getByTestId('preview-dataset').click();
    const dialog = this.page.getByTestId('dataset-preview');
    await expect(dialog).toBeVisible();
    return dialog;
  }

  async delete(name: string): Promise<void> {
    await this.item(name).getByTestId('delete-dataset').click();
    await this.item(name).getByTestId('confirm-delete').click();
    await expect(this.item(name)).toHaveCount(0);
  }

  /** Drops a file on the canvas the way a browser does (a DataTransfer carrying a File). */
  async dropOnCanvas(file: { name: string; mimeType: string; text: string }): Promise<void> {
    const canvas = this.page.getByTestId('canvas');
    const dataTransfer = await this.page.evaluateHandle(
      ({ name, mimeType, text }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], name, { type: mimeType }));
        return dt;
      },
      file,
    );
    await canvas.dispatchEvent('dragenter', { dataTransfer });
    await canvas.dispatchEvent('dragover', { dataTransfer });
    await canvas.dispatchEvent('drop', { dataTransfer });
  }
}
