/**
 * Inline SVG charts for the HTML report, drawn on the server: no script, no font or image fetch.
 * Every bar carries `data-key` and `data-value` (the figure it draws, from the report), and a
 * `<title>` that browsers show as a tooltip and screen readers read.
 */
import { escapeHtml, formatCount } from '../format.js';

/** One bar. */
export interface Bar {
  /** Identifies the bar (`data-key`): a level, a type, a prefix. */
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly color: string;
}

/** One column of a stacked column chart. */
export interface Column {
  /** The column's label and `data-key` (a date). */
  readonly key: string;
  readonly segments: readonly { readonly key: string; readonly value: number; readonly color: string }[];
}

const WIDTH = 720;
const ROW = 26;
const BAR = 18;
const LABEL_WIDTH = 210;
const VALUE_WIDTH = 90;
const MAX_LABEL = 30;

function shorten(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

function svgOpen(id: string, height: number, title: string): string {
  return (
    `<svg class="chart" data-chart="${escapeHtml(id)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" ` +
    `role="img" aria-labelledby="chart-${escapeHtml(id)}-title" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="chart-${escapeHtml(id)}-title">${escapeHtml(title)}</title>`
  );
}

/** A horizontal bar chart, one row per bar, the value written at the bar's end. */
export function barChart(id: string, title: string, bars: readonly Bar[], unit: string): string {
  if (bars.length === 0) return `${svgOpen(id, 40, title)}<text class="empty" x="8" y="24">no data</text></svg>`;
  const height = bars.length * ROW + 8;
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars.map((b, i) => {
    const y = 4 + i * ROW;
    const width = b.value === 0 ? 0 : Math.max(1, (b.value / max) * plot);
    const tip = `${b.label}: ${formatCount(b.value)} ${unit}`;
    return (
      `<g class="bar-row">` +
      `<text class="label" x="${LABEL_WIDTH - 8}" y="${y + BAR - 4}" text-anchor="end">${escapeHtml(shorten(b.label))}<title>${escapeHtml(b.label)}</title></text>` +
      `<rect class="bar" data-key="${escapeHtml(b.key)}" data-value="${b.value}" x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR}" fill="${b.color}" rx="2"><title>${escapeHtml(tip)}</title></rect>` +
      `<text class="value" x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + BAR - 4}">${formatCount(b.value)}</text>` +
      `</g>`
    );
  });
  return `${svgOpen(id, height, title)}${rows.join('')}</svg>`;
}

/** The smallest 1, 2 or 5 times a power of ten that is at least `n`. */
export function niceCeiling(n: number): number {
  if (n <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * power >= n) return step * power;
  return 10 * power;
}

/** Stacked columns (one per key, segments bottom-up in the given order) with a y axis. */
export function stackedColumnChart(id: string, title: string, columns: readonly Column[], unit: string): string {
  const height = 260;
  if (columns.length === 0) return `${svgOpen(id, 40, title)}<text class="empty" x="8" y="24">no data</text></svg>`;
  const left = 64;
  const right = 12;
  const top = 12;
  const bottom = 44;
  const plotW = WIDTH - left - right;
  const plotH = height - top - bottom;
  const totals = columns.map((c) => c.segments.reduce((n, s) => n + s.value, 0));
  // Four or fewer whole-number steps of 1, 2 or 5 times a power of ten, so grid labels are exact.
  const step = niceCeiling(Math.max(1, ...totals) / 4);
  const ticks = Math.max(1, Math.ceil(Math.max(1, ...totals) / step));
  const max = step * ticks;
  const slot = plotW / columns.length;
  const barW = Math.max(1, Math.min(48, slot * 0.7));
  const labelEvery = Math.ceil(columns.length / 10);
  const parts: string[] = [svgOpen(id, height, title)];
  for (let t = 0; t <= ticks; t++) {
    const value = step * t;
    const y = top + plotH - (value / max) * plotH;
    parts.push(
      `<line class="grid" x1="${left}" x2="${WIDTH - right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}"/>` +
        `<text class="tick" x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${formatCount(value)}</text>`,
    );
  }
  columns.forEach((c, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let base = top + plotH;
    const total = totals[i];
    parts.push(`<g class="column" data-key="${escapeHtml(c.key)}" data-value="${total}">`);
    for (const s of c.segments) {
      if (s.value === 0) continue;
      const h = (s.value / max) * plotH;
      base -= h;
      parts.push(
        `<rect class="segment" data-key="${escapeHtml(s.key)}" data-value="${s.value}" x="${x.toFixed(1)}" y="${base.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}">` +
          `<title>${escapeHtml(`${c.key} ${s.key}: ${formatCount(s.value)} ${unit}`)}</title></rect>`,
      );
    }
    parts.push(`<title>${escapeHtml(`${c.key}: ${formatCount(total)} ${unit}`)}</title></g>`);
    if (i % labelEvery === 0) {
      parts.push(
        `<text class="tick" x="${(x + barW / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${escapeHtml(c.key)}</text>`,
      );
    }
  });
  parts.push(`<line class="axis" x1="${left}" x2="${WIDTH - right}" y1="${top + plotH}" y2="${top + plotH}"/>`);
  parts.push('</svg>');
  return parts.join('');
}
