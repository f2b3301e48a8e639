/**
 * ShredLock's Chinese identifiers as Macie custom data identifiers: regex, keywords, maximum match
 * distance, ignore words. Macie has no Chinese identifiers of its own, and its custom identifiers
 * are regex-only: no checksum, no date check, no normalization (full-width digits are missed), and
 * no look-around, so `\b` (an ASCII word boundary: a Chinese character next to a digit is one, `_`
 * is not) stands in for the engine's digit/letter boundaries. Whatever the regex cannot tell is the
 * engine's job; a Macie match is a second opinion, never a checksum-validated result.
 *
 * Keywords are a hard gate in Macie (a match without a keyword before it is dropped), not the
 * score boost they are in the engine. So an identifier gets keywords exactly where the engine
 * needs more than the shape to report a value:
 *
 * | Id                   | Type               | Keywords | Why                                                          |
 * |----------------------|--------------------|----------|--------------------------------------------------------------|
 * | `cn_resident_id`     | cn_resident_id     | none     | province and birth date in the regex (~1e-4 of 18-digit runs)|
 * | `cn_resident_id_15`  | cn_resident_id     | required | legacy IDs have no check digit; the engine needs context too |
 * | `cn_mobile`          | cn_mobile          | none     | the prefix table is the engine's only check as well          |
 * | `bank_card`          | bank_card          | required | UnionPay 62 only; Macie cannot run Luhn (1 in 100, not 1000) |
 * | `cn_passport`        | cn_passport        | required | shape only; the engine reports it only with context          |
 * | `cn_hk_macau_permit` | cn_hk_macau_permit | required | shape only; the engine reports it only with context          |
 * | `cn_landline`        | cn_landline        | none     | area code set off by a separator, `(`, `+86` or `0086`       |
 * | `cn_landline_digits` | cn_landline        | required | a bare digit run; the engine needs context too               |
 * | `hk_id`              | hk_id              | required | Macie cannot run the mod 11 check                            |
 * | `mo_id`              | mo_id              | required | shape only                                                   |
 * | `tw_id`              | tw_id              | required | Macie cannot run the checksum; the engine needs context too  |
 * | `cn_travel_permit_hk_mo` | cn_travel_permit_hk_mo | required | shape only; the engine needs context too         |
 * | `cn_travel_permit_tw` | cn_travel_permit_tw | required | 8 digits; the engine needs context too                      |
 * | `cn_license_plate`   | cn_license_plate   | none     | province abbreviation and office letter, as in the engine    |
 * | `date_of_birth`      | date_of_birth      | required | any date; the engine needs a birth label too                 |
 * | `wechat_id`          | wechat_id          | none     | `wxid_` ids only (a chosen id is any word)                   |
 * | `hk_mo_tw_phone`     | hk_mo_tw_phone     | none     | with the country code only (+852, +853, +886)                |
 *
 * Not expressed in Macie: `bank_account`, `health_insurance_id` and `qq` (any digit run: the look-alike
 * order numbers and timestamps match, and `qq` has no 3-character keyword), `device_id` (an IMEI's Luhn check is
 * beyond a regex, and any 15 digits match), `ipv6` (group counts), `geo_coordinates`
 * (ranges and precision), `cn_address` (the chain is beyond a 512-character regex without
 * look-around), and `email`, `ipv4`, `cn_name`, which Macie's managed identifiers or nobody cover.
 *
 * Keywords are the detector's context words (one list, in the detector). Macie wants 3-90
 * characters per keyword, so a 2-character Chinese word (手机, 护照, 卡号) is written as it appears
 * as a label: with a full-width or ASCII colon, and with 号 appended unless it ends in 号. Macie
 * counts the distance from the end of the keyword to the end of the match and only looks before
 * the match, so the distance is the engine's CONTEXT_BEFORE plus the longest match.
 *
 * No identifier has ignore words: they are case-sensitive substrings of the match, and the engine's
 * look-alike rules (masked values, dash-joined codes, windows of longer runs) are not substring
 * rules. Published sample numbers are in the allow list (allow-list.ts), which also covers Macie's
 * managed identifiers.
 */
