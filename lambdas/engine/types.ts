/**
 * The engine's vocabulary: identifier types, sensitivity levels, detectors, findings and the
 * content parts that format readers hand to the matcher. Nothing here talks to AWS.
 */
import { PII_TYPES } from '../../contract/pii-types.js';

/** Identifier types (contract/classification-policy.ts): part of the report format and of S3 tags. */
export { PII_TYPES };

/** One identifier type, e.g. `cn_resident_id`. */
export type PiiType = (typeof PII_TYPES)[number];

/** Sensitivity levels, lowest first. */
export const SENSITIVITY_LEVELS = ['public', 'sensitive', 'confidential'] as const;

/** How sensitive an object's content is. */
export type Sensitivity = (typeof SENSITIVITY_LEVELS)[number];

/** An object's level in a report: its sensitivity, or `failed` when it could not be read in full. */
export type ObjectLevel = Sensitivity | 'failed';

/**
 * Answer of a detector's `validate` hook (Presidio's convention): `true` confirms the candidate
 * (score 1.0), `false` rejects it, `undefined` has no opinion (the pattern score stands).
 */
export type Verdict = boolean | undefined;

/** One regular expression of a detector, with the score a bare match earns. */
export interface DetectorPattern {
  /** Name reported with each finding, e.g. `18-digit`. */
  readonly name: string;
  /**
   * Global (`g`) expression over normalized text (ASCII digits and letters, see normalize.ts).
   * It carries its own boundaries: `(?<![0-9A-Za-z])` and `(?![0-9A-Za-z])`, never `\b`.
   */
  readonly regex: RegExp;
  /** Score of a match before validation and context, 0..1. Findings need 0.5 to be reported. */
  readonly score: number;
  /**
   * Reported only under a column header (CSV, TSV, spreadsheet) holding one of the detector's
   * context words, never through words in the text: for shapes that are any word in free text.
   * The score must stay below the threshold; the matcher skips the pattern where no header
   * holds a word. @default false
   */
  readonly headerOnly?: boolean;
  /**
   * The label every match follows is its context (a role written as a label: `客户：王芳`): each
   * trigger's `after` words end in that label, and a match scores as if a context word stood near
   * it. For labels too common as words of any text to be context words searched in every window
   * (`客户`, `乘客`): the pattern is tried, and its matches reported, in a text without the
   * detector's context words, where Detector.requiresContext skips its other patterns; and only in
   * a text that holds one of its labels (dispatch.ts Plan.gated), and, when it `requires` words, one of
   * those. @default false
   */
  readonly labelled?: boolean;
  /**
   * Words one of which a text must hold for the pattern to be tried in it (case-sensitive): for a
   * pattern that matches only after a label, every label holding one of them (`ddr` of `Address`,
   * `址` of `地址`). Where none is, the pattern is off from the start, and its triggers leave the
   * lists the walk meets. @default tried in every text
   */
  readonly requires?: readonly string[];
  /**
   * Where a match can start, so the matcher tries the pattern only there (as a sticky expression)
   * instead of in a pass of its own over the whole text. A match must satisfy at least one trigger;
   * a trigger that misses a place where the expression matches and `validate` does not reject
   * loses findings, so declare them wide (test/engine/dispatch.test.ts checks them against a
   * global pass). Without triggers, the pattern runs as its own global pass (slow, for ad hoc
   * detectors).
   */
  readonly triggers?: readonly PatternTrigger[];
}

/**
 * One kind of place where a pattern's match can start. `run: 'alnum'`: at the start of a run of
 * ASCII letters and digits (the character before is not one); `run: 'han'`: in a run of CJK
 * ideographs (U+4E00-U+9FFF); `char`: at one of these punctuation characters (`+`, `(`).
 */
