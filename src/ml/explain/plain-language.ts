/**
 * Plain-language driver sentences for HR readers ("pay 12% below market", "engagement down 0.8 over
 * the last surveys"), from a feature name, the person's value and its SHAP contribution. Known HR
 * feature names get tailored wording; anything else reads "<column>: <value>".
 */
export interface Driver {
  feature: string;
  /** The person's value (number, category label, or null when missing). */
  value: number | string | null;
  /** SHAP contribution on the explanation's scale (positive raises the score). */
  contribution: number;
  /** e.g. "pay 12% below market". */
  text: string;
  direction: 'raises' | 'lowers';
}

function fmt(v: number, digits = 2): string {
  if (Number.isInteger(v)) return String(v);
  return Number(v.toFixed(digits)).toString();
}

/** A short phrase describing the value of a feature for one person. */
export function describeValue(feature: string, value: number | string | null): string {
  const f = feature.toLowerCase();
  if (value === null || (typeof value === 'number' && Number.isNaN(value))) return `no ${feature.replace(/_/g, ' ')} on record`;
  if (typeof value === 'string') return `${feature.replace(/_/g, ' ')}: ${value}`;
  const v = value;
  if (f.includes('market_ratio') || f === 'compa_ratio') {
    const pct = Math.round(Math.abs(1 - v) * 100);
    if (pct < 2) return 'pay in line with market';
    return `pay ${pct}% ${v < 1 ? 'below' : 'above'} market`;
  }
  if (f.includes('sentiment')) {
    const tone = v < -0.05 ? 'negative' : v > 0.05 ? 'positive' : 'neutral';
    return f.includes('mean') ? `${tone} survey comments lately` : `${tone} latest survey comment`;
  }
  if (f.includes('engagement')) {
    if (f.includes('delta')) return Math.abs(v) < 0.05 ? 'engagement steady over the last surveys' : `engagement ${v < 0 ? 'down' : 'up'} ${fmt(Math.abs(v), 1)} over the last surveys`;
    if (f.includes('trend')) return Math.abs(v) < 0.02 ? 'engagement flat' : `engagement ${v < 0 ? 'falling' : 'rising'} ${fmt(Math.abs(v), 2)} per survey`;
    if (f.includes('mean')) return `average engagement ${fmt(v, 1)} of 5 recently`;
    return `engagement ${fmt(v, 1)} of 5`;
  }
  if (f.includes('rating')) {
    if (f.includes('delta')) return v === 0 ? 'rating unchanged at the last review' : `rating ${v < 0 ? 'dropped' : 'rose'} ${fmt(Math.abs(v), 1)} at the last review`;
    return `rating ${fmt(v, 1)} of 5`;
  }
  if (f.includes('tenure')) return `${fmt(v, 1)} years in the company`;
  if (f === 'age') return `age ${fmt(v, 0)}`;
  if (f.includes('salary')) return `salary ${Math.round(v).toLocaleString('en')}`;
  return `${feature.replace(/_/g, ' ')} ${fmt(v)}`;
}

/** Window-feature suffixes (see nodes/window-features) and how to say them. */
const WINDOW_SUFFIXES: Array<[RegExp, (base: string, k: string) => string]> = [
  [/^(.*)_mean_(\d+)$/, (b, k) => `average ${b} (last ${k})`],
  [/^(.*)_delta_(\d+)$/, (b, k) => `change in ${b} (over last ${k})`],
  [/^(.*)_trend_(\d+)$/, (b, k) => `trend in ${b} (last ${k})`],
  [/^(.*)_lag_(\d+)$/, (b, k) => `${b} ${k} back`],
];

const KNOWN_NAMES: Record<string, string> = {
  market_ratio: 'pay vs market',
  compa_ratio: 'pay vs market',
  comment_sentiment: 'survey comment tone',
  engagement_score: 'engagement score',
  rating: 'performance rating',
  tenure_years: 'years in the company',
  base_salary: 'salary',
};

/**
 * A short plain-language name for a feature column, for pickers such as the manager what-if
 * ("comment_sentiment_mean_3" → "average survey comment tone (last 3)"); unknown names read with
 * underscores as spaces.
 */
export function featureLabel(feature: string): string {
  const f = feature.toLowerCase();
  if (KNOWN_NAMES[f]) return KNOWN_NAMES[f];
  for (const [re, say] of WINDOW_SUFFIXES) {
    const m = re.exec(f);
    if (m) return say(featureLabel(m[1]), m[2]);
  }
  return feature.replace(/_/g, ' ');
}

export function driver(feature: string, value: number | string | null, contribution: number): Driver {
  return { feature, value, contribution, text: describeValue(feature, value), direction: contribution >= 0 ? 'raises' : 'lowers' };
}

/**
 * The k strongest drivers of one row by |contribution|; with `riskOnly`, only those that raise the
 * score (what a manager can act on), falling back to the strongest ones when none does.
 */
export function topDrivers(
  features: string[],
  contributions: ArrayLike<number>,
  values: Array<number | string | null>,
  k = 3,
  riskOnly = false,
): Driver[] {
  const idx = features.map((_, g) => g).sort((a, b) => Math.abs(contributions[b]) - Math.abs(contributions[a]));
  const pick = riskOnly ? idx.filter((g) => contributions[g] > 0) : idx;
  return (pick.length > 0 ? pick : idx).slice(0, k).map((g) => driver(features[g], values[g], contributions[g]));
}
