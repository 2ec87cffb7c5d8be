import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../../styles.css';
import { ResultsDock, type PortOutputs } from '../ResultsDock.tsx';
import { DatasetsPanel } from '../../datasets/DatasetsPanel.tsx';
import { bigTable, labDocument, labFairness, labMetrics, labModel } from './lab-data.ts';

function Lab() {
  const rows = Number(new URLSearchParams(location.search).get('rows') ?? 1_000_000);
  const outputs = useMemo((): PortOutputs => {
    return {
      table: { type: 'table', value: bigTable(rows) },
      metrics: { type: 'metrics', value: labMetrics() },
      model: { type: 'model', value: labModel() },
      fairness: { type: 'fairness', value: labFairness() },
      report: { type: 'report', value: labDocument() },
    };
  }, [rows]);
  const [used, setUsed] = useState<string | null>(null);
  return (
    <div style={{ display: 'flex', height: '100vh' }}>
      <aside style={{ width: 340, borderRight: '1px solid #ddd', overflow: 'auto' }}>
        <DatasetsPanel onUse={setUsed} />
        {used && <p data-testid="used-dataset">Used: {used}</p>}
      </aside>
      <main style={{ flex: 1, minWidth: 0 }}>
        <ResultsDock nodeId="lab" outputs={outputs} />
      </main>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Lab />
  </StrictMode>,
);
