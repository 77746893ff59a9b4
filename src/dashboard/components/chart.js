// A uPlot line chart over time: `points` are [epochSeconds, value] pairs.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { html } from '../html.js';

export function TimeChart({ title, points, label, color = '#2563eb', yFormat = (v) => String(v), yRange = null, testId, empty = 'No finished runs yet.' }) {
  const host = useRef(null);
  useEffect(() => {
    if (!host.current) return undefined;
    const width = Math.max(280, host.current.clientWidth || 480);
    const data = [points.map((p) => p[0]), points.map((p) => p[1])];
    const plot = new uPlot(
      {
        width,
        height: 200,
        legend: { show: false },
        scales: { x: { time: true }, y: yRange ? { range: () => yRange } : {} },
        axes: [{}, { values: (_u, ticks) => ticks.map(yFormat), size: 60 }],
        series: [{}, { label, stroke: color, width: 2, points: { show: true, size: 5 } }],
      },
      data,
      host.current,
    );
    return () => plot.destroy();
  }, [points, label, color]);
  return html`
    <section class="card chart" data-testid=${testId}>
      <h3>${title}</h3>
      ${points.length === 0 ? html`<p class="muted">${empty}</p>` : null}
      <div ref=${host} class="chart-host"></div>
    </section>
  `;
}
