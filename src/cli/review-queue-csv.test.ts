import { describe, expect, it } from 'vitest';
import type { ReviewRequest } from '../../nodes/human-review/types.ts';
import { reviewQueueCsv } from './review-command.ts';

const request = (itemId: string, group: string): ReviewRequest => ({
  kind: 'review-request',
  nodeId: 'panel',
  title: 'Panel',
  itemColumn: 'employee_id',
  groupColumn: 'group',
  threshold: 0.5,
  hideScore: false,
  fourEyes: false,
  items: [{ itemId, row: 0, recommendation: 'recommend', score: 0.8125, group, drivers: [{ feature: '-kpi', contribution: -0.25 }] }],
  decided: [],
});

describe('review queue CSV', () => {
  it('neutralises OWASP CSV-injection payloads in ids, groups and drivers (shared escaper)', () => {
    const csv = reviewQueueCsv({ panel: request("-1+cmd|' /C calc'!A0", '\t=cmd') });
    const row = csv.split('\n')[1];
    expect(row).toBe(`panel,'-1+cmd|' /C calc'!A0,recommend,0.8125,'\t=cmd,'-kpi -0.250,,,`);
  });
});
