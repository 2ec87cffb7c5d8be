/** Quantile bins per numeric column when a caller gives none (also the drift-report node's default). */
export const DEFAULT_BINS = 10;