import { createHash } from 'node:crypto';
import { MAINLAND_PROVINCE_CODES, PROVINCE_CODES } from '../engine/checksums/gb11643.js';
import { bankCardDetector } from '../engine/detectors/bank-card.js';
import { hkMacauPermitDetector } from '../engine/detectors/hk-macau-permit.js';
import { hkMoTwPhoneDetector } from '../engine/detectors/hk-mo-tw-phone.js';
import { landlineDetector } from '../engine/detectors/landline.js';
import { mobileDetector, mobileHead } from '../engine/detectors/mobile.js';
import { passportDetector } from '../engine/detectors/passport.js';
import { PLATE_PROVINCES, licensePlateDetector } from '../engine/detectors/license-plate.js';
import { dateOfBirthDetector } from '../engine/detectors/date-of-birth.js';
import { hkIdDetector } from '../engine/detectors/hk-id.js';
import { moIdDetector } from '../engine/detectors/mo-id.js';
import { travelPermitHkMoDetector } from '../engine/detectors/travel-permit-hk-mo.js';
import { travelPermitTwDetector } from '../engine/detectors/travel-permit-tw.js';
import { twIdDetector } from '../engine/detectors/tw-id.js';
import { wechatIdDetector } from '../engine/detectors/wechat-id.js';
import { residentIdDetector } from '../engine/detectors/resident-id.js';
import { CONTEXT_BEFORE } from '../engine/match.js';
import type { Detector, PiiType } from '../engine/types.js';
import { FINGERPRINT_LENGTH, MACIE_IDENTIFIER_TYPES, type MacieIdentifierId } from './identifier-names.js';
import { MACIE_LIMITS, characterCount, macieRegexProblems } from './macie-limits.js';

/** One custom data identifier, as Macie takes it. */
export interface MacieIdentifierDefinition {
  readonly id: MacieIdentifierId;
  readonly type: PiiType;
  /** Description of the identifier in Macie (no personal data). */
  readonly description: string;
  /** Macie-dialect regex; also valid JavaScript. */
  readonly regex: string;
  /** Keywords, one of which must precede a match; empty: matches are reported without one. */
  readonly keywords: readonly string[];
  /** Characters from the end of a keyword to the end of a match; only with keywords. */
  readonly maximumMatchDistance?: number;
  /** Substrings that drop a match. */
  readonly ignoreWords: readonly string[];
  /** Longest text the regex matches (sets the match distance). */
  readonly maxMatchLength: number;
  /** Why keywords are (not) required, for docs/macie.md. */
  readonly keywordRule: string;
}

/** Optional separator inside a number: space or ASCII hyphen (Macie's regexes see no other dashes). */
const SEP = '[ -]';
/** A real month and day, `MMDD`. */
const MONTH_DAY = '(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])';
/** The province prefixes of GB 11643 in use, from the engine's own table (`1[12345]|2[123]|...`). */
const PROVINCE = `(?:${provinceAlternation(PROVINCE_CODES)})`;
/** The 6-digit region of an 18-character ID: a province and 4 digits, or the permanent residence `9` + mainland province + nationality. */
const REGION = `(?:${PROVINCE}\\d{4}|9(?:${provinceAlternation(MAINLAND_PROVINCE_CODES)})\\d{3})`;
/** `+86`, `0086` or `(+86)`, then an optional separator. */
const COUNTRY_CODE = `(?:(?:\\+|\\b00)86|\\(\\+86\\))${SEP}?`;
/**
 * Start of a landline that is not one group of a longer grouped digit run (`6222 0571 8888 6666`):
 * the file start, a character that is neither a letter, a digit nor a separator, or a separator
 * after a non-digit. Macie has no look-behind, so these one or two characters are part of the match.
 */
