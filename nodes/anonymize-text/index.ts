import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';

export const description = describeNode({
  type: 'anonymize-text',
  version: 1,
  title: 'Anonymise text',
  phase: 'data-preparation',
  category: 'Text',
  summary: 'Removes or masks names, contact details, addresses, birth dates, id numbers and gendered words in a text column, and reports what it removed.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: {
    table: { type: 'table', label: 'Anonymised table' },
    report: { type: 'report', label: 'What was removed' },
  },
  params: {
    column: param.column({ from: 'table', types: ['text'], role: 'text', label: 'Text column', help: 'The column to clean, e.g. resume_text.' }),
    mode: param.enum({
      options: ['mask', 'remove'],
      optionLabels: { mask: 'Replace with a tag', remove: 'Delete' },
      default: 'mask',
      label: 'How',
      help: 'Replace with a tag such as [NAME] (easy to read back), or delete the words entirely.',
    }),
    names: param.boolean({
      default: true,
      label: 'Person names',
      help: 'First names and surnames from built-in name lists (also in lower case), and the surname after a first name or a title ("Jane Doe", "Dr Okafor").',
    }),
    emails: param.boolean({ default: true, label: 'Email addresses', help: 'Also written to dodge filters: "jane (at) example (dot) com", "jane[at]example[.]com".' }),
    phones: param.boolean({ default: true, label: 'Phone numbers', help: 'Numbers with 9 to 15 digits written like phone numbers; always replaced whole.' }),
    urls: param.boolean({ default: true, label: 'Web addresses', help: 'Links such as linkedin.com/in/… or https://…' }),
    addresses: param.boolean({ default: true, label: 'Street addresses', help: 'House number and street ("221B Baker Street", "12 rue de la Paix", "Hauptstraße 5"), with the town and postcode after it.' }),
    birthdates: param.boolean({ default: true, label: 'Dates of birth', help: 'A date or year after "born", "date of birth", "DOB" (other dates stay).' }),
    ids: param.boolean({
      default: true,
      label: 'Passport and id numbers',
      help: 'Passport numbers after the word passport; US social security, UK national insurance, French social security and Indian Aadhaar and PAN numbers, and IBANs (checked with their check digits).',
    }),
    pronouns: param.boolean({ default: true, label: 'Pronouns', help: 'she, he, her, his, him, hers, herself, himself.' }),
    gendered: param.boolean({
      default: true,
      label: 'Gendered words',
      help: 'Words that reveal gender, such as women’s, men’s, sorority, fraternity, maternity, Mr, Mrs.',
    }),
    terms: param.string({
      default: '',
      multiline: true,
      label: 'Also remove',
      help: 'Your own words or phrases to remove, separated by commas or new lines (e.g. names of women’s colleges, "netball").',
    }),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    const col = inputs.table.columns.find((c) => c.name === params.column);
    if (params.column && col && col.type !== 'text') {
      throw new Error(`Column "${params.column}" is ${col.type}, not text. Choose the column that holds the text.`);
    }
    return { table: inputs.table, report: { kind: 'anonymization' } };
  },
});

export const anonymizeText = withLazyRun(description, () => import('./run.ts'));
