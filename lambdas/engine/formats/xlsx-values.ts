/** Displayed text of XLSX cell values: what Excel shows, with numbers that keep all their digits. */

/** Text of a number as Excel stores it: integers as plain digits (13812345678), never 1.38E10. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  return String(value);
}

/** ISO text of a date cell: `YYYY-MM-DD`, with `THH:MM:SS` when it has a time of day. */
export function dateText(value: Date): string {
  if (Number.isNaN(value.getTime())) return '';
  const iso = value.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** Displayed text of an exceljs-style cell value (string, number, rich text, formula, date, ...). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value !== 'object') return '';
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.richText)) {
    return record.richText.map((run: { text?: unknown }) => (typeof run?.text === 'string' ? run.text : '')).join('');
  }
  if ('result' in record) return cellText(record.result); // a formula's cached result
  if (typeof record.error === 'string') return record.error;
  if ('text' in record) return cellText(record.text); // a hyperlink
  return '';
}
