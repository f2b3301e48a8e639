/** Plain-text tables for the audit reports (columns padded, the last one free). */

/** Renders `rows` under `header`; an empty table renders as `(none)`. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '(none)\n';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((cell, i) => (i === r.length - 1 ? cell : (cell ?? '').padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** A section title with a count. */
export function heading(title: string, count: number): string {
  return `${title} (${count})\n`;
}