export type PatternTrigger =
  | {
      readonly run: 'alnum' | 'han';
      /**
       * Characters the match can start with: for `han` runs, those `validate` can accept, so the
       * others are rejected without running the expression (not with `inside`). @default any
       * character of the run
       */
      readonly first?: string;
      /**
       * Lengths the run can have from the match start to the run's end, as numbers or inclusive
       * `[min, max]` ranges (`max` may be Infinity). @default any length
       */
      readonly lengths?: readonly (number | readonly [number, number])[];
      /** Characters one of which must follow the run (the run may not end the text, unless `end`). */
      readonly next?: string;
      /**
       * Han triggers with `next`: characters one of which must end the run (the one before `next`):
       * a part of an address before a space (`浙江省 杭州市`, `光明路 649 号`). @default not checked
       */
      readonly last?: string;
      /** With `next`: the run may also end the text (a field at the end of a cell or a file). @default false */
      readonly end?: boolean;
      /**
       * The run of ASCII letters and digits right after the `next` character (alnum triggers with
       * `next` only): the characters it can start with, its lengths (0 when none follows), and
       * characters one of which must follow it. The dispatcher reads it before running the
       * expression: a dotted quad's second octet, a card's second group. @default not checked
       */
      readonly then?: {
        readonly first?: string;
        readonly lengths: readonly (number | readonly [number, number])[];
        readonly next?: string;
        /** With `next`: that run may also end the text. @default false */
        readonly end?: boolean;
        /** ASCII characters one of which must follow that `next` character. @default not checked */
        readonly follow?: string;
      };
      /**
       * A character that must occur within `within` characters after the start, with only
       * `through` characters (ASCII) before it: an email's `@` after its local part.
       */
      readonly ahead?: { readonly char: string; readonly within: number; readonly through: string };
      /**
       * ASCII characters that may not stand right before the match (the expression's own
       * look-behind refuses them): a start after one is not tried. @default not checked
       */
      readonly notAfter?: string;
      /** The match may start inside the run, not only at its start. @default false */
      readonly inside?: boolean;
      /** The text before the match start ends with one of these words (case-sensitive). */
      readonly after?: readonly string[];
      /**
       * Han triggers: the run holds one of `chars` between the match start and the run's end, right
       * after one of `after` (an address's `号` after its number in Chinese numerals, when no digit
       * follows the run). With `starts` (and `inside`), the match starts only `[min, max]`
       * characters before such a pair (its `after` character), and only those starts are tried: a
       * name before `先生`. @default not checked
       */
      readonly holds?: { readonly chars: string; readonly after: string; readonly starts?: readonly [number, number] };
    }
  | { readonly char: string };

