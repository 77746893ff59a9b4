// Overall health as a half-circle gauge (SVG), coloured by band.
import { html } from '../html.js';
import { healthClass } from '../format.js';

export function Gauge({ value, label }) {
  const v = Math.max(0, Math.min(1, value ?? 0));
  const angle = Math.PI * (1 - v);
  const x = 60 + 50 * Math.cos(angle);
  const y = 60 - 50 * Math.sin(angle);
  const large = 0;
  return html`
    <figure class="gauge ${healthClass(v)}" data-testid="health-gauge" aria-label="${label}: ${Math.round(v * 100)}%">
      <svg viewBox="0 0 120 70" role="img">
        <path class="track" d="M10 60 A50 50 0 0 1 110 60" />
        ${v > 0 ? html`<path class="value" d="M10 60 A50 50 0 ${large} 1 ${x.toFixed(2)} ${y.toFixed(2)}" />` : null}
        <text x="60" y="58" text-anchor="middle" class="gauge-number">${Math.round(v * 100)}%</text>
      </svg>
      <figcaption>${label}</figcaption>
    </figure>
  `;
}