const GROUP_START = `(?:^|[^0-9A-Za-z -]|(?:^|[^0-9])${SEP})`;
/** Landline subscriber of 8 digits, then of 7-8 digits; never starting with 0 or 1. */
const SUB8 = `[2-9]\\d{3}${SEP}?\\d{4}`;
const SUB7_8 = `[2-9]\\d{2,3}${SEP}?\\d{4}`;

function provinceAlternation(codes: readonly string[]): string {
  const byFirst = new Map<string, string[]>();
  for (const code of codes) byFirst.set(code[0], [...(byFirst.get(code[0]) ?? []), code[1]]);
  return [...byFirst]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([first, seconds]) => (seconds.length === 1 ? first + seconds[0] : `${first}[${seconds.sort().join('')}]`))
    .join('|');
}

/**
 * A detector's context words as Macie keywords: lower-cased, 3-90 characters; a shorter Chinese
 * word as a label (`手机：`, `手机:`, `手机号`); other short words dropped.
 */
export function macieKeywords(words: readonly string[]): string[] {
  const keywords = new Set<string>();
  for (const raw of words) {
    const word = raw.toLowerCase();
    if (characterCount(word) >= MACIE_LIMITS.keywordMinLength) {
      keywords.add(word);
    } else if (/^\p{Script=Han}+$/u.test(word)) {
      keywords.add(`${word}：`);
      keywords.add(`${word}:`);
      if (!word.endsWith('号')) keywords.add(`${word}号`);
    }
  }
  return [...keywords];
}

interface DefinitionInput {
  readonly id: MacieIdentifierId;
  readonly detector: Detector;
  readonly summary: string;
  readonly regex: string;
  readonly maxMatchLength: number;
  /** Take the detector's context words as keywords. */
  readonly keywords: boolean;
  readonly keywordRule: string;
}

function define(input: DefinitionInput): MacieIdentifierDefinition {
  const type = MACIE_IDENTIFIER_TYPES[input.id];
  if (input.detector.type !== type) throw new RangeError(`${input.id}: detector ${input.detector.id} reports ${input.detector.type}`);
  const keywords = input.keywords ? macieKeywords(input.detector.context ?? []) : [];
  return {
    id: input.id,
    type,
    description: `ShredLock ${type}: ${input.summary}. Regex only (no checksum); mirrors detector ${input.detector.id}.`,
    regex: input.regex,
    keywords,
    ...(keywords.length > 0 ? { maximumMatchDistance: CONTEXT_BEFORE + input.maxMatchLength } : {}),
    ignoreWords: [],
    maxMatchLength: input.maxMatchLength,
    keywordRule: input.keywordRule,
  };
}

