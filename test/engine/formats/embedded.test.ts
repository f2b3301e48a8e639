import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import initSqlJs from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedFiles, MIN_SEGMENT_CHARS, OPAQUE_RUN_BYTES, SPILL_CHARS } from '../../../lambdas/engine/formats/embedded.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { mediaKind } from '../../../lambdas/engine/formats/media.js';
import { deckObjects } from '../../../lambdas/engine/formats/ole-objects.js';
import { csvText, docxBuffer, greyPng, gzipBuffer, withParts, xlsxBuffer, zipBuffer, zipMembers } from '../../../synthetic/files.js';
import { Rng } from '../../../synthetic/random.js';
import { customerCsv, publicCsv, scanRevealed } from './backup-fixtures.js';
import type { CfbApi } from '../../../lambdas/engine/formats/sheetjs.js';
import { bufferSource, jpegHead, noise, readAll, withTemporaryFolder } from './read-parts.js';
import { convertedAll, pptBuffer, written, xlsWithObjects } from './writers.js';
import { ensureJavaTools } from '../../../scripts/java-tools.js';

// The Java writers' jars are fetched on a fresh clone: in a hook, with the hook's time limit, not a test's.
beforeAll(() => ensureJavaTools().then(() => undefined));

const photo = greyPng(640, 400);
const icon = greyPng(16, 16);
const b64 = (bytes: Buffer) => bytes.toString('base64');
const b64url = (bytes: Buffer) => bytes.toString('base64url');
/** Base64 wrapped as MIME wraps it (76 a line), with `eol` and `indent` before each line after the first. */
const wrapped = (bytes: Buffer, eol: string, indent = '', width = 76) => (b64(bytes).match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join(`${eol}${indent}`);
const prose = '本店所售商品均为正品，支持七天无理由退换货，欢迎广大顾客选购。'.repeat(4);

/**
 * Packager's native data for a file (an Ole10Native stream without its leading size), laid out as
 * Apache POI writes it: flags, label, path, flags, command, then the data's size and the data.
 */
function packagerNative(name: string, data: Buffer): Buffer {
  const command = Buffer.from(`C:\\Temp\\${name}\0`, 'latin1');
  return Buffer.concat([
    Buffer.from([2, 0]),
    Buffer.from(`${name}\0C:\\Temp\\${name}\0`, 'latin1'),
    Buffer.alloc(4),
    Buffer.from(Uint32Array.of(command.length).buffer),
    command,
    Buffer.from(Uint32Array.of(data.length).buffer),
    data,
  ]);
}

/** An OLE file whose root holds the Packager stream of `data` named `name`, laid out as Apache POI writes it. */
async function packagerObject(name: string, data: Buffer): Promise<Buffer> {
  const { CFB } = (await import('@e965/xlsx')) as unknown as { CFB: CfbApi };
  const body = packagerNative(name, data);
  const container = CFB.utils.cfb_new();
  CFB.utils.cfb_add(container, '/\u0001Ole10Native', Buffer.concat([Buffer.from(Uint32Array.of(body.length).buffer), body]));
  return Buffer.from(CFB.write(container, { type: 'buffer' }));
}

/** The files `text` holds, pushed in chunks cut at `cuts`. */
function filesOf(text: string, cuts: readonly number[] = []): { offset: number; shown: boolean; sha: string | undefined }[] {
  const found = new EmbeddedFiles(1 << 30);
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    found.push(text.slice(at, cut));
    at = cut;
  }
  found.end();
  return found.files.map((file) => ({ offset: file.offset, shown: file.shown, sha: file.bytes && createHash('sha256').update(file.bytes).digest('hex') }));
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('EmbeddedFiles: runs of base64 that are files', () => {
  // A span of base64-like characters that starts with an escape no base64 holds sent the sampling
  // back to the same span, forever (found by fuzzing): the whole scan hung.
  it.each([
    ['a JSON string of Chinese as Python json.dumps escapes it', `{"note":"${'\\u5ba2\\u6237\\u8d44\\u6599'.repeat(40)}"}`],
    ['RTF control words read as text', '\\paperw11906'.repeat(40)],
  ])('%s ends, with nothing found in it', (_, text) => {
    expect(filesOf(text)).toEqual([]);
    expect(filesOf(text, [100, 333])).toEqual([]);
  });

  it('finds each kind of run where it starts, and wherever the text is cut into chunks finds the same', async () => {
    const zip = await zipBuffer([{ name: 'a.csv', data: customerCsv(3).csv }]);
    const xlsx = await xlsxBuffer([{ name: 'S', rows: [['手机'], ['13812345678']] }]);
    const gz = gzipBuffer(customerCsv(4).csv);
    const jpeg = jpegHead(1200, 800);
    const runs: [string, string, Buffer, boolean][] = [
      // PHP's json_encode escapes every slash; .NET's escapes `+`.
      ['{"photo":"', b64(jpeg).replaceAll('/', '\\/'), jpeg, false],
      ['","contract":"', b64(zip).replaceAll('+', '\\u002B'), zip, false],
      // Python's base64.encodebytes in a JSON string: lines of 76 and an escaped newline after each.
      ['","export":"', `${wrapped(gz, '\\n')}\\n`, gz, false],
      // The Gmail API's message parts: base64url (RFC 4648 `-` and `_`), without padding.
      ['","part":{"body":{"data":"', b64url(zip), zip, false],
      // base64url in a URL's path, after characters of the other form.
      ['","url":"https://example.invalid/f/', b64url(gz), gz, false],
      ['"}}}\n<soap:Body>\n  <file>\n    ', wrapped(xlsx, '\r\n', '    '), xlsx, false],
      ['\n  </file>\n<p>见下图</p><img alt="x" src="data:image/png;base64,', b64(photo), photo, true],
    ];
    let text = '';
    const expected = [];
    for (const [before, run, bytes, shown] of runs) {
      text += before;
      // Of an image only its signature is kept (it is NO_TEXT whatever else it holds).
      const kept = mediaKind(bytes) === undefined ? bytes : bytes.subarray(0, 64);
      expected.push({ offset: text.length, shown, sha: sha(kept) });
      text += run;
    }
    text += '"></body>';
    expect(filesOf(text)).toEqual(expected);
    for (let cut = 1; cut < text.length; cut++) expect(filesOf(text, [cut]), `cut at ${cut}`).toEqual(expected);
    const rng = new Rng(7);
    for (let round = 0; round < 200; round++) {
      const cuts: number[] = [];
      for (let at = rng.int(1, 40); at < text.length; at += rng.int(1, 300)) cuts.push(at);
      expect(filesOf(text, cuts), `round ${round}`).toEqual(expected);
    }
  });

  it('tells an icon from a photo by the first 8 KiB of an image; keeps only the signature of the photo', () => {
    const jpeg = (width: number, height: number, app0: number) => Buffer.concat([jpegHead(width, height, app0), noise(40_000, 3)]);
    const cases: [Buffer, boolean][] = [
      [jpeg(2000, 1500, 6000), true],
      [jpeg(16, 16, 6000), false], // an icon: not read
      [jpeg(16, 16, 9000), true], // its size lies past 8 KiB: legible for all anyone knows
    ];
    for (const [bytes, kept] of cases) {
      const found = new EmbeddedFiles(1 << 30);
      found.push(`{"a":"${b64(bytes)}"}`);
      found.end();
      expect(found.files.map((file) => Buffer.from(file.bytes!))).toEqual(kept ? [bytes.subarray(0, 64)] : []);
    }
  });

  it.each<[string, string]>([
    ['SHA-512 digests in base64', Array.from({ length: 40 }, (_, i) => createHash('sha512').update(String(i)).digest('base64')).join('\n')],
    ['SHA-256 digests in hex', Array.from({ length: 40 }, (_, i) => createHash('sha256').update(String(i)).digest('hex')).join(',')],
    ['ciphertext (random bytes) in base64', `{"secret":"${b64(noise(3000, 9))}"}`],
    ['a certificate (DER) wrapped as PEM', `-----BEGIN CERTIFICATE-----\n${wrapped(noise(900, 4), '\n', '', 64)}\n-----END CERTIFICATE-----\n`],
    ['a long identifier of letters and digits', `token=${'AbCdEf0123'.repeat(30)}`],
    ['a line of = signs and one of slashes', `${'='.repeat(120)}\n${'/'.repeat(120)}\n`],
    ['lines of dashes and underscores, a long snake_case name', `${'-'.repeat(300)}\n${'_'.repeat(300)}\n${'customer_id_card_number_'.repeat(20)}\n`],
    ['random bytes in base64url (a token)', `{"token":"${b64url(noise(3000, 10))}"}`],
    ['a customer CSV', customerCsv(200).csv],
    ['base64 shorter than a line of MIN_SEGMENT_CHARS', `{"a":"${b64(Buffer.from('姓名,手机\n张三,13800138000\n')).slice(0, MIN_SEGMENT_CHARS - 1)}"}`],
  ])('%s: no file', (_, text) => {
    expect(filesOf(text)).toEqual([]);
  });

  // Raw ciphertext in a text is OPAQUE (opacity.ts); in base64 it was dropped as no file, and a
  // text holding a customer list encrypted came out public.
  it.each<[string, (bytes: Buffer) => string]>([
    ['ciphertext in a JSON field', (bytes) => `{"backup":"${b64(bytes)}"}`],
    ['a data: URI of octet-stream', (bytes) => `<p>${prose}</p><a href="data:application/octet-stream;base64,${b64(bytes)}">备份</a>`],
    // After a line of text: a file that starts with the armor is ENCRYPTED whole (sealed.test.ts).
    ['an OpenPGP message, wrapped', (bytes) => `备份如下：\n-----BEGIN PGP MESSAGE-----\n\n${wrapped(bytes, '\n', '', 64)}\n-----END PGP MESSAGE-----\n`],
    ['base64url', (bytes) => `{"blob":"${b64url(bytes)}"}`],
  ])('%s of OPAQUE_RUN_BYTES or more is OPAQUE in its place: the text is never public', async (_, text) => {
    const report = await scanSource(bufferSource('export.txt', `${text(noise(OPAQUE_RUN_BYTES, 12))}\n`), 'export.txt');
    expect(report).toMatchObject({ sensitivity: 'failed', error: { code: 'OPAQUE' } });
    expect(report.error?.message).toContain(`${OPAQUE_RUN_BYTES} bytes`);
  });

  it('a font, a private key of 4,096 bits or random bytes under OPAQUE_RUN_BYTES stay text: public', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
    const texts = [
      `@font-face { font-family: "x"; src: url(data:font/woff2;base64,${b64(Buffer.concat([Buffer.from('wOF2'), noise(20_000, 13)]))}); }\n`,
      `tls:\n  key: |\n${String(privateKey.export({ type: 'pkcs8', format: 'pem' })).replace(/^/gm, '    ')}`,
      `{"secret":"${b64(noise(OPAQUE_RUN_BYTES - 3, 14))}"}\n`,
    ];
    for (const text of texts) {
      const report = await scanSource(bufferSource('config.txt', text), 'config.txt');
      expect(report, text.slice(0, 40)).toMatchObject({ sensitivity: 'public' });
      expect(report.error).toBeUndefined();
    }
  });

  it('a run ends at a character of the other form: the boundary after a MIME part is not more of its base64', () => {
    const gz = gzipBuffer(customerCsv(30).csv);
    // Its lines hold `+` or `/` (base64), so the `-` of the boundary after a blank line ends the run.
    const part = `Content-Transfer-Encoding: base64\r\n\r\n${wrapped(gz, '\r\n')}\r\n\r\n--=_Part_0_1--\r\n`;
    expect(b64(gz)).toMatch(/[+/]/);
    expect(filesOf(part)).toEqual([{ offset: part.indexOf(b64(gz).slice(0, 76)), shown: false, sha: sha(gz) }]);
    // And a base64url run ends at a `/`.
    const url = `https://example.invalid/f/${b64url(gz)}/download`;
    expect(b64url(gz)).toMatch(/[-_]/);
    expect(filesOf(url)).toEqual([{ offset: url.indexOf(b64url(gz)), shown: false, sha: sha(gz) }]);
  });

  it('a line break ends a run unless its lines are wrapped (same length, a multiple of 4, at most 100)', () => {
    const gz = gzipBuffer(customerCsv(30).csv);
    const one = b64(gz);
    // A CSV whose last column is base64 on one line: the next row is not more of it.
    const csv = `id,file\n1,${one}\n2,${one}\n`;
    const [first, second] = filesOf(csv);
    expect(first.sha).toBe(sha(gz));
    expect(second).toMatchObject({ offset: csv.lastIndexOf(one), sha: sha(gz) });
    // Lines of unequal length: the run is its first line only, which is not a file.
    const ragged = b64(gz).replace(/^(.{76})(.{72})/, '$1\n$2\n');
    expect(filesOf(`x ${ragged}`).every((file) => file.sha !== sha(gz))).toBe(true);
  });
});

