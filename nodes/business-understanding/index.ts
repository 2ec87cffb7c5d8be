import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';

/**
 * A note for the first CRISP-DM phase: why the pipeline exists and under which rules. It has no ports
 * and computes nothing; model cards and reports read its params from the pipeline document
 * (src/lessons/business-note.ts), so the objective travels with every model trained here.
 */
export const description = describeNode({
  type: 'business-understanding',
  version: 1,
  title: 'Business understanding',
  phase: 'business-understanding',
  category: 'Documentation',
  summary: 'Write down the objective, success criteria, stakeholders, legal basis and protected attributes.',
  inputs: {},
  outputs: {},
  params: {
    objective: param.string({
      default: '',
      multiline: true,
      maxLength: 2000,
      label: 'Objective',
      help: 'The business question in one or two sentences, e.g. "Shortlist engineering applicants for a first interview faster, without disadvantaging any group."',
    }),
    successCriteria: param.string({
      default: '',
      multiline: true,
      maxLength: 2000,
      label: 'Success criteria',
      help: 'How you will know it works, in business and fairness terms, e.g. "Recall of 0.8 for suitable applicants; impact ratio of at least 0.8 for every sex and race/ethnicity category."',
    }),
    stakeholders: param.string({
      default: '',
      multiline: true,
      maxLength: 2000,
      label: 'Stakeholders',
      help: 'Who decides, who is affected and who must be consulted, e.g. recruiters, applicants, works council, data protection officer.',
    }),
    legalBasis: param.string({
      default: '',
      multiline: true,
      maxLength: 2000,
      label: 'Legal basis',
      help: 'Why you may process this data and which rules apply, e.g. GDPR Art. 6(1)(f) legitimate interest with a balancing test; EU AI Act high-risk system (Annex III, employment); NYC Local Law 144 bias audit.',
    }),
    protectedAttributes: param.string({
      default: '',
      maxLength: 500,
      label: 'Protected attributes',
      help: 'The columns fairness will be checked on, separated by commas, e.g. "gender, race, age".',
    }),
  },
});

export const businessUnderstanding = withLazyRun(description, () => import('./run.ts'));
