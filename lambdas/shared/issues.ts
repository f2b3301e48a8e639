/**
 * Validation problems, said without the values: an event, record or request may hold object keys
 * or a person's name, and these texts end up in logs and error messages.
 */

/** What a schema issue carries (zod's `$ZodIssue`, structurally). */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

function pathOf(issue: SchemaIssue, root: string): string {
  return issue.path.map(String).join('.') || root;
}

/** The distinct field paths of `issues`, comma-separated (`root` for the whole input): field paths only. */
export function issueFields(issues: readonly SchemaIssue[], root: string): string {
  return [...new Set(issues.map((i) => pathOf(i, root)))].join(', ');
}

/** `path: message` per issue (`root` for the whole input): the schema's own words, never the value. */
export function issueMessages(issues: readonly SchemaIssue[], root: string): string[] {
  return issues.map((i) => `${pathOf(i, root)}: ${i.message}`);
}
