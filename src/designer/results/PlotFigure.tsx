import { useEffect, useRef } from 'react';
import * as Plot from '@observablehq/plot';

/**
 * Renders an Observable Plot chart into a div it owns. Plot builds SVG with DOM calls and sets
 * labels as text, so user strings (column, group and feature names) are never parsed as HTML.
 */
export function PlotFigure({ options, label, testId }: { options: Plot.PlotOptions; label: string; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const chart = Plot.plot({ style: { fontSize: '12px', background: 'transparent' }, ...options });
    chart.setAttribute('aria-label', label);
    chart.setAttribute('role', 'img');
    host.replaceChildren(chart);
    return () => chart.remove();
  }, [options, label]);
  return <div className="cf-plot" ref={ref} data-testid={testId} />;
}
