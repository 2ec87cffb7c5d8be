/**
 * Copy/paste of nodes as pipeline JSON. The system clipboard carries it between tabs and apps; when
 * clipboard access is denied, localStorage (shared by tabs of this origin) is the fallback.
 */
import { parsePipeline, serializePipeline } from '../../core/document-io.ts';
import type { PipelineDocument } from '../../core/document.ts';
import type { NodeRegistry } from '../../core/registry.ts';

const FALLBACK_KEY = 'crispflow.clipboard';

export function fragmentText(fragment: PipelineDocument): string {
  return serializePipeline(fragment);
}

/** Writes the fragment to the clipboard event (no permission needed) or the async clipboard, plus the fallback. */
export async function copyFragment(fragment: PipelineDocument, event?: ClipboardEvent): Promise<void> {
  const text = fragmentText(fragment);
  try {
    localStorage.setItem(FALLBACK_KEY, text);
  } catch {
    // Storage full or disabled: the clipboard alone will do.
  }
  if (event?.clipboardData) {
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
    return;
  }
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Permission denied: the localStorage copy is used when pasting.
  }
}

/**
 * Reads pipeline JSON from the paste event's text (read it synchronously in the handler), else the
 * async clipboard, else the fallback; undefined if none is a pipeline.
 */
export async function readFragment(registry: NodeRegistry, eventText?: string): Promise<PipelineDocument | undefined> {
  const candidates: string[] = [];
  if (eventText) candidates.push(eventText);
  else {
    try {
      candidates.push(await navigator.clipboard.readText());
    } catch {
      // Permission denied.
    }
  }
  if (candidates.every((c) => !c.trim())) {
    try {
      const stored = localStorage.getItem(FALLBACK_KEY);
      if (stored) candidates.push(stored);
    } catch {
      // Storage disabled.
    }
  }
  for (const text of candidates) {
    if (!text.trim().startsWith('{')) continue;
    const { doc } = parsePipeline(text, registry);
    if (doc && doc.nodes.length > 0) return doc;
  }
  return undefined;
}