/** Our custom data identifiers, in MACIE_IDENTIFIER_IDS order. */
export const MACIE_IDENTIFIERS: readonly MacieIdentifierDefinition[] = [
  define({
    id: 'cn_resident_id',
    detector: residentIdDetector,
    summary: '18-character resident ID (GB 11643): province, birth date 19xx/20xx, sequence, check character; grouped 6-8-4 allowed',
    regex: `\\b${REGION}${SEP}?(?:19|20)\\d\\d${MONTH_DAY}${SEP}?\\d{3}[\\dXx]\\b`,
    maxMatchLength: 20,
    keywords: false,
    keywordRule: 'none: province and birth date are in the regex (about 1 in 10,000 random 18-digit runs pass)',
  }),
  define({
    id: 'cn_resident_id_15',
    detector: residentIdDetector,
    summary: 'legacy 15-digit resident ID: province, birth date YYMMDD, sequence; no check digit',
    regex: `\\b${PROVINCE}\\d{4}\\d\\d${MONTH_DAY}\\d{3}\\b`,
    maxMatchLength: 15,
    keywords: true,
    keywordRule: 'required: no check digit; the engine reports legacy IDs only with context',
  }),
  define({
    id: 'cn_mobile',
    detector: mobileDetector,
    summary: 'mainland mobile number: allocated prefix, 11 digits, plain or 3-4-4, after +86, 0086 or (+86)',
    regex: `(?:${COUNTRY_CODE}|\\b)${mobileHead(SEP)}${SEP}?\\d{4}\\b`,
    maxMatchLength: 20,
    keywords: false,
    keywordRule: 'none: the prefix table is the engine\'s only check too, and it reports mobiles without context',
  }),
  define({
    id: 'bank_card',
    detector: bankCardDetector,
    summary: 'UnionPay card number: 62 and 16-19 digits, plain or in groups of four',
    regex: `\\b62(?:\\d{14,17}|\\d\\d(?:${SEP}\\d{4}){3}(?:${SEP}?\\d{1,3})?)\\b`,
    maxMatchLength: 23,
    keywords: true,
    keywordRule: 'required: Macie cannot run the Luhn check the engine relies on (1 run in 100 passes the prefix, 1 in 1,000 with Luhn); Macie\'s managed CREDIT_CARD_NUMBER covers Luhn-valid cards',
  }),
  define({
    id: 'cn_passport',
    detector: passportDetector,
    summary: 'PRC passport number: E + 8 digits, E + letter + 7 digits, G + 8 digits; official D, S, P, DE, SE, PE forms',
    regex: '\\b(?:E(?:\\d{8}|[A-HJ-NP-Z]\\d{7})|G\\d{8}|[DSP]E\\d{7}|[DP]\\d{7}|S\\d{7,8})\\b',
    maxMatchLength: 9,
    keywords: true,
    keywordRule: 'required: shape only, common as product codes; the engine reports passports only with context',
  }),
  define({
    id: 'cn_hk_macau_permit',
    detector: hkMacauPermitDetector,
    summary: 'Exit-Entry Permit for Hong Kong and Macau: C + 8 digits, C + letter + 7 digits, W + 8 digits',
    regex: '\\b(?:C(?:\\d{8}|[A-HJ-NP-Z]\\d{7})|W\\d{8})\\b',
    maxMatchLength: 9,
    keywords: true,
    keywordRule: 'required: shape only; the engine reports permits only with context',
  }),
  define({
    id: 'cn_landline',
    detector: landlineDetector,
    summary: 'mainland landline: area code set off by a separator or parentheses, or after +86/0086; optional -extension; not a group of a longer grouped number',
    regex:
      `${GROUP_START}(?:(?:(?:\\+|00)86|\\(\\+86\\))${SEP}?(?:(?:10|2\\d)${SEP}?${SUB8}|[3-9]\\d\\d${SEP}?${SUB7_8})` +
      `|(?:\\(0(?:10|2\\d)\\) ?|0(?:10|2\\d)${SEP})${SUB8}` +
      `|(?:\\(0[3-9]\\d\\d\\) ?|0[3-9]\\d\\d${SEP})${SUB7_8})(?:-\\d{1,6})?\\b`,
    maxMatchLength: 28,
    keywords: false,
    keywordRule: 'none: a separated area code is distinctive; the engine reports this shape without context',
  }),
  define({
    id: 'cn_landline_digits',
    detector: landlineDetector,
    summary: 'mainland landline written as one digit run: 0 + area code + subscriber, 11-12 digits',
    regex: '\\b(?:0(?:10|2\\d)[2-9]\\d{7}|0[3-9]\\d\\d[2-9]\\d{6,7})\\b',
    maxMatchLength: 12,
    keywords: true,
    keywordRule: 'required: a bare digit run looks like any number; the engine needs context too',
  }),
  define({
    id: 'hk_id',
    detector: hkIdDetector,
    summary: 'Hong Kong identity card: 1-2 letters, 6 digits, check character (0-9 or A), with or without parentheses',
    regex: '\\b[A-Z]{1,2}\\d{6}(?:\\([0-9A]\\)|[0-9A]\\b)',
    maxMatchLength: 11,
    keywords: true,
    keywordRule: 'required: Macie cannot run the mod 11 check',
  }),
  define({
    id: 'mo_id',
    detector: moIdDetector,
    summary: 'Macau identity card: 1, 5 or 7, 6 digits, check digit, as 1234567(8), 1/234567/8 or run together',
    regex: '\\b[157](?:\\d{6}\\(\\d\\)|/\\d{6}/\\d\\b|\\d{7}\\b)',
    maxMatchLength: 10,
    keywords: true,
    keywordRule: 'required: shape only (the check digit algorithm is not published)',
  }),
  define({
    id: 'tw_id',
    detector: twIdDetector,
    summary: 'Taiwan identity number: letter, 1/2 (or 8/9), 8 digits',
    regex: '\\b[A-Z][1289]\\d{8}\\b',
    maxMatchLength: 10,
    keywords: true,
    keywordRule: 'required: Macie cannot run the checksum; the engine needs context too',
  }),
  define({
    id: 'cn_travel_permit_hk_mo',
    detector: travelPermitHkMoDetector,
    summary: 'Mainland Travel Permit for Hong Kong and Macau Residents: H or M and 8 (or 10) digits',
    regex: '\\b[HM](?:\\d{8}|\\d{10})\\b',
    maxMatchLength: 11,
    keywords: true,
    keywordRule: 'required: shape only; the engine reports permits only with context',
  }),
  define({
    id: 'cn_travel_permit_tw',
    detector: travelPermitTwDetector,
    summary: 'Mainland Travel Permit for Taiwan Residents: 8 digits (the 10-digit booklet is the engine\'s alone: 10 digits are a hotline)',
    regex: '\\b\\d{8}\\b',
    maxMatchLength: 8,
    keywords: true,
    keywordRule: 'required: 8 digits are anything; the engine needs context too',
  }),
  define({
    id: 'cn_license_plate',
    detector: licensePlateDetector,
    summary: 'motor vehicle plate: province abbreviation, office letter, 5 characters or 6 (new energy), optional middle dot',
    regex: `[${PLATE_PROVINCES}][A-HJ-NP-Z]·?(?:[DF][A-HJ-NP-Z0-9]\\d{4}|\\d{5}[DF]|[A-HJ-NP-Z0-9]{5})\\b`,
    maxMatchLength: 9,
    keywords: false,
    keywordRule: 'none: a province abbreviation and an office letter before five characters is the engine\'s rule too',
  }),
  define({
    id: 'date_of_birth',
    detector: dateOfBirthDetector,
    summary: 'date of birth: a date 19xx/20xx as YYYY-MM-DD, YYYY/M/D, YYYY.MM.DD or YYYYMMDD, or day first (DD/MM/YYYY, Hong Kong and Macau)',
    regex:
      `\\b(?:(?:19|20)\\d\\d(?:[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\\d|3[01])|${MONTH_DAY})` +
      `|(?:0?[1-9]|[12]\\d|3[01])[-/.](?:0?[1-9]|[12]\\d|3[01])[-/.](?:19|20)\\d\\d)\\b`,
    maxMatchLength: 10,
    keywords: true,
    keywordRule: 'required: any date matches; the engine needs a birth label too',
  }),
  define({
    id: 'wechat_id',
    detector: wechatIdDetector,
    summary: 'WeChat id assigned by WeChat: wxid_ and 10-20 lower-case letters and digits',
    regex: '\\bwxid_[0-9a-z]{10,20}\\b',
    maxMatchLength: 25,
    keywords: false,
    keywordRule: 'none: the wxid_ prefix is distinctive (a chosen id is any word and is left to the engine)',
  }),
  define({
    id: 'hk_mo_tw_phone',
    detector: hkMoTwPhoneDetector,
    summary: 'Hong Kong or Macau phone number after +852/+853 (8 digits), Taiwan mobile or landline after +886, written with +, 00 or parentheses',
    regex:
      `(?:\\+|\\b00|\\(\\+?)(?:85[23]\\)?${SEP}?[2-9]\\d{3}${SEP}?\\d{4}` +
      `|886\\)?${SEP}?(?:\\(0\\)${SEP}?)?(?:9\\d{2}${SEP}?\\d{3}${SEP}?\\d{3}|[2-8]\\d?${SEP}?\\d{2,4}${SEP}?\\d{4}))\\b`,
    maxMatchLength: 22,
    keywords: false,
    keywordRule: 'none: the country code is distinctive; numbers written without it are left to the engine (a label or a phone column)',
  }),
];

