/**
 * Test fixtures written by real writers (Python's sqlite3, xlwt, pyarrow, fastavro, odfpy,
 * python-pptx, pinned in requirements-dev.txt) from synthetic data, and LibreOffice for what only
 * it writes (Word 97-2003 .doc).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { customerRow } from '../../../synthetic/exports.js';
import { Rng } from '../../../synthetic/random.js';
import { OUT_DIR } from './read-parts.js';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, 'writers.py');

/** Column kinds the writers know. */
export type ColumnKind = 'text' | 'int' | 'double' | 'bytes';

/** A table (a sheet for spreadsheets). */
export interface TableSpec {
  readonly name: string;
  readonly columns: readonly string[];
  /** SQL types for SQLite (`TEXT`, `INTEGER`), column kinds for the others. */
  readonly types: readonly string[];
  readonly rows: readonly (readonly (string | number | bigint | null)[])[];
}

/** What to write. */
export type WriterSpec =
  | {
      readonly kind: 'sqlite';
      readonly tables: readonly TableSpec[];
      /** More SQL run after the tables are filled (views, virtual tables; `app_mask()` exists). */
      readonly views?: readonly string[];
    }
  | { readonly kind: 'xls' | 'ods'; readonly tables: readonly TableSpec[] }
  | { readonly kind: 'parquet'; readonly tables: readonly [TableSpec]; readonly codec?: string; readonly rowGroupSize?: number }
  | { readonly kind: 'avro'; readonly tables: readonly [TableSpec]; readonly codec?: string; readonly blockBytes?: number }
  | { readonly kind: 'odt' | 'odp'; readonly paragraphs: readonly string[] }
  /** `embedXlsx`: path of an .xlsx to embed as an OLE object (on a slide of its own). */
  | { readonly kind: 'pptx'; readonly paragraphs: readonly string[]; readonly embedXlsx?: string };

let counter = 0;

/** JSON with bigints as plain integers (Python reads them exactly: 18-digit IDs stored as INTEGER). */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) => (typeof inner === 'bigint' ? `\u0000int:${inner}` : inner)).replace(
    /"\\u0000int:(-?\d+)"/g,
    '$1',
  );
}

/** Writes a fixture and returns its bytes. */
export async function written(spec: WriterSpec): Promise<Buffer> {
  const tools = await ensurePythonTools();
  mkdirSync(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, `writer-${process.pid}-${counter++}.${spec.kind}`);
  try {
    const child = run(tools.bin('python'), [SCRIPT], { timeout: 120_000 });
    child.child.stdin!.end(toJson({ ...spec, path }));
    await child;
    return readFileSync(path);
  } finally {
    rmSync(path, { force: true });
  }
}

/** Converts a file with LibreOffice (`soffice --convert-to`), e.g. an .odt into a Word 97 .doc. */
export async function converted(data: Buffer, from: string, to: string): Promise<Buffer> {
  const dir = join(OUT_DIR, `soffice-${process.pid}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  try {
    const input = join(dir, `in.${from}`);
    (await import('node:fs')).writeFileSync(input, data);
    await run('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', to, '--outdir', dir, input], {
      timeout: 180_000,
    });
    return readFileSync(join(dir, `in.${to.split(':')[0]}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Columns of the synthetic customer table that hold personal data, and how each is stored. */
export const CUSTOMER_COLUMNS = ['客户编号', '姓名', '身份证号', '手机号', '银行卡号', '备注'] as const;

/** Synthetic customers: IDs as text, mobiles as integers (as a careless export stores them). */
export function customers(count: number, seed = 'customers'): { rows: (string | number)[][]; ids: string[]; mobiles: string[] } {
  const rng = new Rng(seed);
  const rows: (string | number)[][] = [];
  for (let i = 1; i <= count; i++) {
    const [number, name, id, , , card] = customerRow(rng, i);
    const mobile = `1${rng.pick(['38', '39', '58', '86'])}${rng.digits(8)}`;
    rows.push([number, name, id, Number(mobile), card.replace(/ /g, ''), i % 2 === 0 ? 'VIP客户' : '']);
  }
  return { rows, ids: rows.map((row) => String(row[2])), mobiles: rows.map((row) => String(row[3])) };
}

/** A table of the same shape without personal data: product codes, prices, counts. */
export function products(count: number, seed = 'products'): (string | number)[][] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => [`P${String(i).padStart(6, '0')}`, rng.pick(['智能音箱', '保温杯', '蓝牙耳机']), `${rng.int(1, 999)}.${rng.digits(2)}`, rng.int(1, 500), rng.pick(['', '促销'])]);
}

/** Header of the product table. */
export const PRODUCT_COLUMNS = ['商品编号', '名称', '单价', '库存', '备注'] as const;
