import type { PortType } from '../../core/ports.ts';
import { notify } from '../ui/notices.ts';
import { resultTabUrl, saveResultSnapshot } from './result-tab-store.ts';

/**
 * Opens one result in a new browser tab. The tab is opened at once (inside the click, so no pop-up
 * blocker stops it) and sent to the stored snapshot's address once the value is written.
 */
export async function openResultInTab(snapshot: { pipelineName: string; nodeId: string; nodeLabel: string; port: string; type: PortType; value: unknown }) {
  const tab = window.open('', '_blank');
  if (!tab) {
    notify('The browser blocked the new tab. Allow pop-ups for this page, then try again.', 'error');
    return;
  }
  tab.document.title = 'Opening the result…';
  try {
    const key = await saveResultSnapshot(snapshot);
    tab.location.href = resultTabUrl(key);
  } catch (e) {
    tab.close();
    notify(`“${snapshot.nodeLabel}” · ${snapshot.port} could not be opened in a new tab: ${e instanceof Error ? e.message : String(e)}`, 'error');
  }
}
