/**
 * Content for the backup-format tests: a customer list (synthetic identifiers only) and the same
 * shape without personal data, plus a scan helper that reports what was found.
 */
import { CUSTOMER_HEADER, customerRow } from '../../../synthetic/exports.js';
import { csvText } from '../../../synthetic/files.js';
import { chineseName, dateString, mobile, passport, qq, residentId, wechatId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { scanSource, type ObjectReport } from '../../../lambdas/engine/scan.js';
import type { Source } from '../../../lambdas/engine/formats/source.js';

/** A customer CSV of `rows` rows and the resident IDs in it (column 身份证号). */
export function customerCsv(rows = 20, seed = 10): { csv: string; ids: string[] } {
  const rng = new Rng(seed);
  const body = Array.from({ length: rows }, (_, i) => customerRow(rng, i + 1));
  return { csv: csvText([CUSTOMER_HEADER, ...body]), ids: body.map((row) => row[2]) };
}

/** A product list: SKUs, prices and dates, nothing personal. */
export function publicCsv(rows = 20): string {
  return csvText([['sku', 'name', 'price'], ...Array.from({ length: rows }, (_, i) => [`SKU-${1000 + i}`, `widget ${i}`, `${i}.99`])]);
}

/** One line per person in Traditional characters (Big5 has no simplified forms). */
export function traditionalList(rows = 5, seed = 11): { text: string; ids: string[] } {
  const rng = new Rng(seed);
  const ids = Array.from({ length: rows }, () => residentId(rng));
  const lines = ids.map((id, i) => `客戶${i},陳大文,身份證號 ${id},手機 ${mobile(rng)}`);
  return { text: `編號,姓名,證件,電話\n${lines.join('\n')}\n`, ids };
}

/** Scans a source with values revealed; `ids` lists the resident IDs found. */
export async function scanRevealed(source: Source): Promise<{ report: ObjectReport; ids: string[] }> {
  const report = await scanSource(source, 'object', { reveal: true, maxFindings: 0 });
  const ids = report.findings.filter((f) => f.type === 'cn_resident_id').map((f) => f.value!.replace(/[\s-]/g, ''));
  return { report, ids };
}

/**
 * A list whose values only their column headers make findings (names, WeChat ids, birth dates,
 * passports, QQ numbers): its header row, then `rows` rows drawn from `rng`.
 */
export function labelledList(rng: Rng, rows = 20): string[][] {
  const columns: [string, () => string][] = [
    ['姓名', () => chineseName(rng)],
    ['微信号', () => wechatId(rng, { chosen: true })],
    ['出生日期', () => dateString(rng)],
    ['护照号码', () => passport(rng)],
    ['QQ号', () => qq(rng)],
  ];
  return [columns.map(([header]) => header), ...Array.from({ length: rows }, () => columns.map(([, value]) => value()))];
}
