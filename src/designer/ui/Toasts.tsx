import { useStore } from 'zustand';
import { dismiss, noticeStore } from './notices.ts';

/** The notice area: polite live region so screen readers announce refused connections etc. */
export function Toasts() {
  const notices = useStore(noticeStore, (s) => s.notices);
  return (
    <div className="cf-toasts" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`cf-toast cf-toast-${n.kind}`} data-testid="notice">
          <span>{n.text}</span>
          <button type="button" className="cf-icon-btn" aria-label="Dismiss message" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
