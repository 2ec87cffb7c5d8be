import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_NOTICES, NOTICE_MS, dismiss, notify, noticeStore, withNotice, type Notice } from './notices.ts';

const n = (id: number, kind: Notice['kind'] = 'info'): Notice => ({ id, kind, text: `t${id}` });

describe('notices', () => {
  afterEach(() => {
    vi.useRealTimers();
    for (const x of noticeStore.getState().notices) dismiss(x.id);
  });

  it('keeps at most three, dropping the oldest non-error first', () => {
    const list = withNotice([n(1, 'error'), n(2), n(3)], n(4));
    expect(list.map((x) => x.id)).toEqual([1, 3, 4]);
    expect(MAX_NOTICES).toBe(3);
  });

  it('drops the oldest error only when all shown are errors', () => {
    const list = withNotice([n(1, 'error'), n(2, 'error'), n(3, 'error')], n(4, 'error'));
    expect(list.map((x) => x.id)).toEqual([2, 3, 4]);
  });

  it('closes information by itself but keeps errors until dismissed', () => {
    vi.useFakeTimers();
    notify('saved', 'success');
    const err = notify('refused', 'error');
    vi.advanceTimersByTime(NOTICE_MS + 1);
    expect(noticeStore.getState().notices.map((x) => x.text)).toEqual(['refused']);
    vi.advanceTimersByTime(60_000);
    expect(noticeStore.getState().notices).toHaveLength(1);
    dismiss(err);
    expect(noticeStore.getState().notices).toHaveLength(0);
  });
});
