// Characters beyond ASCII written escaped in a text (escapes.ts): decoded wherever a chunk cuts
// them, ASCII escapes left as written, and a list written so gives what it gives in Chinese.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeEscapes, unescapedText } from '../../../lambdas/engine/formats/escapes.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { csvText } from '../../../synthetic/files.js';
import { address, bankCard, chineseName, mobile } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { customerCsv, scanRevealed } from './backup-fixtures.js';
import { bufferSource, readAll } from './read-parts.js';

/** `text` unescaped as chunks cut at `cuts`. */
async function unescaped(text: string, cuts: readonly number[]): Promise<string> {
  async function* chunks() {
    let at = 0;
    for (const cut of [...cuts, text.length]) {
      yield text.slice(at, cut);
      at = cut;
    }
  }
  let out = '';
  for await (const chunk of unescapedText(chunks())) out += chunk;
  return out;
}

/** Every way to cut `text` once gives `expected`. */
async function expectEveryCut(text: string, expected: string): Promise<void> {
  expect(await unescaped(text, [])).toBe(expected);
  for (let cut = 1; cut < text.length; cut++) expect(await unescaped(text, [cut]), `cut at ${cut}`).toBe(expected);
}

const nonAscii = /[\u0080-\uffff]/g;
const uEscaped = (text: string) => text.replace(nonAscii, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const bytesEscaped = (text: string, prefix: '\\x' | '%' | '=', encoding = 'utf-8') =>
  text.replace(/[\u0080-\uffff]+/g, (run) => [...iconv.encode(run, encoding)].map((b) => `${prefix}${b.toString(16).toUpperCase()}`).join(''));
const referenced = (text: string, hex: boolean) =>
  [...text].map((c) => (c.charCodeAt(0) < 0x80 ? c : hex ? `&#x${c.codePointAt(0)!.toString(16)};` : `&#${c.codePointAt(0)};`)).join('');

describe('escapes', () => {
  it('\\u escapes of characters beyond ASCII, surrogate pairs too, wherever the text is cut; not ASCII ones, nor an escaped backslash', async () => {
    await expectEveryCut(
      String.raw`{"名":"\u5f20\u4f1f","e":"\ud83d\ude00","q":"\u0022\u000a","b":"\\u5f20","c":"\\\u5f20"}`,
      String.raw`{"名":"张伟","e":"😀","q":"\u0022\u000a","b":"\\u5f20","c":"\\张"}`,
    );
  });

  it('numeric character references, decimal and hexadecimal, wherever the text is cut; not ASCII ones, surrogates, past U+10FFFF, or unended', async () => {
    await expectEveryCut(
      '<p>&#24352;&#x4F1F;&#X5f20; &#128512; &#60;b&#x3e; &#55357; &#x110000; &#24352 &amp;&#</p>',
      '<p>张伟张 😀 &#60;b&#x3e; &#55357; &#x110000; &#24352 &amp;&#</p>',
    );
  });

  it('runs of escaped bytes (\\xHH, %HH, =HH) as UTF-8 wherever the text is cut; ASCII bytes, bytes of neither, cut escapes and a lone GB2312 pair as written', async () => {
    await expectEveryCut(
      String.raw`GET /q?n=%E5%BC%A0%E4%BC%9F&s=%20%41&x=%FF%FE&p=50% "\xE5\xBC\xA0\xE4\xBC\x9F" \x41 \xC0\xAF \\xE5\xBC\xA0 %E5%BC`,
      String.raw`GET /q?n=张伟&s=%20%41&x=%FF%FE&p=50% "张伟" \x41 \xC0\xAF \\xE5\xBC\xA0 %E5%BC`,
    );
    // Quoted-printable writes its hex digits in capitals: `a=e5` or `x=E5,y` is no escape of a character.
    await expectEveryCut('=E5=BC=A0=E4=BC=9F=20=3D a=b c=E5=BC, d=e5=bc=a0 x=E5,y =', '张伟=20=3D a=b c=E5=BC, d=e5=bc=a0 x=E5,y =');
  });

  // An older Chinese site's URLs are GBK: 张伟 is %D5%C5%CE%B0. Any two high bytes are some GB18030
  // character, so a lone pair (号 between digits) is read only beside a run of two or more.
  it('runs of escaped bytes that are not UTF-8 as GB2312 Chinese, two or more characters, then a lone pair beside them, wherever the text is cut', async () => {
    await expectEveryCut(String.raw`GET /q?g=%D5%C5%CE%B0&a=620%BA%C5&u=%E5%BC%A0 \xD5\xC5`, 'GET /q?g=张伟&a=620号&u=张 张');
    await expectEveryCut(String.raw`GET /q?a=620%BA%C5`, String.raw`GET /q?a=620%BA%C5`);
  });

  it('a run of backslashes of any length keeps its pairs wherever it is cut, and is never held back whole', async () => {
    await expectEveryCut(String.raw`a\\\\\\u5f20 b\\\\\u5f20 c\\\\\xE5\xBC\xA0`, String.raw`a\\\\\\u5f20 b\\\\张 c\\\\张`);
    const text = `${'\\'.repeat(1_000_000)}u5f20`;
    async function* chunks() {
      for (let at = 0; at < text.length; at += 65_536) yield text.slice(at, at + 65_536);
    }
    let out = '';
    let longest = 0;
    for await (const chunk of unescapedText(chunks())) {
      out += chunk;
      longest = Math.max(longest, chunk.length);
    }
    expect(out).toBe(text);
    expect(longest).toBeLessThanOrEqual(65_536 + 8);
  });

  it('a run of escaped bytes longer than what is held back at a cut loses no character wherever it is cut', async () => {
    const name = '张伟'.repeat(30); // 180 bytes: longer than the 64 held back
    const text = `name=${bytesEscaped(name, '%')}&x=1`;
    const expected = `name=${name}&x=1`;
    for (let cut = 1; cut < text.length; cut += 7) expect(await unescaped(text, [cut]), `cut at ${cut}`).toBe(expected);
  });

  it("a CSV's escapes are no delimiter: a comma CSV whose header is all references stays a comma CSV", async () => {
    const { parts } = await readAll(bufferSource('x.csv', referenced('姓名,地址,备注\n张伟,北京市,无\n', false)));
    expect(parts).toMatchObject([{ kind: 'text', delimiter: ',', text: '姓名,地址,备注\n张伟,北京市,无\n' }]);
  });

  it("a form's value of digit groups joined by + (its spaces) reads as the groups; + elsewhere stays", () => {
    expect(decodeEscapes('GET /api?mobile=138+1234+5678&card=6222+0217+5018+4835 HTTP/1.1')).toBe('GET /api?mobile=138 1234 5678&card=6222 0217 5018 4835 HTTP/1.1');
    for (const text of ['tel=+86+13812345678', 'sum=1+2x', 'q=a+b+c', 'x = 1+2', 'mobile=138+1234+5678abc']) expect(decodeEscapes(text)).toBe(text);
  });

  it('leaves a text without escapes as it is', () => {
    const text = 'id,name\n1,张伟 50% off \\n C:\\users\\x & y\n';
    expect(decodeEscapes(text)).toBe(text);
  });
});

describe('a list written escaped gives what it gives in Chinese', () => {
  // Python's json.dumps writes Chinese as \u escapes by default: names and addresses went unfound.
  it.each(['export.json', 'export.jsonl'])('a customer export as Python writes it (%s)', async (name) => {
    const { csv } = customerCsv(20);
    const [header, ...lines] = csv.trim().split('\n').map((line) => line.split(','));
    const records = lines.map((fields) => Object.fromEntries(header.map((key, i) => [key, fields[i]])));
    const plain = name.endsWith('.jsonl') ? records.map((r) => JSON.stringify(r)).join('\n') : JSON.stringify(records, null, 1);
    const python = (await scanRevealed(bufferSource(name, uEscaped(plain)))).report;
    const chinese = (await scanRevealed(bufferSource(name, plain))).report;
    expect(python.counts).toEqual(chinese.counts);
    expect(Object.keys(python.counts).length).toBeGreaterThan(2);
  });

  it('an access log of form posts, mobiles and cards typed in groups (their spaces as +): every one, as with spaces', async () => {
    const rng = new Rng('form-groups');
    const values = Array.from({ length: 20 }, () => [mobile(rng, { form: 'spaced' }), bankCard(rng).replace(/(\d{4})(?=\d)/g, '$1 ')]);
    const log = (join: string) =>
      values.map(([m, c], i) => `10.0.0.${i} - - [05/Dec/2026:10:00:00 +0800] "GET /api/bind?mobile=${m.replaceAll(' ', join)}&card=${c.replaceAll(' ', join)} HTTP/1.1" 200 512`).join('\n');
    const counts = async (text: string) => (await scanSource(bufferSource('access.log', text), 'access.log')).counts;
    const spaced = await counts(log(' '));
    expect(spaced).toMatchObject({ cn_mobile: values.length, bank_card: values.length });
    expect(await counts(log('+'))).toEqual(spaced);
  });

  const rng = new Rng('escapes');
  const rows = Array.from({ length: 20 }, () => [chineseName(rng), address(rng)]);
  const request = (name: string, addr: string, i: number) => `10.0.0.${i} - - [05/Dec/2026:10:00:00 +0800] "GET /api/order?name=${name}&addr=${addr} HTTP/1.1" 200 512`;
  it.each<[string, string, (text: string) => string]>([
    // A log line is JSON, but the file is a .log: read as text, its escapes were not decoded.
    ['app.log', rows.map(([n, a]) => `2026-12-05 10:00:00 INFO order {"name":"${n}","address":"${a}"}`).join('\n'), uEscaped],
    ['access.log', rows.map(([n, a], i) => request(n, a, i)).join('\n'), (text) => bytesEscaped(text, '%')],
    ['access.log (GBK)', rows.map(([n, a], i) => request(n, a, i)).join('\n'), (text) => bytesEscaped(text, '%', 'gbk')],
    ['nginx.log', rows.map(([n, a], i) => request(n, a, i)).join('\n'), (text) => bytesEscaped(text, '\\x')],
    // A mail's quoted-printable part saved as text (its soft line breaks aside).
    ['mail-part.txt', rows.map(([n, a]) => `姓名：${n}，地址：${a}`).join('\n'), (text) => bytesEscaped(text, '=')],
    ['customers.xml', `<?xml version="1.0" encoding="US-ASCII"?>\n<customers>\n${rows.map(([n, a]) => `<customer><name>${n}</name><address>${a}</address></customer>`).join('\n')}\n</customers>\n`, (text) => referenced(text, false)],
    ['customers.html', `<html><body><table>\n<tr><th>姓名</th><th>地址</th></tr>\n${rows.map(([n, a]) => `<tr><td>姓名：${n}</td><td>${a}</td></tr>`).join('\n')}\n</table></body></html>\n`, (text) => referenced(text, true)],
    ['customers.csv', csvText([['姓名', '地址'], ...rows]), (text) => referenced(text, false)],
  ])('%s', async (label, text, escape) => {
    const name = label.split(' ')[0];
    const counts = async (data: string) => {
      const report = await scanSource(bufferSource(name, data), name);
      return [report.format, report.counts];
    };
    const plain = await counts(text);
    expect(plain[1]).toMatchObject({ cn_name: rows.length, cn_address: rows.length });
    const escaped = escape(text);
    expect(escaped).not.toMatch(nonAscii);
    expect(await counts(escaped)).toEqual(plain);
  });
});
