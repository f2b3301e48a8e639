/**
 * Macie's allow list: published sample and test numbers that fill documentation, test fixtures and
 * demo databases. Macie drops a detection whose text matches the list's regex completely, for our
 * custom identifiers and for its managed ones (a Luhn-valid test card would otherwise be a
 * CREDIT_CARD_NUMBER finding). A regex list rather than an S3 words list: it lives in the template
 * (no bucket object to secure and keep in sync), and one entry covers each written form.
 *
 * The engine does not exempt these values: it reports what is there. The list only keeps Macie
 * from raising a version's level over a value everyone knows is fake.
 */
import { MACIE_LIMITS, macieRegexProblems } from './macie-limits.js';

/** One allowed value or family of values, with where it comes from. */
export interface AllowListEntry {
  /** Short name for tests and docs/macie.md. */
  readonly name: string;
  /** Macie-dialect regex (no anchors: Macie matches the whole detected text). */
  readonly regex: string;
  /** Values the entry must allow (plain forms; the tests add separators). */
  readonly examples: readonly string[];
  /** Where the value is published, why it is not personal data. */
  readonly source: string;
}

const SEP = '[ -]?';
const COUNTRY_CODE = `(?:(?:\\+|00)86${SEP}|\\(\\+86\\)${SEP})?`;

/** The entries, in the order they are joined into the list's regex. */
export const ALLOW_LIST_ENTRIES: readonly AllowListEntry[] = [
  {
    name: 'gb11643-example',
    regex: `110105${SEP}19491231${SEP}002[Xx]`,
    examples: ['11010519491231002X'],
    source: 'The worked example of GB 11643-1999 itself (Beijing Chaoyang, born 1949-12-31); printed in every tutorial on the check character.',
  },
  {
    name: 'mobile-13800138000',
    regex: `${COUNTRY_CODE}138${SEP}0013${SEP}8000`,
    examples: ['13800138000'],
    source: "China Mobile's customer service number 138 0013 8000, the de facto sample mobile number of Chinese documentation and forms.",
  },
  {
    name: 'mobile-placeholder-zeros',
    regex: `${COUNTRY_CODE}1[3-9]\\d${SEP}0000${SEP}0000`,
    examples: ['13800000000', '19900000000'],
    source: 'Prefix followed by eight zeros (13800000000): the placeholder of form defaults and seed data; no subscriber line ends in 0000 0000.',
  },
  {
    name: 'unionpay-bin-zeros',
    regex: `62\\d{4}0{10,13}|62\\d\\d[ -]\\d\\d00(?:[ -]0000){2}(?:${SEP}0{1,3})?`,
    examples: ['6222020000000000000', '6228480000000000'],
    source: 'A UnionPay issuer prefix followed only by zeros (6222020000000000000): the shape of bank test accounts and masked exports.',
  },
  {
    name: 'test-cards',
    regex: `4111(?:${SEP}1111){3}|4242(?:${SEP}4242){3}|5555(?:${SEP}5555){2}${SEP}4444|6200(?:${SEP}0000){2}${SEP}0005`,
    examples: ['4111111111111111', '4242424242424242', '5555555555554444', '6200000000000005'],
    source: 'Payment processors\' published test cards (Visa 4111..., 4242..., Mastercard 5555...4444, UnionPay 6200...0005); Luhn-valid, never issued.',
  },
];

/** The allow list's regex: the entries as one alternation. */
export function allowListRegex(entries: readonly AllowListEntry[] = ALLOW_LIST_ENTRIES): string {
  return `(?:${entries.map((e) => e.regex).join('|')})`;
}

/** Every way the list breaks Macie's limits; empty when Macie accepts it. */
export function allowListProblems(entries: readonly AllowListEntry[] = ALLOW_LIST_ENTRIES): string[] {
  return macieRegexProblems(allowListRegex(entries), MACIE_LIMITS.allowListRegexMaxLength).map((p) => `allow list: ${p}`);
}
