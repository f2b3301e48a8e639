/**
 * Text helpers of the report renderers (the HTML reports, the evidence pack, the CLI's scan
 * report): escaping and number formats. Pure functions that import nothing, so the CLI's scan
 * report takes them without loading the reports area (and its S3 client).
 */

/** Text safe inside HTML elements and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** `1234567` -> `1,234,567` (fixed locale, so output does not depend on the machine). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Human-readable byte count in binary units (`1.5 MiB`); exact below 1 KiB. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}

/** `part` of `whole` as a percentage with one decimal; `-` when the whole is 0. */
export function formatShare(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)}%`;
}
