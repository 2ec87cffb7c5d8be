/** Param-field helpers: the draft of a text-like input, and reading a typed number. */
import { useEffect, useRef, useState } from 'react';

const COMMIT_DELAY_MS = 500;

/** Text-like inputs keep a local draft and commit when valid and idle (or on blur), so undo gets one step per edit. */
export function useDraft(value: unknown, commit: (v: string) => void) {
  const [draft, setDraft] = useState(() => (value === undefined ? '' : String(value)));
  const [focused, setFocused] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    // Follow outside changes (undo, load) while the user is not typing here.
    if (!focused) setDraft(value === undefined ? '' : String(value));
  }, [value, focused]);
  useEffect(() => () => clearTimeout(timer.current), []);
  return {
    draft,
    setFocused,
    change(v: string) {
      setDraft(v);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => commit(v), COMMIT_DELAY_MS);
    },
    flush() {
      clearTimeout(timer.current);
      commit(draft);
    },
  };
}

export function parseNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
