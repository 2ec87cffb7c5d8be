/**
 * Plain-language explanations of the terms HR analysts meet in Crispflow. Shown as tooltips next to
 * metrics, params and phases. Keys are lower-case; `explain` also accepts common spellings.
 */
export interface GlossaryEntry {
  /** How the term is displayed. */
  term: string;
  /** One or two sentences, no jargon. */
  text: string;
}

export const GLOSSARY: Record<string, GlossaryEntry> = {
  auc: {
    term: 'AUC',
    text: 'Area under the ROC curve: the chance that the model scores a randomly chosen positive case above a randomly chosen negative one. 0.5 is guessing, 1.0 is perfect ranking.',
  },
  roc: {
    term: 'ROC curve',
    text: 'Shows, for every threshold, how many true positives the model finds (recall) against how many negatives it wrongly flags. The closer it hugs the top-left corner, the better.',
  },
  pr: {
    term: 'Precision–recall curve',
    text: 'Shows how precision drops as you lower the threshold to find more positives. Useful when positives are rare.',
  },
  recall: {
    term: 'Recall',
    text: 'Of all the people who really are positive (e.g. were promoted), the share the model finds. Also called true positive rate or sensitivity.',
  },
  precision: {
    term: 'Precision',
    text: 'Of all the people the model flags as positive, the share who really are. Low precision means many false alarms.',
  },
  f1: {
    term: 'F1 score',
    text: 'One number balancing precision and recall (their harmonic mean). It is high only when both are high.',
  },
  accuracy: {
    term: 'Accuracy',
    text: 'The share of all people the model classifies correctly. Misleading when one outcome is much more common than the other.',
  },
  threshold: {
    term: 'Threshold',
    text: 'The score above which a person is counted as positive. Raising it means fewer, surer selections; lowering it finds more people but with more mistakes.',
  },
  'selection rate': {
    term: 'Selection rate',
    text: 'The share of a group the model selects (predicts positive). Compared between groups to check fairness.',
  },
  'confusion matrix': {
    term: 'Confusion matrix',
    text: 'A 2×2 count of outcomes: correctly selected, wrongly selected (false positives), wrongly passed over (false negatives) and correctly passed over.',
  },
  'disparate impact': {
    term: 'Disparate impact',
    text: 'The selection rate of the unprivileged group divided by that of the privileged group. Below 0.8 fails the “four-fifths rule” used by US employment regulators.',
  },
  'four-fifths rule': {
    term: 'Four-fifths rule',
    text: 'A rule of thumb: if one group is selected at less than 80% of the rate of the most-selected group, the process may be discriminatory and needs review.',
  },
  'statistical parity difference': {
    term: 'Statistical parity difference',
    text: 'Selection rate of the unprivileged group minus that of the privileged group. 0 means equal rates; negative means the unprivileged group is selected less.',
  },
  'equal opportunity difference': {
    term: 'Equal opportunity difference',
    text: 'Recall of the unprivileged group minus recall of the privileged group: among people who deserve a positive outcome, does each group get it equally often? 0 is fair.',
  },
  'average odds difference': {
    term: 'Average odds difference',
    text: 'The average of the differences in true positive rate and false positive rate between groups. 0 means the model errs equally for both groups.',
  },
  'equalized odds': {
    term: 'Equalized odds',
    text: 'A fairness goal: both the true positive rate and the false positive rate are the same for every group.',
  },
  'protected attribute': {
    term: 'Protected attribute',
    text: 'A characteristic such as gender, age or ethnicity that must not drive decisions. Fairness checks compare outcomes across its groups.',
  },
  'privileged group': {
    term: 'Privileged group',
    text: 'The group that historically received favourable outcomes more often; fairness metrics compare the other groups against it.',
  },
  reweighing: {
    term: 'Reweighing',
    text: 'A bias mitigation that gives each training row a weight so that group and outcome become statistically independent before the model learns.',
  },
  shap: {
    term: 'SHAP value',
    text: 'How much one feature pushed one person’s score up or down compared with the average score. The values add up to the difference.',
  },
  'feature importance': {
    term: 'Feature importance',
    text: 'How much the model relies on each input overall. High importance does not mean the feature causes the outcome.',
  },
  coefficient: {
    term: 'Coefficient',
    text: 'In a linear model, how much the log-odds of a positive outcome change when the feature rises by one unit, holding the others fixed.',
  },
  'train-test split': {
    term: 'Train–test split',
    text: 'Keeps some rows aside (the test set) that the model never sees while learning, so its quality is measured on new people.',
  },
  'cross-validation': {
    term: 'Cross-validation',
    text: 'Repeats training and testing on several different splits of the data and averages the results, giving a more reliable estimate.',
  },
  stratify: {
    term: 'Stratify',
    text: 'Keeps the share of each outcome (or group) the same in the training and test sets.',
  },
  overfitting: {
    term: 'Overfitting',
    text: 'When a model memorises the training data, including noise, and does worse on new people.',
  },
  regularization: {
    term: 'Regularization',
    text: 'A penalty that keeps model weights small so it generalises better. In logistic regression, a smaller C means stronger regularization.',
  },
  'logistic regression': {
    term: 'Logistic regression',
    text: 'A simple, interpretable model that turns a weighted sum of features into a probability. A good first model.',
  },
  'missing values': {
    term: 'Missing values',
    text: 'Empty cells. Most models cannot use them: fill them in with an Impute node or drop the rows.',
  },
  'one-hot encoding': {
    term: 'One-hot encoding',
    text: 'Turns a category column (e.g. department) into one 0/1 column per category so models can use it.',
  },
  tfidf: {
    term: 'TF-IDF',
    text: 'Turns text into numbers: a word counts more when it is frequent in one document but rare across all documents.',
  },
  'crisp-dm': {
    term: 'CRISP-DM',
    text: 'A standard six-phase process for data projects: business understanding, data understanding, data preparation, modeling, evaluation and deployment.',
  },
  cached: {
    term: 'Cached',
    text: 'Nothing this node depends on changed since the last run, so its earlier result was reused instead of computing it again.',
  },
  skipped: {
    term: 'Skipped',
    text: 'The node did not run because a node before it failed or the run was stopped.',
  },
};

const ALIASES: Record<string, string> = {
  'roc auc': 'auc',
  'area under the curve': 'auc',
  tpr: 'recall',
  'true positive rate': 'recall',
  sensitivity: 'recall',
  'f1 score': 'f1',
  'tf-idf': 'tfidf',
  di: 'disparate impact',
  'disparate impact ratio': 'disparate impact',
  spd: 'statistical parity difference',
  'equalized odds difference': 'equalized odds',
  'selectionrate': 'selection rate',
  disparateimpact: 'disparate impact',
  statisticalparitydifference: 'statistical parity difference',
  equalopportunitydifference: 'equal opportunity difference',
  averageoddsdifference: 'average odds difference',
  equalizedoddsdifference: 'equalized odds',
};

/** The entry for a term (case-insensitive; camelCase metric keys like `disparateImpact` work too). */
export function explain(term: string): GlossaryEntry | undefined {
  const key = term.trim().toLowerCase();
  const spaced = term.replace(/([a-z])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return GLOSSARY[key] ?? GLOSSARY[spaced] ?? GLOSSARY[ALIASES[key] ?? ''] ?? GLOSSARY[ALIASES[spaced] ?? ''];
}

/** Same as `explain` (the name the result viewers use). */
export const explainTerm = explain;