describe('files embedded as base64 in text objects', () => {
  it('a JSON export with ID card photos is NO_TEXT, named by where the photo starts: failed, never public', async () => {
    const json = JSON.stringify([{ id: 1, idCardFront: b64(photo) }, { id: 2, idCardFront: `data:image/jpeg;base64,${b64(jpegHead(1280, 800))}` }]);
    const { format, parts } = await readAll(bufferSource('kyc.json', json));
    expect(format).toBe('json');
    const offsets = [json.indexOf(b64(photo)), json.indexOf('/9j/')];
    expect(parts).toMatchObject([
      { kind: 'text', where: {} },
      { kind: 'error', code: 'NO_TEXT', where: { entry: `base64@${offsets[0]}` } },
      { kind: 'error', code: 'NO_TEXT', where: { entry: `base64@${offsets[1]}` } },
    ]);
    expect((await scanRevealed(bufferSource('kyc.json', json))).report).toMatchObject({ sensitivity: 'failed', error: { code: 'NO_TEXT' } });
  });

  it('an API log line with a photo in its request body is NO_TEXT', async () => {
    const log = `2026-01-02 10:00:01 INFO POST /api/realname body={"front":"${b64(photo).replaceAll('/', '\\/')}"}\n`.repeat(2);
    const { report } = await scanRevealed(bufferSource('api.log', log));
    expect(report).toMatchObject({ format: 'text', sensitivity: 'failed', error: { code: 'NO_TEXT' } });
  });

  it('a workbook in a SOAP message (MIME-wrapped, CRLF, indented) is read: its customers are found in it', async () => {
    const { csv } = customerCsv(5);
    const rows = csv.trim().split('\n').map((line) => line.split(','));
    const xlsx = await xlsxBuffer([{ name: '客户', rows }]);
    const xml = `<?xml version="1.0"?>\r\n<Envelope><Body><Attach name="x.xlsx">\r\n      ${wrapped(xlsx, '\r\n', '      ')}\r\n</Attach></Body></Envelope>\r\n`;
    const { report, ids } = await scanRevealed(bufferSource('message.xml', xml));
    expect(report.sensitivity).toBe('confidential');
    expect(ids).toEqual(rows.slice(1).map((row) => row[2]));
    const entry = `base64@${xml.indexOf(b64(xlsx).slice(0, 76))}`;
    expect(report.findings.every((finding) => finding.location.entry === entry)).toBe(true);
  });

  it('a customer list in a property list nested deep (plistlib wraps its base64 at 44, 28 and 16 characters, indented) is read', async () => {
    const { csv, ids } = customerCsv(5);
    const gz = gzipBuffer(csv);
    for (const depth of [3, 5, 7]) {
      const plist = await written({ kind: 'plist', data: b64(gz), depth });
      const width = Math.max(16, 76 - 8 * (depth + 1));
      expect(plist.toString('utf8')).toContain(`\n${'\t'.repeat(depth + 1)}${b64(gz).slice(0, width)}\n`);
      const { report, ids: found } = await scanRevealed(bufferSource('settings.plist', plist));
      expect([depth, report.sensitivity, found]).toEqual([depth, 'confidential', ids]);
    }
  });

  it('a Gmail API export (attachments in base64url) is read: the workbook attached to a message is confidential', async () => {
    const { csv, ids } = customerCsv(5, 21);
    const rows = csv.trim().split('\n').map((line) => line.split(','));
    const xlsx = await xlsxBuffer([{ name: '客户', rows }]);
    const message = { id: '18c0a1', payload: { mimeType: 'multipart/mixed', parts: [{ filename: 'list.xlsx', body: { size: xlsx.length, data: b64url(xlsx).replace(/=+$/, '') } }] } };
    const { report, ids: found } = await scanRevealed(bufferSource('messages.json', JSON.stringify([message])));
    expect(report.sensitivity).toBe('confidential');
    expect(found).toEqual(ids);
    expect(report.findings[0].location.entry).toMatch(/^base64@\d+$/);
  });

  it('a CSV encoded in base64 inside JSON is read as text; a zip of one in a CSV column is read as a zip', async () => {
    const { csv, ids } = customerCsv(6, 3);
    const json = JSON.stringify({ kind: 'export', payload: b64(Buffer.from(csv)) });
    expect((await scanRevealed(bufferSource('queue.json', json))).ids).toEqual(ids);
    const zip = await zipBuffer([{ name: 'customers.csv', data: csv }]);
    const table = csvText([['id', 'attachment'], ['1', b64(zip)]]);
    const { report, ids: inZip } = await scanRevealed(bufferSource('attachments.csv', table));
    expect(inZip).toEqual(ids);
    expect(report.findings[0].location.entry).toBe(`base64@${table.indexOf(b64(zip))}/customers.csv`);
  });

  it('base64 of GBK and of Big5 text is read as text: a legacy export in JSON, a gb2312 mail part saved as text', async () => {
    const { csv, ids } = customerCsv(6, 22);
    const json = JSON.stringify({ charset: 'GBK', payload: b64(iconv.encode(csv, 'gbk')) });
    expect((await scanRevealed(bufferSource('export.json', json))).ids).toEqual(ids);
    const other = customerCsv(4, 23);
    const mail = `Content-Type: text/plain; charset="gb2312"\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrapped(iconv.encode(other.csv, 'gb2312'), '\r\n')}\r\n\r\n--=_Part_0_1--\r\n`;
    expect((await scanRevealed(bufferSource('mail-part.txt', mail))).ids).toEqual(other.ids);
    // Hong Kong's own characters (深水埗's 埗, in Big5-HKSCS only) are read as themselves.
    const letter = `客戶姓名：陳大文，聯絡地址：香港九龍深水埗欽州街一號，備註：已簽署合約並完成實名認證。\n`.repeat(8);
    const big5 = iconv.encode(letter, 'big5');
    const read = await readAll(bufferSource('tw.json', JSON.stringify({ payload: b64(big5) })));
    expect(read.parts.map((part) => [part.kind, part.where.entry])).toEqual([
      ['text', undefined],
      ['text', `base64@${JSON.stringify({ payload: b64(big5) }).indexOf(b64(big5))}`],
    ]);
    expect(read.parts[1]).toMatchObject({ text: letter });
  });

  it.each<[string, string, string]>([
    ['a web page with text and a logo in a data: URI: layout, read as its text', 'public', `<html><body><p>${prose}</p><img src="data:image/png;base64,${b64(photo)}"></body></html>`],
    ['a CSS background image in a page with text', 'public', `<style>.banner{background:url('data:image/png;base64,${b64(photo)}')}</style><p>${prose}</p>`],
    ['a web page that is only a photo in a data: URI', 'failed', `<html><body><img src="data:image/png;base64,${b64(photo)}"></body></html>`],
    [
      'a saved page of markup, styles and scripts whose only text is a caption, and a photo in a data: URI',
      'failed',
      `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>证件</title><style>${'.c{margin:0 auto;padding:12px}'.repeat(20)}</style><script>${'window.dataLayer=window.dataLayer||[];'.repeat(10)}</script></head><body><div class="container"><div class="row"><p class="caption">身份证正面</p><img class="photo" width="640" height="400" src="data:image/png;base64,${b64(photo)}"></div></div></body></html>`,
    ],
    ['a photo in a data: URI in a JSON field, whatever text is around it', 'failed', JSON.stringify({ note: prose, idCard: `data:image/png;base64,${b64(photo)}` })],
    ['an icon (16x16) in a data: URI in a page without text', 'public', `<img src="data:image/png;base64,${b64(icon)}">`],
    [
      'a Jupyter notebook whose cell output is a plot: layout, read as its code and text',
      'public',
      JSON.stringify({ cells: [{ cell_type: 'code', source: ['import matplotlib.pyplot as plt\n', `plt.plot(range(10))  # ${prose}`], outputs: [{ output_type: 'display_data', data: { 'image/png': b64(photo), 'text/plain': ['<Figure size 640x400>'] } }] }], nbformat: 4 }),
    ],
    ['a product list with no base64', 'public', publicCsv(50)],
  ])('%s: %s', async (_, sensitivity, text) => {
    const { report } = await scanRevealed(bufferSource('page.html', text));
    expect(report.sensitivity).toBe(sensitivity);
  });

  it('base64 files over maxBufferedBytes in all are LIMIT_EXCEEDED (failed), the ones before them read', async () => {
    const { csv } = customerCsv(40);
    const gz = b64(gzipBuffer(csv));
    const json = JSON.stringify({ a: gz, b: gz });
    const { parts } = await readAll(bufferSource('two.json', json), { maxBufferedBytes: gz.length + 10 });
    expect(parts.map((part) => (part.kind === 'error' ? part.code : part.kind))).toEqual(['text', 'text', 'LIMIT_EXCEEDED']);
    // One run over the limit is not held while it is read.
    const one = await readAll(bufferSource('one.json', JSON.stringify({ a: gz })), { maxBufferedBytes: 1024 });
    expect(one.parts.map((part) => (part.kind === 'error' ? part.code : part.kind))).toEqual(['text', 'LIMIT_EXCEEDED']);
  });

  it('a text at the deepest nesting allowed says its base64 files were not read', async () => {
    const json = JSON.stringify({ a: b64(photo) });
    const zip = await zipBuffer([{ name: 'kyc.json', data: json }]);
    const { parts } = await readAll(bufferSource('backup.zip', zip), { maxDepth: 1 });
    expect(parts).toMatchObject([{ kind: 'text', where: { entry: 'kyc.json' } }, { kind: 'error', code: 'LIMIT_EXCEEDED', where: { entry: 'kyc.json' } }]);
  });
});

