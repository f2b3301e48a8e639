/**
 * The parts of an evidence pack, the deregistration step each evidences and the articles of the
 * Personal Information Protection Law (PIPL, 《个人信息保护法》) it answers. Texts for people are
 * in the message catalogues (lambdas/reports/messages); this table is the mapping itself.
 *
 * | part         | folder          | step           | PIPL articles                                  |
 * |--------------|-----------------|----------------|------------------------------------------------|
 * | tags         | tags/           | classification | 51(2) classified management, 28 sensitive data |
 * | keys         | keys/           | storage        | 51(3) encryption, 51(4) access rights           |
 * | inventory    | inventory/      | storage        | 51(3) encryption; backups under Object Lock     |
 * | certificates | certificates/   | destruction    | 47 deletion, 19 shortest retention             |
 * | compliance   | compliance/     | compliance     | 54 regular compliance audits                   |
 * | incidents    | incidents/      | incident       | 57 remedy and notification after a leak        |
 * | trail        | trail/          | audit          | 54 compliance audits, 63 records for regulators |
 */

/** Part ids, in the order the index shows them. */
export const PART_IDS = ['tags', 'keys', 'inventory', 'certificates', 'compliance', 'incidents', 'trail'] as const;
/** One part. */
export type PartId = (typeof PART_IDS)[number];

/** Deregistration steps. */
export type StepId = 'classification' | 'storage' | 'destruction' | 'compliance' | 'incident' | 'audit';

/** What a part is and evidences. */
export interface PartDefinition {
  readonly folder: string;
  readonly step: StepId;
  /** Article numbers, with the item in parentheses where one item is meant: `51(2)`. */
  readonly pipl: readonly string[];
}

/** The table of the module doc. */
export const PARTS: Readonly<Record<PartId, PartDefinition>> = {
  tags: { folder: 'tags/', step: 'classification', pipl: ['51(2)', '28'] },
  keys: { folder: 'keys/', step: 'storage', pipl: ['51(3)', '51(4)'] },
  inventory: { folder: 'inventory/', step: 'storage', pipl: ['51(3)'] },
  certificates: { folder: 'certificates/', step: 'destruction', pipl: ['47', '19'] },
  compliance: { folder: 'compliance/', step: 'compliance', pipl: ['54'] },
  incidents: { folder: 'incidents/', step: 'incident', pipl: ['57'] },
  trail: { folder: 'trail/', step: 'audit', pipl: ['54', '63'] },
};

/** The part a pack path belongs to, by its folder; undefined for index files. */
export function partOf(path: string): PartId | undefined {
  return PART_IDS.find((id) => path.startsWith(PARTS[id].folder));
}

/** `51(2)` as an auditor reads it: "Article 51(2)" or "第五十一条第（二）项". */
export function articleLabel(article: string, lang: 'en' | 'zh-CN'): string {
  const m = /^(\d+)(?:\((\d+)\))?$/.exec(article);
  if (!m) return article;
  if (lang === 'en') return `Article ${article}`;
  const item = m[2] ? `第（${chineseNumber(Number(m[2]))}）项` : '';
  return `第${chineseNumber(Number(m[1]))}条${item}`;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1-99 in Chinese numerals, as statute articles are numbered (十九, 四十七, 五十一). */
function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}