/** A recognizer: data (patterns, context words) plus optional validation. */
export interface Detector {
  /** Stable id reported in findings, e.g. `cn_resident_id.gb11643`. Never derived from a file name. */
  readonly id: string;
  /** The identifier type this detector finds. */
  readonly type: PiiType;
  /**
   * How much a validated match of this detector can be trusted, used when two detectors claim
   * overlapping text: the higher strength wins. Roughly -log10 of the false-positive rate of
   * its validation (a mod 11 check with a date and a region beats Luhn, which beats a prefix table).
   */
  readonly strength: number;
  /** Patterns, tried in order; overlapping matches of one detector keep the first and longest. */
  readonly patterns: readonly DetectorPattern[];
  /** Lower-case words that, near a match or in its column header, raise its score by CONTEXT_BOOST. */
  readonly context?: readonly string[];
  /**
   * Those of `context` that count only as words of their own, with no ASCII letter right before or
   * after them: Macau's `BIR`, not the `bir` of `birthday` (context words count inside longer
   * words otherwise: `tel` in `telephone`). @default none
   */
  readonly wholeWords?: readonly string[];
  /**
   * Those of `context` that count in a text only apart from the ASCII letters and digits before
   * them and the letters after them (`QQ:`, `QQ号`, `QQ12345678`), not inside a token or a run of
   * base64 (random base64 holds `qq` once in 512 characters, in either case: a log line's token before
   * a number made it a QQ number); in a column's header, anywhere (`qqhm`, `userQQ`). @default none
   */
  readonly apartInText?: readonly string[];
  /**
   * Lower-case words that count as context only in a column's header (and what stands for one: a
   * JSON value's key, the ASCII label or XML element's name right before a value in a text,
   * labels.ts), never in the text around a value: a role a column of names is headed by (`乘客`,
   * `患者`, `Consignee`) whose characters are common in any text, where looking for it in every
   * window would cost more than it finds. @default none
   */
  readonly headerContext?: readonly string[];
  /**
   * Lower-case names that count as context only as a column's whole header (or a label in a cell
   * beside it), a key or a text's whole label right before a value (`wx：…`), alone or before an
   * ending such as `no`, `id` or `号` (`wx_no`, `wxId`: context.ts nameOf): abbreviations too short
   * to count as words of a header (`wx`, `vx` for WeChat: the `wx_pay_status` of a payment export
   * holds `SUCCESS` and `NATIVE`, an id's shape). @default none
   */
  readonly headerNames?: readonly string[];
  /**
   * Context words that do not count right after one of the given words, in a header or a text
   * (joined to it, or after one `_`, `-` or space; ASCII letters in any case): `name` in `hostname`,
   * `file_name` or `Product Name` names no person, and a column of brands headed `ProductName`
   * (`李宁`, `王老吉`, `周黑鸭`) read as names. @default none
   */
  readonly contextNotAfter?: Readonly<Record<string, readonly string[]>>;
  /**
   * Those of `context` written after the value they describe (`张三先生`), whose colon is no label's
   * (`尊敬的王小明先生：您好`): a context word written as a label (`QQ号码：`, `"qq":`) counts in a
   * text only for the value after it (context.ts labelsAnother), these on either side. @default none
   */
  readonly contextAfterValue?: readonly string[];
  /**
   * With `columnOfValues`: words of a header (lower case, anywhere in it) under which a column is
   * not told by its values, because what it names is no person: goods, brands, shops, companies,
   * places (`商品名称`, `品牌`, `ProductName`): a column of brands (`李宁`, `王老吉`, `周黑鸭`) is
   * whole names to the eye. @default none
   */
  readonly notColumnHeaders?: readonly string[];
  /**
   * Reported only next to a context word: every pattern scores below the threshold and `validate`
   * never confirms. The matcher then skips the detector in text (and headers) without any of its
   * context words, all but its `labelled` patterns. @default false
   */
  readonly requiresContext?: boolean;
  /**
   * A column whose first values are mostly whole matches of this detector (its context given)
   * counts as headed by its first context word (column-profile.ts): a list of names without a
   * header row, or under one that names no role (`col1`), is a list of names. Only for shapes that
   * are seldom a whole field of anything else. With `patterns`: only those patterns' whole
   * matches count, and not in a column that reads as a numbering (most values sharing their first
   * characters: `E00012345`, `E00012346`, a system's codes, not documents issued to many people),
   * unless `checked` (a check digit the values pass: a numbering passes it once in ten; IMEIs of
   * one phone model share their first eight digits). @default false
   */
  readonly columnOfValues?: boolean | { readonly patterns: readonly string[]; readonly checked?: boolean };
  /**
   * Pass the match to `validate` and `mask` as written (normalized), separators kept: for values
   * where a dash belongs to the value (email domains). @default false
   */
  readonly verbatim?: boolean;
  /** Checks a candidate: `value` is the matched text with separators (space, dashes) removed. */
  readonly validate?: (value: string, pattern: string) => Verdict;
  /**
   * `validate` of `text.slice(start, end)` without the slice: the matcher calls it instead of
   * `validate` for a match with no separator inside (most of them), so checking a value allocates
   * nothing. Must give the same answer as `validate`; define `validate` through it so the rule is
   * written once (test/engine/validate-at.test.ts compares them). @default slice, then `validate`
   */
  readonly validateAt?: (text: string, start: number, end: number, pattern: string) => Verdict;
  /** Masked form for reports; the default keeps the first and last few characters. */
  readonly mask?: (value: string) => string;
}

