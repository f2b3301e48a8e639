/**
 * The delimiters a table saved as text may use, counted in a line outside double quotes: what
 * tells a text a table (sniff.ts `delimitedText`) and which delimiter a CSV has (text.ts
 * `detectDelimiter`).
 */

/** `,` `;` tab `|`, in the order a CSV's delimiter is chosen on a tie. */
export const DELIMITER_CHARS = [',', ';', '\t', '|'] as const;

/** How many times each of DELIMITER_CHARS stands in `line` outside double quotes (one that does not, absent). */
export function delimiterCounts(line: string): Map<string, number> {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (DELIMITER_CHARS as readonly string[]).includes(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return counts;
}
