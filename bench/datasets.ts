/**
 * The benchmark's data, generated into .bench/ (never committed) by the project's synthetic
 * generators, once: a file or folder already there is reused. Same seed, same bytes.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CUSTOMER_HEADER, customerRow, serviceLogLine } from '../synthetic/exports.js';
import { csvText, docxBuffer, pdfBuffer, xlsxBuffer, zipBuffer } from '../synthetic/files.js';
import { bankCard, chineseName, email, mobile, residentId } from '../synthetic/identifiers.js';
import { Rng } from '../synthetic/random.js';

/** One mebibyte. */
export const MiB = 1024 ** 2;

/** One line of a generated text file. */
type LineMaker = (rng: Rng, i: number) => string;

/** A customer CSV row (identifiers, look-alikes beside them). */
export const csvRow: LineMaker = (rng, i) => csvText([customerRow(rng, i)]);
/** A line of a Chinese customer-service log. */
export const logLine: LineMaker = (rng, i) => serviceLogLine(rng, new Date(Date.UTC(2024, 10, 1) + i * 1000)) + '\n';
/** The CSV's header line. */
export const CSV_HEADER = csvText([CUSTOMER_HEADER]);

/** Writes `bytes` of `header` + lines to `path`, unless a file at least that large is there. */
export async function textFile(path: string, bytes: number, header: string, line: LineMaker, seed = 42): Promise<string> {
  const existing = await stat(path).catch(() => undefined);
  if (existing && existing.size >= bytes) return path;
  process.stderr.write(`generating ${path} (${(bytes / MiB).toFixed(0)} MiB)...\n`);
  const out = createWriteStream(path);
  const rng = new Rng(seed);
  let written = Buffer.byteLength(header);
  let batch = header;
  for (let i = 1; written < bytes; i++) {
    const next = line(rng, i);
    written += Buffer.byteLength(next);
    batch += next;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
  return path;
}

/** True when `dir` holds `count` files already. */
async function filled(dir: string, count: number): Promise<boolean> {
  const names = await readdir(dir).catch(() => []);
  return names.length >= count;
}

/** `count` customer CSVs of `bytes` each (different seeds): the `--jobs` folder. */
export async function csvFolder(dir: string, count: number, bytes: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  if (await filled(dir, count)) return dir;
  for (let i = 0; i < count; i++) {
    await textFile(join(dir, `customers-${String(i).padStart(2, '0')}.csv`), bytes, CSV_HEADER, csvRow, 100 + i);
  }
  return dir;
}

/** A person's identifiers as one line of prose (Latin letters only: PDF standard fonts lack Han). */
function contactLine(rng: Rng): string {
  return `Customer ID ${residentId(rng)}, mobile ${mobile(rng)}, card ${bankCard(rng, { network: 'unionpay' })}, mail ${email(rng)}`;
}

/**
 * A mixed folder of office documents and archives, `perKind` of each: XLSX customer sheets, DOCX
 * letters, PDF statements and zips of CSVs, a few MiB each.
 */
export async function mixedFolder(dir: string, perKind: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  if (await filled(dir, perKind * 4)) return dir;
  process.stderr.write(`generating ${dir} (${perKind * 4} files)...\n`);
  const rng = new Rng(7);
  for (let i = 0; i < perKind; i++) {
    const rows = Array.from({ length: 20_000 }, (_, r) => customerRow(rng, r));
    await writeFile(join(dir, `crm-${i}.xlsx`), await xlsxBuffer([{ name: '客户', rows: [CUSTOMER_HEADER, ...rows] }]));
    const letters = Array.from({ length: 4_000 }, () => `尊敬的${chineseName(rng)}，您的手机号 ${mobile(rng)} 已绑定，身份证 ${residentId(rng)}。`);
    await writeFile(join(dir, `letters-${i}.docx`), await docxBuffer(letters));
    const pages = Array.from({ length: 100 }, () => Array.from({ length: 45 }, () => contactLine(rng)));
    await writeFile(join(dir, `statements-${i}.pdf`), await pdfBuffer(pages));
    const members = Array.from({ length: 4 }, (_, m) => ({
      name: `export-${m}.csv`,
      data: csvText([CUSTOMER_HEADER, ...Array.from({ length: 10_000 }, (_, r) => customerRow(rng, r))]),
    }));
    await writeFile(join(dir, `archive-${i}.zip`), await zipBuffer(members));
  }
  return dir;
}