/** Where a finding is. Text gives line and column (1-based); spreadsheets give sheet and cell. */
export interface Location {
  /** Archive member path, `outer.zip/inner.csv`, when the finding is inside a container. */
  entry?: string;
  /** PDF page, 1-based. */
  page?: number;
  line?: number;
  column?: number;
  sheet?: string;
  cell?: string;
  /** Character offset in the decoded text, where nothing better exists. */
  offset?: number;
}

/** One finding. Carries the raw value only when the operator asked for it (`--reveal`). */
export interface Finding {
  readonly type: PiiType;
  readonly detector: string;
  readonly pattern: string;
  readonly score: number;
  readonly location: Location;
  readonly masked: string;
  /** Why the finding passed: `checksum`, `context`, `pattern`. */
  readonly basis: 'checksum' | 'context' | 'pattern';
  value?: string;
}

/** Decoded text, streamed in chunks of any size; the matcher finds values across chunk edges. */
export interface TextPart {
  readonly kind: 'text';
  /** Location fields shared by every finding in this part (`entry`, `page`). */
  readonly where: Location;
  /** For CSV/TSV: the field delimiter, so the first line is read as column headers for context. */
  readonly delimiter?: string;
  /**
   * JSON text: a value's key (`"xm": "王芳"`) is its header for context, as a column's header is
   * a cell's (a key in pinyin, `xingming`, `huzhao`, is a context word only in a header).
   */
  readonly keyed?: boolean;
  /** Set when no reader knew the bytes and the strings pass read them (formats/strings.ts). */
  readonly fallback?: 'strings';
  readonly chunks: AsyncIterable<string>;
}

/** One spreadsheet cell's displayed text, with its column header (the first row) for context. */
export interface Cell {
  readonly sheet: string;
  /** A1-style reference. */
  readonly ref: string;
  readonly text: string;
  readonly header?: string;
  /**
   * A value that is not text (a database BLOB that is not UTF-8): its bytes, read as a member when
   * they are a file (embedded.ts); `text` is empty.
   */
  readonly bytes?: Uint8Array;
}

/**
 * Spreadsheet cells, streamed in batches: what the reader has at hand (a parsed chunk of a
 * worksheet, up to CELL_BATCH cells of a table), so that a workbook of a million cells is not a
 * million awaits through the readers' generators.
 */
export interface CellsPart {
  readonly kind: 'cells';
  readonly where: Location;
  readonly cells: AsyncIterable<readonly Cell[]>;
}

/**
 * A member of a container that could not be read (corrupt, encrypted, over a limit). The scan of
 * the other members goes on; the object is reported with this error.
 */
export interface ErrorPart {
  readonly kind: 'error';
  readonly where: Location;
  readonly error: import('./errors.js').ScanError;
}

/** What a format reader yields: the readable content of one object, in parts. */
export type ContentPart = TextPart | CellsPart | ErrorPart;

/** Formats an object can be recognized as. Part of the report format. */
export const FORMATS = [
  'text',
  'csv',
  'tsv',
  'json',
  'jsonl',
  'html',
  'sql',
  'pgdump',
  'xlsx',
  'xlsb',
  'spreadsheetml',
  'docx',
  'rtf',
  'pdf',
  'ofd',
  'xps',
  'sqlite',
  'access',
  'dbf',
  'xls',
  'doc',
  'pptx',
  'odt',
  'ods',
  'odp',
  'parquet',
  'avro',
  'arrow',
  'numpy',
  'pickle',
  'stata',
  'spss',
  'xpt',
  'bson',
  'redis',
  'gzip',
  'zlib',
  'deflate',
  'brotli',
  'bzip2',
  'xz',
  'zstd',
  'lz4',
  'snappy',
  'compress',
  'tar',
  'zip',
  '7z',
  'rar',
  'eml',
  'mbox',
  'msg',
  'vcard',
  'image',
  'media',
  'binary',
] as const;

/** One object format. */
export type Format = (typeof FORMATS)[number];
