/**
 * Resolves the app's font stacks once, while the browser is idle after start-up. On Linux each
 * family of a stack the system lacks (ui-monospace, SFMono-Regular, Menlo, Consolas) is a round
 * trip to the browser process; done lazily, those trips land in the first frame that shows such
 * text (the inspector's node id in <code>, the first time a node is selected or added) and cost
 * that frame 5–30 ms. Measuring a character with each stack on a canvas makes the renderer look
 * the fonts up now, without touching the page.
 */
export const WARM_FONTS = [
  // styles.css: code
  '13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  // datasets.css, results.css: problem values and fingerprints
  '13px ui-monospace, SFMono-Regular, Menlo, monospace',
  // styles.css: body text, bold and italic (help texts)
  "bold 13px system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  "italic 13px system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
];

export function warmFonts(fonts: readonly string[] = WARM_FONTS): void {
  const canvas = typeof document !== 'undefined' ? document.createElement('canvas') : undefined;
  const ctx = canvas?.getContext('2d');
  if (!ctx) return;
  for (const font of fonts) {
    ctx.font = font;
    ctx.measureText('Aa0');
  }
}

/** Warms the fonts when the main thread is next idle (never during start-up's first render). */
export function warmFontsWhenIdle(): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => warmFonts(), { timeout: 2000 });
  else setTimeout(() => warmFonts(), 500);
}