describe('a large file embedded as base64 goes on in a scratch file while its run is read', () => {

  /** The files of `text` pushed in chunks of `step` characters, with runs of more than `spill` characters spilled. */
  function spilledFiles(text: string, step: number, spill: number): { found: EmbeddedFiles; files: { sha: string; spilled: boolean }[] } {
    const found = new EmbeddedFiles(1 << 30, spill);
    for (let at = 0; at < text.length; at += step) found.push(text.slice(at, at + step));
    found.end();
    const files = found.files.map((file) => ({ sha: sha(file.spilled === undefined ? file.bytes! : readFileSync(file.spilled.path)), spilled: file.spilled !== undefined }));
    return { found, files };
  }

  it('decodes to the same bytes as in memory, wherever the chunks cut it, wrapped, escaped or plain; dispose removes the files', () =>
    withTemporaryFolder(async (root) => {
    const { csv } = customerCsv(60, 31);
    const data = Buffer.from(csv);
    // Each text, and which of its files are over the spill size (1,000 characters here).
    const texts: [string, boolean[]][] = [
      [`{"payload":"${b64(data).replaceAll('/', '\\/')}"}`, [true]],
      [`Content-Transfer-Encoding: base64\r\n\r\n${wrapped(data, '\r\n')}\r\n\r\n--b--\r\n`, [true]],
      [`id,file\n1,${b64(data)}\n2,${b64(Buffer.from(customerCsv(2, 32).csv))}\n`, [true, false]],
    ];
    for (const [text, spilled] of texts) {
      const inMemory = spilledFiles(text, 1 << 20, Number.POSITIVE_INFINITY);
      expect(inMemory.files.every((file) => !file.spilled)).toBe(true);
      expect(readdirSync(root)).toEqual([]);
      for (const step of [997, 4096, 50_001]) {
        const { found, files } = spilledFiles(text, step, 1000);
        expect(files.map((file) => file.sha)).toEqual(inMemory.files.map((file) => file.sha));
        expect(files.map((file) => file.spilled)).toEqual(spilled);
        expect(readdirSync(root)).toHaveLength(1);
        expect(readdirSync(root)[0]).toMatch(/^shredlock-base64-/);
        found.dispose();
        expect(readdirSync(root)).toEqual([]);
      }
    }
  }));

  it('a run that turns out over maxBufferedBytes leaves no file; one that is no file (random bytes) never spills', () =>
    withTemporaryFolder(async (root) => {
    const { csv } = customerCsv(60, 33);
    const text = b64(Buffer.from(csv));
    const over = new EmbeddedFiles(text.length - 10, 1000);
    over.push(text);
    over.end();
    expect(over.files).toMatchObject([{ bytes: undefined }]);
    expect(over.files[0].spilled).toBeUndefined();
    over.dispose();
    expect(readdirSync(root)).toEqual([]);
    const random = new EmbeddedFiles(1 << 30, 1000);
    random.push(b64(noise(64 * 1024, 3)));
    random.end();
    expect(readdirSync(root)).toEqual([]);
  }));

  it('a text holding a customer list in base64 larger than SPILL_CHARS is read from the scratch file, then the file is removed', () =>
    withTemporaryFolder(async (root) => {
    const { csv, ids } = customerCsv(Math.ceil((SPILL_CHARS * 0.75) / 150) + 2000, 34);
    const data = Buffer.from(csv);
    expect(b64(data).length).toBeGreaterThan(SPILL_CHARS);
    const text = `{"kind":"export","payload":"${b64(data)}"}`;
    const { report, ids: found } = await scanRevealed(bufferSource('queue.json', text, 64 * 1024));
    expect(found).toEqual(ids);
    const entries = (r: typeof report) => [...new Set(r.findings.filter((f) => f.type === 'cn_resident_id').map((f) => f.location.entry))];
    expect(entries(report)).toEqual([`base64@${text.indexOf(b64(data))}`]);
    expect(readdirSync(root)).toEqual([]);
    // A zip stored without compression, as large: read by its path (the zip's directory at its end).
    const zip = await zipBuffer([{ name: 'customers.csv', data: csv, compress: false }]);
    const log = `2024-11-01 upload ok file=${b64(zip)} size=${zip.length}\n`;
    const inZip = await scanRevealed(bufferSource('upload.log', log, 64 * 1024));
    expect(inZip.ids).toEqual(ids);
    expect(entries(inZip.report)).toEqual([`base64@${log.indexOf(b64(zip))}/customers.csv`]);
    expect(readdirSync(root)).toEqual([]);
  }));
});