/** The definition of one id. */
export function macieIdentifier(id: MacieIdentifierId): MacieIdentifierDefinition {
  const found = MACIE_IDENTIFIERS.find((d) => d.id === id);
  if (!found) throw new RangeError(`no Macie identifier ${id}`);
  return found;
}

/** 8 hex characters of the SHA-256 of what Macie stores: changes whenever the identifier must be replaced. */
export function definitionFingerprint(definition: MacieIdentifierDefinition): string {
  const stored = {
    regex: definition.regex,
    keywords: definition.keywords,
    ignoreWords: definition.ignoreWords,
    maximumMatchDistance: definition.maximumMatchDistance ?? null,
    description: definition.description,
  };
  return createHash('sha256').update(JSON.stringify(stored)).digest('hex').slice(0, FINGERPRINT_LENGTH);
}

/** Every way a definition breaks Macie's limits; empty when Macie accepts it. */
export function definitionProblems(definition: MacieIdentifierDefinition): string[] {
  const where = (problem: string) => `${definition.id}: ${problem}`;
  const problems = macieRegexProblems(definition.regex).map(where);
  const { keywords, ignoreWords, maximumMatchDistance } = definition;
  if (keywords.length > MACIE_LIMITS.maxKeywords) problems.push(where(`${keywords.length} keywords; Macie allows ${MACIE_LIMITS.maxKeywords}`));
  for (const keyword of keywords) {
    const n = characterCount(keyword);
    if (n < MACIE_LIMITS.keywordMinLength || n > MACIE_LIMITS.keywordMaxLength) {
      problems.push(where(`keyword "${keyword}" has ${n} characters; Macie allows ${MACIE_LIMITS.keywordMinLength}-${MACIE_LIMITS.keywordMaxLength}`));
    }
  }
  if (ignoreWords.length > MACIE_LIMITS.maxIgnoreWords) problems.push(where(`${ignoreWords.length} ignore words; Macie allows ${MACIE_LIMITS.maxIgnoreWords}`));
  for (const word of ignoreWords) {
    const n = characterCount(word);
    if (n < MACIE_LIMITS.ignoreWordMinLength || n > MACIE_LIMITS.ignoreWordMaxLength) {
      problems.push(where(`ignore word "${word}" has ${n} characters; Macie allows ${MACIE_LIMITS.ignoreWordMinLength}-${MACIE_LIMITS.ignoreWordMaxLength}`));
    }
  }
  if (maximumMatchDistance !== undefined) {
    if (keywords.length === 0) problems.push(where('maximumMatchDistance without keywords'));
    if (!Number.isInteger(maximumMatchDistance) || maximumMatchDistance < MACIE_LIMITS.matchDistanceMin || maximumMatchDistance > MACIE_LIMITS.matchDistanceMax) {
      problems.push(where(`maximumMatchDistance ${maximumMatchDistance}; Macie allows ${MACIE_LIMITS.matchDistanceMin}-${MACIE_LIMITS.matchDistanceMax}`));
    }
  }
  if (characterCount(definition.description) > MACIE_LIMITS.descriptionMaxLength) {
    problems.push(where(`description over ${MACIE_LIMITS.descriptionMaxLength} characters`));
  }
  return problems;
}
