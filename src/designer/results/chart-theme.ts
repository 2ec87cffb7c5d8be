/** Colours for charts (Plot needs literal colours, not CSS variables). Calm, colour-blind-safe pair. */
export const ACCENT = '#3b6e8f';
export const ACCENT_2 = '#d08c2b';
export const NEGATIVE = '#b5523b';
export const MUTED = '#9aa5b1';