describe('files in cells: BLOBs and base64 in a database or a workbook', () => {
  /** A SQLite database (sql.js) of one table; `rows` bound as given (a Uint8Array is a BLOB). */
  async function sqlite(table: string, columns: string, rows: readonly (readonly (string | number | Uint8Array | null)[])[]): Promise<Buffer> {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    try {
      db.run(`CREATE TABLE "${table}" (${columns})`);
      for (const row of rows) db.run(`INSERT INTO "${table}" VALUES (${row.map(() => '?').join(', ')})`, row as (string | number | Uint8Array | null)[]);
      return Buffer.from(db.export());
    } finally {
      db.close();
    }
  }

  it('a real-name table whose photos are BLOBs is NO_TEXT, each photo named by its cell: failed, never public', async () => {
    const db = await sqlite('实名认证', 'id INTEGER, front BLOB, back BLOB, status TEXT', [
      [1, photo, greyPng(640, 404), 'PASS'],
      [2, null, null, 'PENDING'],
    ]);
    const { format, parts } = await readAll(bufferSource('kyc.db', db));
    expect(format).toBe('sqlite');
    expect(parts.filter((part) => part.kind === 'error')).toMatchObject([
      { code: 'NO_TEXT', where: { entry: '实名认证/B2' } },
      { code: 'NO_TEXT', where: { entry: '实名认证/C2' } },
    ]);
    expect((await scanRevealed(bufferSource('kyc.db', db))).report).toMatchObject({ sensitivity: 'failed', error: { code: 'NO_TEXT' } });
  });

  it('a BLOB that is a zip of a customer list is read: its IDs are found in it', async () => {
    const { csv, ids } = customerCsv(8, 4);
    const zip = await zipBuffer([{ name: 'customers.csv', data: csv }]);
    const db = await sqlite('attachments', 'id INTEGER, file BLOB', [[1, zip]]);
    const { report, ids: found } = await scanRevealed(bufferSource('app.db', db));
    expect(found).toEqual(ids);
    expect(report.findings.find((finding) => finding.type === 'cn_resident_id')?.location.entry).toBe('attachments/B2/customers.csv');
  });

  it('a photo in a data: URI in a TEXT column is NO_TEXT; a base64 CSV in a workbook cell is read', async () => {
    const db = await sqlite('users', 'id INTEGER, avatar TEXT', [[1, `data:image/png;base64,${b64(photo)}`]]);
    expect((await scanRevealed(bufferSource('users.db', db))).report).toMatchObject({ sensitivity: 'failed', error: { code: 'NO_TEXT' } });
    const { csv, ids } = customerCsv(6, 2);
    const xlsx = await xlsxBuffer([{ name: '队列', rows: [['id', 'payload'], ['1', b64(Buffer.from(csv))]] }]);
    const { report, ids: found } = await scanRevealed(bufferSource('queue.xlsx', xlsx));
    expect(found).toEqual(ids);
    expect(report.findings[0].location.entry).toBe('队列/B2/base64@0');
  });

  it('a BLOB of ciphertext or of a tiny icon is no file: the table is read as before', async () => {
    const db = await sqlite('secrets', 'id INTEGER, token BLOB, icon BLOB', [[1, noise(4096, 2), icon]]);
    const { parts } = await readAll(bufferSource('secrets.db', db));
    expect(parts.map((part) => part.kind)).toEqual(['cells']);
    expect((await scanRevealed(bufferSource('secrets.db', db))).report.sensitivity).toBe('public');
  });
});

