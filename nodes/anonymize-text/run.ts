import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { withColumns, type TextColumn } from '../../src/core/table/table.ts';
import { ANONYMIZE_CATEGORIES, anonymizeTexts, type AnonymizeCategory } from '../../src/ml/text/anonymize.ts';
import { textValues } from '../../src/ml/text/text-column.ts';
import type { description } from './index.ts';

const CATEGORY_LABELS: Record<AnonymizeCategory, string> = {
  names: 'Person names',
  emails: 'Email addresses',
  phones: 'Phone numbers',
  urls: 'Web addresses',
  addresses: 'Street addresses',
  birthdates: 'Dates of birth',
  ids: 'Passport and national id numbers',
  pronouns: 'Pronouns (she, he, …)',
  gendered: 'Gendered words (women, fraternity, …)',
  custom: 'Your terms',
};

function topTerms(m: Map<string, number> | undefined, k = 15): Array<{ term: string; count: number }> {
  if (!m) return [];
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([term, count]) => ({ term, count }));
}

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.table;
  const texts = textValues(t, params.column, 'input');
  const customTerms = params.terms.split(/[,\n]/).map((w) => w.trim()).filter(Boolean);
  const result = anonymizeTexts(texts, {
    mode: params.mode,
    categories: {
      names: params.names,
      emails: params.emails,
      phones: params.phones,
      urls: params.urls,
      addresses: params.addresses,
      birthdates: params.birthdates,
      ids: params.ids,
      pronouns: params.pronouns,
      gendered: params.gendered,
      custom: customTerms.length > 0,
    },
    customTerms,
  });
  await ctx.checkpoint();
  const original = t.columns.find((c) => c.name === params.column)!;
  const cleaned: TextColumn = { name: params.column, type: 'text', values: result.texts };
  if (original.role) cleaned.role = original.role;
  const total = ANONYMIZE_CATEGORIES.reduce((s, c) => s + result.counts[c], 0);
  ctx.log(`Replaced ${total} items in ${result.rowsChanged} of ${t.nRows} rows.`);
  // the sparse block (if any) was computed from the old text, so it no longer applies
  const { sparse: _stale, ...table } = withColumns(t, [cleaned]);
  return {
    table,
    report: {
      kind: 'anonymization',
      title: `Anonymised "${params.column}"`,
      data: {
        column: params.column,
        mode: params.mode,
        rows: t.nRows,
        rowsChanged: result.rowsChanged,
        total,
        categories: ANONYMIZE_CATEGORIES.filter((c) => c !== 'custom' || customTerms.length > 0).map((c) => ({
          category: c,
          label: CATEGORY_LABELS[c],
          enabled: c === 'custom' ? true : params[c],
          count: result.counts[c],
          // names are personal data: only how many distinct ones, not which
          distinct: result.terms[c]?.size,
          topTerms: c === 'names' ? [] : topTerms(result.terms[c]),
        })),
      },
    },
  };
}
