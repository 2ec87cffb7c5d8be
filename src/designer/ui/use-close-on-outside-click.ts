import { useEffect, useRef, type RefObject } from 'react';

/**
 * For a popover: while `open`, a mouse press outside the returned ref's element calls `close`
 * (the project menu, the studio badge's details).
 */
export function useCloseOnOutsideClick<T extends HTMLElement>(open: boolean, close: () => void): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!open) return;
    const onPress = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) close();
    };
    document.addEventListener('mousedown', onPress);
    return () => document.removeEventListener('mousedown', onPress);
  }, [open, close]);
  return ref;
}