describe('files embedded in Office documents as objects', () => {
  it('a letter with a customer workbook pasted in as an object: the workbook is read (it was public)', async () => {
    const { csv, ids } = customerCsv(7, 6);
    const rows = csv.trim().split('\n').map((line) => line.split(','));
    const workbook = await xlsxBuffer([{ name: '名单', rows }]);
    const letter = await docxBuffer(['附件：客户名单，请查收。'], { embeddings: [{ name: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx', data: workbook }] });
    const { report, ids: found } = await scanRevealed(bufferSource('通知.docx', letter));
    expect(report).toMatchObject({ format: 'docx', sensitivity: 'confidential' });
    expect(found).toEqual(ids);
    expect(report.findings.find((finding) => finding.type === 'cn_resident_id')?.location).toMatchObject({ entry: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx', sheet: '名单' });
  });

  it('a workbook with a document embedded in it: the document is read after the cells', async () => {
    const { csv, ids } = customerCsv(4, 8);
    const inner = await docxBuffer(csv.trim().split('\n'));
    const outer = await xlsxBuffer([{ name: '汇总', rows: [['见附件']] }], { embeddings: [{ name: 'xl/embeddings/Microsoft_Word_Document.docx', data: inner }] });
    const { parts } = await readAll(bufferSource('汇总.xlsx', outer));
    expect(parts.map((part) => [part.kind, part.where.entry])).toEqual([
      ['cells', undefined],
      ['cells', 'xl/embeddings/Microsoft_Word_Document.docx'],
      ['text', 'xl/embeddings/Microsoft_Word_Document.docx'],
    ]);
    expect((await scanRevealed(bufferSource('汇总.xlsx', outer))).ids).toEqual(ids);
  });
});

describe('objects embedded in Office 97-2003 files', () => {
  it('an .xls with a customer list packaged in it (Apache POI, Packager) reads the list; one with a workbook embedded as a storage reads that', async () => {
    const { csv, ids } = customerCsv(6, 12);
    const packaged = await xlsWithObjects(['附件见图标'], [{ packaged: Buffer.from(csv), name: 'customers.csv' }]);
    const { report, ids: found } = await scanRevealed(bufferSource('汇总.xls', packaged));
    expect(report).toMatchObject({ format: 'xls', sensitivity: 'confidential' });
    expect(found).toEqual(ids);
    expect(report.findings[0].location.entry).toMatch(/^MBD[0-9A-F]+\/customers\.csv$/);

    const inner = await xlsWithObjects(csv.trim().split('\n'), []);
    const outer = await xlsWithObjects(['见附件'], [{ ole: inner }]);
    const nested = await scanRevealed(bufferSource('外层.xls', outer));
    expect(nested.ids).toEqual(ids);
    expect(nested.report.findings[0].location.entry).toMatch(/^MBD[0-9A-F]+\/object\.xls$/);
  });

  it('a .doc with an .xlsx in its ObjectPool (as Word keeps a pasted workbook) reads the workbook', async () => {
    const { csv, ids } = customerCsv(5, 13);
    const rows = csv.trim().split('\n').map((line) => line.split(','));
    const [doc] = await convertedAll([await docxBuffer(['附件：客户名单'])], 'docx', 'doc');
    const { CFB } = (await import('@e965/xlsx')) as unknown as { CFB: CfbApi & { find(c: unknown, p: string): unknown } };
    const container = CFB.read(doc, { type: 'buffer' });
    CFB.utils.cfb_add(container, '/ObjectPool/_1234567890/Package', await xlsxBuffer([{ name: '名单', rows }]));
    const withObject = Buffer.from(CFB.write(container, { type: 'buffer' }));
    const { report, ids: found } = await scanRevealed(bufferSource('通知.doc', withObject));
    expect(report).toMatchObject({ format: 'doc', sensitivity: 'confidential' });
    expect(found).toEqual(ids);
    expect(report.findings[0].location).toMatchObject({ entry: 'ObjectPool/_1234567890/Package', sheet: '名单' });
    // Without the object, the letter is public.
    expect((await scanRevealed(bufferSource('通知.doc', doc))).report.sensitivity).toBe('public');
  });

  it('a .ppt with a customer workbook embedded on a slide (Apache POI, zlib-compressed ExOleObjStg) reads the workbook; the deck alone is public', async () => {
    const { csv, ids } = customerCsv(6, 19);
    const xls = await xlsWithObjects(csv.trim().split('\n'), []);
    const deck = await pptBuffer(['季度汇报', '附件见图标'], [xls]);
    const { report, ids: found } = await scanRevealed(bufferSource('汇报.ppt', deck));
    expect(report).toMatchObject({ format: 'binary', sensitivity: 'confidential' });
    expect(found).toEqual(ids);
    expect(report.findings.find((finding) => finding.type === 'cn_resident_id')?.location.entry).toMatch(/^ExOleObjStg@\d+$/);
    expect((await scanRevealed(bufferSource('汇报.ppt', await pptBuffer(['季度汇报', '附件见图标'])))).report.sensitivity).toBe('public');
  });

  it("a deck's object record is taken out as stored or inflated; one past maxBufferedBytes is LIMIT_EXCEEDED, a broken one CORRUPT", () => {
    const record = (instance: number, data: Buffer) => {
      const header = Buffer.alloc(8);
      header.writeUInt16LE(instance << 4, 0);
      header.writeUInt16LE(0x1011, 2);
      header.writeUInt32LE(data.length, 4);
      return Buffer.concat([header, data]);
    };
    const object = Buffer.from('an OLE file, as far as this test goes');
    const sized = (data: Buffer, size = object.length) => Buffer.concat([Buffer.from(Uint32Array.of(size).buffer), data]);
    // A container record (version 0xF) around one object, then an object at the top level.
    const inner = record(1, sized(deflateSync(object)));
    const container = Buffer.concat([Buffer.from([0x0f, 0, 0xe8, 0x03]), Buffer.from(Uint32Array.of(inner.length).buffer), inner]);
    const stream = Buffer.concat([container, record(0, object), record(1, sized(Buffer.from('not zlib'))), record(1, sized(deflateSync(Buffer.alloc(4096)), 4096))]);
    const files = deckObjects(stream, 1024);
    // Held at most maxBufferedBytes in all: the second of two objects that fit one by one is not taken out.
    expect(deckObjects(Buffer.concat([record(0, object), record(0, object)]), object.length + 1).map((file) => file.bytes?.length)).toEqual([object.length, undefined]);
    expect(files.map((file) => [file.name, file.bytes === undefined ? undefined : Buffer.from(file.bytes).toString(), file.error?.code])).toEqual([
      ['ExOleObjStg@8', object.toString(), undefined],
      [`ExOleObjStg@${container.length}`, object.toString(), undefined],
      [`ExOleObjStg@${container.length + 8 + object.length}`, '', 'CORRUPT'],
      [`ExOleObjStg@${container.length + 16 + object.length + 12}`, undefined, undefined],
    ]);
  });
});

describe('an OLE object file a DOCX embeds (word/embeddings/oleObject1.bin)', () => {
  it('the file packaged in it is read, under its own name', async () => {
    const { csv, ids } = customerCsv(4, 14);
    const letter = await docxBuffer(['请见附件。'], { embeddings: [{ name: 'word/embeddings/oleObject1.bin', data: await packagerObject('list.csv', Buffer.from(csv)) }] });
    const { report, ids: found } = await scanRevealed(bufferSource('letter.docx', letter));
    expect(found).toEqual(ids);
    expect(report.findings[0].location.entry).toBe('word/embeddings/oleObject1.bin/list.csv');
  });
});

describe('objects embedded in RTF (\\objdata)', () => {
  /** An OLE1 embedded object of `className` with `data`, as Word writes it in `\objdata` (hex, 128 characters a line). */
  function objdata(className: string, data: Buffer): string {
    const ansi = (text: string) => (text === '' ? Buffer.alloc(4) : Buffer.concat([Buffer.from(Uint32Array.of(text.length + 1).buffer), Buffer.from(`${text}\0`, 'latin1')]));
    const header = Buffer.concat([Buffer.from(Uint32Array.of(0x0501, 2).buffer), ansi(className), ansi(''), ansi(''), Buffer.from(Uint32Array.of(data.length).buffer)]);
    return (Buffer.concat([header, data]).toString('hex').match(/.{1,128}/g) ?? []).join('\r\n');
  }
  const rtf = (objects: string[]) =>
    `{\\rtf1\\ansi\\ansicpg936 {\\fonttbl{\\f0 SimSun;}}\\f0 \\'b8\\'bd\\'bc\\'fe\\par ${objects.map((hex) => `{\\object\\objemb{\\*\\objclass X}{\\*\\objdata ${hex}}{\\result picture}}`).join('\\par ')}\\par }`;

  it('a workbook (Excel.Sheet.8) and a packaged CSV in an RTF letter are read; the letter alone is public', async () => {
    const { csv, ids } = customerCsv(6, 15);
    const xls = await xlsWithObjects(csv.trim().split('\n'), []);
    const other = customerCsv(3, 16);
    const packaged = packagerNative('list.csv', Buffer.from(other.csv));
    const letter = rtf([objdata('Excel.Sheet.8', xls), objdata('Package', packaged)]);
    const { report, ids: found } = await scanRevealed(bufferSource('letter.rtf', letter));
    expect(report).toMatchObject({ format: 'rtf', sensitivity: 'confidential' });
    expect([...found].sort()).toEqual([...ids, ...other.ids].sort());
    expect(new Set(report.findings.filter((finding) => finding.type === 'cn_resident_id').map((finding) => finding.location.entry))).toEqual(new Set(['object-1', 'object-2/list.csv']));
    expect((await scanRevealed(bufferSource('letter.rtf', rtf([])))).report.sensitivity).toBe('public');
  });
});

describe('objects embedded in OpenDocument files', () => {
  it('a spreadsheet placed in a text document (Object 1/, odfpy) is read as cells after the text', async () => {
    const { csv, ids } = customerCsv(5, 17);
    const rows = csv.trim().split('\n').map((line) => line.split(','));
    const sheet = await written({ kind: 'ods', tables: [{ name: '名单', columns: rows[0], types: [], rows: rows.slice(1) }] });
    const letter = await written({ kind: 'odt', paragraphs: ['附件：客户名单（见下表）'] });
    const members = await zipMembers(letter);
    const manifest = String(members.find((member) => member.name === 'META-INF/manifest.xml')!.data).replace(
      '</manifest:manifest>',
      '<manifest:file-entry manifest:full-path="Object 1/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>',
    );
    const content = (await zipMembers(sheet)).find((member) => member.name === 'content.xml')!.data;
    const withObject = await withParts(letter, [
      { name: 'META-INF/manifest.xml', data: manifest },
      { name: 'Object 1/content.xml', data: content },
    ]);
    const { parts } = await readAll(bufferSource('通知.odt', withObject));
    expect(parts.map((part) => [part.kind, part.where.entry])).toEqual([
      // The text's own tables (it has none), its text, then the object.
      ['cells', undefined],
      ['text', undefined],
      ['cells', 'Object 1'],
    ]);
    const { report, ids: found } = await scanRevealed(bufferSource('通知.odt', withObject));
    expect(found).toEqual(ids);
    expect(report.findings.find((finding) => finding.type === 'cn_resident_id')?.location).toMatchObject({ entry: 'Object 1', sheet: '名单' });
    expect((await scanRevealed(bufferSource('通知.odt', letter))).report.sensitivity).toBe('public');
  });

  it('a foreign object (Object 2, an OLE file with a packaged CSV) is read as a file', async () => {
    const { csv, ids } = customerCsv(4, 18);
    const letter = await written({ kind: 'odt', paragraphs: ['附件见对象'] });
    const manifest = String((await zipMembers(letter)).find((member) => member.name === 'META-INF/manifest.xml')!.data).replace(
      '</manifest:manifest>',
      '<manifest:file-entry manifest:full-path="Object 2" manifest:media-type="application/vnd.sun.star.oleobject"/></manifest:manifest>',
    );
    const withObject = await withParts(letter, [
      { name: 'META-INF/manifest.xml', data: manifest },
      { name: 'Object 2', data: await packagerObject('list.csv', Buffer.from(csv)) },
    ]);
    const { report, ids: found } = await scanRevealed(bufferSource('通知.odt', withObject));
    expect(found).toEqual(ids);
    expect(report.findings[0].location.entry).toBe('Object 2/list.csv');
  });
});
