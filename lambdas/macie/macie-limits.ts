/**
 * What Amazon Macie accepts in custom data identifiers and allow lists, as data, and one check that
 * reports every way a definition breaks it. Synth (lib/macie.ts) refuses a definition with problems,
 * so a bad regex fails `cdk synth` instead of a deployment.
 *
 * Sources: Macie User Guide, "Configuration options for custom data identifiers" and
 * CreateCustomDataIdentifier / CreateAllowList in the Macie API reference. Macie's regex dialect is
 * a subset of PCRE without backreferences, capturing groups, conditionals, embedded code, global
 * flags, recursion, and look-ahead or look-behind. Boundaries are therefore `\b`, never the
 * engine's `(?<![0-9A-Za-z])`.
 */

/** Limits of one custom data identifier or allow list. */
export const MACIE_LIMITS = {
  /** Characters of a custom data identifier's regex. */
  regexMaxLength: 512,
  /** Characters of an allow list's regex. */
  allowListRegexMaxLength: 512,
  /** Keywords per identifier. */
  maxKeywords: 50,
  /** Characters (UTF-8 characters, not bytes) of one keyword. */
  keywordMinLength: 3,
  keywordMaxLength: 90,
  /** Ignore words per identifier. */
  maxIgnoreWords: 10,
  /** Characters of one ignore word. */
  ignoreWordMinLength: 4,
  ignoreWordMaxLength: 90,
  /** Characters between the end of a keyword and the end of a match. */
  matchDistanceMin: 1,
  matchDistanceMax: 300,
  /** Characters of an identifier's name and description. */
  nameMaxLength: 128,
  descriptionMaxLength: 512,
} as const;

/** The constructs Macie's regex dialect refuses, each with the pattern that finds it in a source. */
const UNSUPPORTED: readonly { readonly what: string; readonly find: RegExp }[] = [
  { what: 'look-ahead or look-behind (?= ?! ?<= ?<!)', find: /(?<!\\)\(\?(?:=|!|<=|<!)/ },
  // An unescaped `(` not followed by `?` opens a capturing group; `(?<name>` is a named one.
  { what: 'capturing group (use (?:...))', find: /(?<!\\)(?:\\\\)*\((?!\?)|\(\?P?<(?![=!])/ },
  { what: 'backreference (\\1, \\k<name>)', find: /(?<!\\)\\(?:[1-9]|k<)/ },
  { what: 'conditional or embedded code (?( (?{', find: /\(\?[({]/ },
  { what: 'recursion (?R (?0 (?&', find: /\(\?(?:R|\d|&)/ },
  { what: 'inline flags (?i) (?m) (?x)', find: /\(\?[a-zA-Z-]+[:)]/ },
];

/** Problems of a regex source under Macie's dialect; empty when Macie accepts it. */
export function macieRegexProblems(source: string, maxLength: number = MACIE_LIMITS.regexMaxLength): string[] {
  const problems: string[] = [];
  if (source.length === 0) problems.push('regex is empty');
  if (source.length > maxLength) problems.push(`regex has ${source.length} characters; Macie allows ${maxLength}`);
  for (const { what, find } of UNSUPPORTED) {
    if (find.test(source)) problems.push(`regex uses ${what}, which Macie does not support`);
  }
  try {
    // The same source must also work in JavaScript: the tests run it against synthetic data.
    new RegExp(source);
  } catch (error) {
    problems.push(`regex does not compile: ${(error as Error).message}`);
  }
  return problems;
}

/** Number of characters as Macie counts them (code points, not UTF-16 units or bytes). */
export function characterCount(text: string): number {
  return [...text].length;
}
