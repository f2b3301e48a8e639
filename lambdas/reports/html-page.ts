/**
 * The page shell shared by ShredLock's HTML reports (the tag report, the audit trail): one
 * self-contained document with inline CSS, no script, and a Content-Security-Policy that forbids
 * every fetch (`default-src 'none'`), so the file opens offline and leaks nothing when mailed
 * around. Fonts are the system's (a stack that covers Chinese on Windows, macOS and Linux).
 *
 * Every piece of text goes through escapeHtml here; callers pass plain text, except `sections`,
 * which are HTML built from these helpers. Test hooks: `data-metric` on summary figures,
 * `data-table`/`data-row`/`data-col` on table cells (`data-value` on numeric ones).
 */
import { escapeHtml, formatCount } from '../format.js';

const FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif';

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: ${FONT_STACK}; margin: 0; padding: 24px 32px 48px; color: #1d1d1f; background: #fafafa; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 1rem; margin: 18px 0 6px; }
h3.key { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92rem; word-break: break-all; }
.meta { color: #555; font-size: 0.9rem; margin: 0; }
.note { color: #555; font-size: 0.85rem; max-width: 900px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 12px; margin: 20px 0 8px; }
.card { background: #fff; border: 1px solid #e2e2e2; border-radius: 8px; padding: 12px 14px; }
.card .label { color: #555; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.03em; }
.card .figure { font-size: 1.5rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.card.alert .figure { color: #c62828; }
.alert-box { background: #fdecea; border: 1px solid #e57373; border-left: 6px solid #c62828; border-radius: 6px; padding: 4px 16px 12px; margin: 20px 0; }
.alert-box h2 { color: #b71c1c; border-bottom-color: #e57373; margin-top: 12px; }
.ok-box { background: #edf7ed; border: 1px solid #81c784; border-left: 6px solid #2e7d32; border-radius: 6px; padding: 4px 16px 12px; margin: 20px 0; }
.ok-box h2 { color: #1b5e20; border-bottom-color: #81c784; margin-top: 12px; }
tr.flagged td { background: #fdecea; }
.chart { display: block; width: 100%; max-width: 720px; height: auto; margin: 8px 0 12px; }
.chart text { font-family: ${FONT_STACK}; font-size: 12px; fill: #333; }
.chart .grid { stroke: #e5e5e5; }
.chart .axis { stroke: #999; }
table { border-collapse: collapse; background: #fff; font-size: 0.88rem; margin: 6px 0; }
th, td { border: 1px solid #e2e2e2; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td:not(.key):not(.wrap) { white-space: nowrap; }
td.wrap { min-width: 240px; max-width: 420px; }
td.key { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; word-break: break-all; max-width: 560px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 0.85rem; margin: 0 0 8px; padding: 0; list-style: none; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.more { color: #555; font-size: 0.85rem; }
@media print { body { background: #fff; padding: 0; } .card, table { break-inside: avoid; } }
`;

/** Rows listed per table unless told otherwise; the CSV and JSON forms list all. */
export const DEFAULT_MAX_ROWS = 1000;

/** One table cell. `text` is plain text (escaped when written). */
export interface Cell {
  readonly col: string;
  readonly text: string;
  /** Raw figure of a numeric cell (`data-value`). */
  readonly value?: number;
  /** `key`: monospace and wrapping, for object keys, ARNs and paths. */
  readonly className?: 'num' | 'key';
}

/** One table row; `key` becomes `data-row`. */
export interface Row {
  readonly key: string;
  readonly cells: readonly Cell[];
  /** Highlighted as a flagged item. */
  readonly flagged?: boolean;
}

/** One column heading. */
export interface Header {
  readonly col: string;
  readonly label: string;
  readonly numeric?: boolean;
}

/** A count cell: the figure formatted, the raw number in `data-value`. */
export function num(col: string, value: number): Cell {
  return { col, text: formatCount(value), value, className: 'num' };
}

/** A text cell. */
export function text(col: string, value: string, className?: 'key'): Cell {
  return { col, text: value, ...(className ? { className } : {}) };
}

/** A table of at most `maxRows` rows (`data-rows` holds the full count); `None.` when empty. */
export function table(id: string, headers: readonly Header[], rows: readonly Row[], maxRows: number): string {
  if (rows.length === 0) return `<p class="more" data-table="${escapeHtml(id)}" data-rows="0">None.</p>`;
  const head = headers.map((h) => `<th${h.numeric ? ' class="num"' : ''} scope="col">${escapeHtml(h.label)}</th>`).join('');
  const body = rows
    .slice(0, maxRows)
    .map(
      (r) =>
        `<tr data-row="${escapeHtml(r.key)}"${r.flagged ? ' class="flagged"' : ''}>` +
        r.cells
          .map(
            (c) =>
              `<td data-col="${escapeHtml(c.col)}"${c.value === undefined ? '' : ` data-value="${c.value}"`}${c.className ? ` class="${c.className}"` : ''}>${escapeHtml(c.text)}</td>`,
          )
          .join('') +
        '</tr>',
    )
    .join('');
  const more = rows.length > maxRows ? `<p class="more">${formatCount(rows.length - maxRows)} more rows: see the CSV or JSON report.</p>` : '';
  return `<table data-table="${escapeHtml(id)}" data-rows="${rows.length}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

/** One summary card; `value` (when not null) goes to `data-value`, `alert` colours the figure. */
export function card(metric: string, label: string, figure: string, value: number | null, alert = false): string {
  return (
    `<div class="card${alert ? ' alert' : ''}"><div class="label">${escapeHtml(label)}</div>` +
    `<div class="figure" data-metric="${escapeHtml(metric)}"${value === null ? '' : ` data-value="${value}"`}>${escapeHtml(figure)}</div></div>`
  );
}

/** What a page holds. */
export interface PageParts {
  /** The `<title>`. */
  readonly title: string;
  /** The `<h1>`. */
  readonly heading: string;
  /** Header lines under the `<h1>`, as HTML (escape what they hold). */
  readonly meta: readonly string[];
  /** The body's sections, as HTML built with these helpers. */
  readonly sections: readonly string[];
  /** `lang` of the document. @default 'en' */
  readonly lang?: string;
}

/** One HTML document around the parts, with the shared CSS and the fetch-nothing CSP. */
export function htmlPage(parts: PageParts): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(parts.lang ?? 'en')}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(parts.heading)}</h1>`,
    ...parts.meta,
    '</header>',
    ...parts.sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
