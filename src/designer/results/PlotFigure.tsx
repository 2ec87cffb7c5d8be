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
    // Plot labels its inner <g> marks with aria-label, which ARIA forbids on elements without a role
    // (axe: aria-prohibited-attr). The chart is one image to assistive technology: label only its root.
    for (const el of chart.querySelectorAll('[aria-label]')) el.removeAttribute('aria-label');
    const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg');
    chart.setAttribute('aria-label', label);
    chart.setAttribute('role', 'img');
    // A <figure> root (charts with a legend) holds the svg; the svg inside is decoration of that image.
    if (svg && svg !== chart) svg.setAttribute('aria-hidden', 'true');
    host.replaceChildren(chart);
    return () => chart.remove();
  }, [options, label]);
  return <div className="cf-plot" ref={ref} data-testid={testId} />;
}
