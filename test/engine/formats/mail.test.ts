/**
 * Mail: `.eml` and `.mbox`, written by Python's email and mailbox modules around synthetic
 * customer lists, in the charsets and transfer encodings Chinese mail uses.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { htmlText, mboxMessages } from '../../../lambdas/engine/formats/mail.js';
import { mailFormat } from '../../../lambdas/engine/formats/sniff.js';
import { csvText, zipBuffer } from '../../../synthetic/files.js';
import { address, chineseName, dateString, mobile, qq, residentId, wechatId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { customerCsv, labelledList, publicCsv, scanRevealed, traditionalList } from './backup-fixtures.js';
import { allText, bufferSource, readAll } from './read-parts.js';
import { compress, emailBuffer, mboxBuffer, tarBuffer, type MailSpec } from './writers.js';

const { csv, ids } = customerCsv(8);
const MB = 1024 * 1024;

function message(overrides: Partial<MailSpec> = {}): MailSpec {
  return {
    fromName: '张经理',
    from: 'manager@example.com',
    to: 'archive@example.com',
    subject: '客户名单 2023',
    body: `附件是客户名单，请查收。\n`,
    charset: 'gbk',
    encoding: 'base64',
    attachments: [{ name: '客户名单.csv', data: csv }],
    ...overrides,
  };
}

describe('a mailbox export of more than ten thousand messages', () => {
  it('is read to its last message with the default limits', async () => {
    const count = 12_000;
    const messages = Array.from({ length: count }, (_, i) =>
      message({ subject: `订单 ${i}`, body: i === count - 1 ? `客户身份证号 ${ids[0]}\n` : `订单 ${i} 已发货\n`, charset: 'utf-8', attachments: [] }),
    );
    const { thrown, parts } = await readAll(bufferSource('export.mbox', mboxBuffer(messages)));
    expect(thrown).toBeUndefined();
    const last = parts.at(-1);
    expect(last?.where.entry).toBe(`message-${count}`);
    expect(last?.kind === 'text' && last.text.includes(ids[0])).toBe(true);
  });
});

describe('eml', () => {
  it.each<[string, 'base64' | 'qp']>([
    ['gbk', 'base64'],
    ['gb18030', 'qp'],
    ['utf-8', 'qp'],
    ['utf-8', 'base64'],
  ])('a %s / %s message: headers and body decoded, attachment read, every ID found', async (charset, encoding) => {
    const eml = emailBuffer(message({ charset, encoding, body: `客户身份证号 ${ids[0]}，请核对。\n` }));
    const { format, parts } = await readAll(bufferSource('mail.eml', eml));
    expect(format).toBe('eml');
    expect(parts[0]).toMatchObject({ kind: 'text', where: {} });
    expect(allText(parts.slice(0, 1))).toContain('From: 张经理 <manager@example.com>');
    expect(allText(parts.slice(0, 1))).toContain('Subject: 客户名单 2023');
    expect(allText(parts.slice(0, 1))).toContain(`客户身份证号 ${ids[0]}`);
    expect(parts[1]).toMatchObject({ kind: 'text', where: { entry: '客户名单.csv' }, delimiter: ',' });
    const { report, ids: found } = await scanRevealed(bufferSource('mail.eml', eml));
    expect(report).toMatchObject({ format: 'eml', sensitivity: 'confidential' });
    expect(new Set(found)).toEqual(new Set(ids));
  });

  it('a Big5 message (Hong Kong) is decoded', async () => {
    const { text, ids: hk } = traditionalList();
    const eml = emailBuffer(message({ charset: 'big5', encoding: 'qp', fromName: '陳經理', subject: '客戶名單', body: text, attachments: [] }));
    const { report, ids: found } = await scanRevealed(bufferSource('hk.eml', eml));
    expect(report.sensitivity).toBe('confidential');
    expect(new Set(found)).toEqual(new Set(hk));
    expect(allText((await readAll(bufferSource('hk.eml', eml))).parts)).toContain('Subject: 客戶名單');
  });

  // Node's Big5 decoder, which postal-mime uses, gives Hong Kong's own characters as private-use
  // code points, and postal-mime read Python's label `big5hkscs` as windows-1252.
  it.each(['big5', 'big5-hkscs', 'big5hkscs'])('a Hong Kong message in %s gives what it gives in UTF-8, its own characters as themselves', async (charset) => {
    const rng = new Rng('hkscs-mail');
    const lines = Array.from({ length: 30 }, () => `客戶姓名：${chineseName(rng, { traditional: true })}，聯絡地址：${address(rng, { region: 'hongkong' })}`)
      .filter((line) => iconv.decode(iconv.encode(line, 'big5'), 'big5') === line);
    const body = `${lines.join('\n')}\n`;
    expect(body).toMatch(/深水埗|鰂魚涌/);
    // Written as Hong Kong's mailers write it (Python's big5 codec lacks HKSCS): iconv-lite's Big5 is Big5-HKSCS.
    const eml = (label: string, encode: (text: string) => Buffer) =>
      Buffer.from(
        [
          `From: =?${label}?B?${encode('陳經理').toString('base64')}?= <manager@example.com>`,
          'To: archive@example.com',
          `Subject: =?${label}?B?${encode('客戶名單 深水埗').toString('base64')}?=`,
          'MIME-Version: 1.0',
          `Content-Type: text/plain; charset="${label}"`,
          'Content-Transfer-Encoding: base64',
          '',
          encode(body).toString('base64').replace(/.{76}/g, '$&\n'),
          '',
        ].join('\n'),
      );
    const scan = async (bytes: Buffer) => ({ report: await scanSource(bufferSource('hk.eml', bytes), 'hk.eml'), text: allText((await readAll(bufferSource('hk.eml', bytes))).parts) });
    const utf8 = await scan(eml('utf-8', (text) => Buffer.from(text)));
    expect(utf8.report.counts).toMatchObject({ cn_name: lines.length, cn_address: lines.length });
    const hk = await scan(eml(charset, (text) => iconv.encode(text, 'big5')));
    expect(hk.report.counts).toEqual(utf8.report.counts);
    expect(hk.text).toContain('Subject: 客戶名單 深水埗');
    expect(hk.text).toContain(body.trim());
  });

  it('a zip attachment is opened, and a tar.gz inside it too', async () => {
    const tgz = compress(tarBuffer([{ name: 'crm/customers.csv', data: csv }]), 'gz');
    const zip = await zipBuffer([{ name: 'backup/crm.tgz', data: tgz, compress: false }]);
    const { report, ids: found } = await scanRevealed(bufferSource('mail.eml', emailBuffer(message({ attachments: [{ name: '备份.zip', data: zip }] }))));
    expect(new Set(found)).toEqual(new Set(ids));
    expect(report.findings.find((f) => f.type === 'cn_resident_id')?.location.entry).toBe('备份.zip/backup/crm.tgz/crm.tar/crm/customers.csv');
  });

  // Found by fuzzing: a memo whose first lines are `Subject:` and `Date:`, with no blank line after
  // them, is all headers; those a person reads were kept, the customers' lines dropped: public.
  it('a text that is all header lines keeps every line: its customers are found', async () => {
    const rng = new Rng('all-headers');
    const people = Array.from({ length: 6 }, (_, i) => ({ customer: `C${1000 + i}`, id: residentId(rng), mobile: mobile(rng) }));
    const memo = `Subject: customer list\nDate: Mon, 1 Jan 2024 09:00:00 +0800\n${people.map((p) => `Customer: ${p.customer}\nID-Number: ${p.id}\nMobile: ${p.mobile}\n`).join('')}`;
    const { report, ids: found } = await scanRevealed(bufferSource('memo.txt', memo));
    expect(report).toMatchObject({ format: 'eml', sensitivity: 'confidential', counts: { cn_resident_id: 6, cn_mobile: 6 } });
    expect(new Set(found)).toEqual(new Set(people.map((p) => p.id)));
  });

  it("a CRM's own headers are read, encoded words decoded; message identifiers are no addresses", async () => {
    const id = residentId(new Rng('x-header'));
    const eml = `From: crm@example.com\r\nTo: crm@example.com\r\nMessage-ID: <20240101.1234@crm.example.com>\r\nX-Customer-Name: =?UTF-8?B?${Buffer.from('姓名：张伟').toString('base64')}?=\r\nX-Customer-ID: ${id}\r\nSubject: 回访\r\n\r\n已回访。\r\n`;
    const { report, ids: found } = await scanRevealed(bufferSource('crm.eml', eml));
    expect(report).toMatchObject({ format: 'eml', sensitivity: 'confidential', counts: { cn_resident_id: 1, cn_name: 1, email: 2 } });
    expect(found).toEqual([id]);
  });

  it('a message without personal data stays public', async () => {
    const eml = emailBuffer(message({ from: 'noreply@example.com', fromName: '系统', to: 'noreply@example.com', attachments: [{ name: 'products.csv', data: publicCsv() }] }));
    const { report } = await scanRevealed(bufferSource('news.eml', eml));
    // The two addresses are e-mail findings (sensitive); nothing confidential, no error.
    expect(report).toMatchObject({ format: 'eml', sensitivity: 'sensitive', counts: { email: 2 } });
    expect(report.error).toBeUndefined();
  });

  it('a corrupt attachment is that member\'s error; the rest is read', async () => {
    const eml = emailBuffer(message({ attachments: [{ name: 'broken.zip', data: Buffer.from('PK\x03\x04garbage', 'latin1') }, { name: 'ok.csv', data: csv }] }));
    const { parts, thrown } = await readAll(bufferSource('m.eml', eml));
    expect(thrown).toBeUndefined();
    expect(parts.map((part) => [part.kind, part.where.entry])).toEqual([
      ['text', undefined],
      ['error', 'broken.zip'],
      ['text', 'ok.csv'],
    ]);
    expect(parts[1]).toMatchObject({ code: 'CORRUPT' });
  });

  it('forwarded messages nested past maxDepth end as LIMIT_EXCEEDED', async () => {
    let eml = emailBuffer(message());
    for (let level = 0; level < 3; level++) eml = emailBuffer(message({ attachments: [{ name: `fwd-${level}.eml`, data: eml }] }));
    const deep = await readAll(bufferSource('m.eml', eml), { maxDepth: 2 });
    expect(deep.thrown).toBeUndefined();
    expect(deep.parts.find((part) => part.kind === 'error')).toMatchObject({ code: 'LIMIT_EXCEEDED', where: { entry: 'fwd-2.eml/fwd-1.eml' } });
    const ok = await scanRevealed(bufferSource('m.eml', eml));
    expect(new Set(ok.ids)).toEqual(new Set(ids));
  });

  it('MIME nested past the parser\'s limit is CORRUPT, never public', async () => {
    let body = 'hello';
    for (let i = 0; i < 40; i++) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
    const eml = Buffer.from(`From: a@example.com\r\nTo: b@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n${body}`);
    const { report } = await scanRevealed(bufferSource('bomb.eml', eml));
    expect(report).toMatchObject({ format: 'eml', sensitivity: 'failed', error: { code: 'CORRUPT' } });
  });

  it('a message larger than maxBufferedBytes is LIMIT_EXCEEDED', async () => {
    const eml = emailBuffer(message({ attachments: [{ name: 'big.csv', data: csv.repeat(200) }] }));
    const { report } = await scanRevealed(bufferSource('big.eml', eml));
    expect(report.sensitivity).toBe('confidential');
    const result = await readAll(bufferSource('big.eml', eml), { maxBufferedBytes: eml.length - 1 });
    expect(result.thrown).toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });

  it('htmlText keeps the text of an HTML body', () => {
    expect(htmlText('<style>p{}</style><p>身份证&nbsp;110101&#49;99003074477</p><br>tel:<b>13812345678</b>')).toBe(' 身份证 110101199003074477\n\ntel: 13812345678 ');
    // One space between two words however many tags: a label and its value in spans of their own.
    expect(htmlText('<div><span class="l">微信号：</span>\n  <span class="v">zhang_san88</span></div>')).toBe(' 微信号： zhang_san88 \n');
  });

  it('an HTML body without a plain alternative is read as a page: a record of spans or a definition list, every value under its label', async () => {
    const [labels, ...records] = labelledList(new Rng('mail-html'));
    const spans = records.map((values) => values.map((value, i) => `<div><span>${labels[i]}：</span><span>${value}</span></div>`).join('')).join('<hr>');
    const dl = records.map((values) => `<dl>${values.map((value, i) => `<dt>${labels[i]}</dt><dd>${value}</dd>`).join('')}</dl>`).join('');
    for (const html of [spans, dl]) {
      const mail = `From: crm@example.com\r\nSubject: customers\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>${html}</body></html>\r\n`;
      const report = await scanSource(bufferSource('record.eml', mail), 'record.eml');
      expect(report.counts).toMatchObject({ cn_name: 20, wechat_id: 20, date_of_birth: 20, cn_passport: 20, qq: 20 });
    }
  });
});

describe('mbox', () => {
  it('every message and attachment is read, streamed message by message', async () => {
    const second = customerCsv(4, 99);
    const box = mboxBuffer([
      message({ body: 'From the archive: see attachment.\n' }),
      message({ charset: 'utf-8', encoding: 'qp', attachments: [{ name: 'more.csv', data: second.csv }] }),
      message({ subject: 'no attachment', attachments: [] }),
    ]);
    const { format, parts } = await readAll(bufferSource('archive.mbox', box, 1000));
    expect(format).toBe('mbox');
    expect(parts.map((part) => [part.kind, part.where.entry])).toEqual([
      ['text', 'message-1'],
      ['text', 'message-1/客户名单.csv'],
      ['text', 'message-2'],
      ['text', 'message-2/more.csv'],
      ['text', 'message-3'],
    ]);
    expect(allText(parts.slice(0, 1))).toContain('From the archive: see attachment.');
    const { report, ids: found } = await scanRevealed(bufferSource('archive.mbox', box, 1000));
    expect(report).toMatchObject({ format: 'mbox', sensitivity: 'confidential' });
    expect(new Set(found)).toEqual(new Set([...ids, ...second.ids]));
  });

  it('a message over maxBufferedBytes is that message\'s error; the next is read', async () => {
    const box = mboxBuffer([message({ attachments: [{ name: 'big.csv', data: csv.repeat(200) }] }), message({ subject: 'small', attachments: [] })]);
    expect(box.length).toBeGreaterThan(MB / 4);
    const { parts, thrown } = await readAll(bufferSource('a.mbox', box, 4096), { maxBufferedBytes: MB / 4 });
    expect(thrown).toBeUndefined();
    expect(parts).toMatchObject([
      { kind: 'error', where: { entry: 'message-1' }, code: 'LIMIT_EXCEEDED' },
      { kind: 'text', where: { entry: 'message-2' } },
    ]);
  });

  it('a mailbox without personal data has no confidential finding', async () => {
    const box = mboxBuffer([message({ from: 'a@example.com', fromName: 'A', to: 'a@example.com', attachments: [{ name: 'p.csv', data: publicCsv() }] })]);
    const { report } = await scanRevealed(bufferSource('a.mbox', box));
    expect(report.counts).toEqual({ email: 2 });
  });
});

describe('mboxMessages: an mbox split at its From lines as its bytes arrive', () => {
  /** The rule on the whole mailbox at once: a message ends at the newline of the next `\nFrom `. */
  function reference(box: Buffer, max: number): (string | undefined)[] {
    const out: (string | undefined)[] = [];
    let start = 0;
    while (start < box.length) {
      const at = box.indexOf('\nFrom ', start + 1);
      const end = at === -1 ? box.length : at + 1;
      out.push(end - start > max ? undefined : box.subarray(start, end).toString('latin1'));
      start = end;
    }
    return out;
  }

  async function split(box: Buffer, chunkSize: number, max: number): Promise<(string | undefined)[]> {
    const chunks = async function* (): AsyncGenerator<Buffer> {
      for (let at = 0; at < box.length; at += chunkSize) yield box.subarray(at, at + chunkSize);
    };
    const out: (string | undefined)[] = [];
    for await (const message of mboxMessages(chunks(), max)) out.push(message?.toString('latin1'));
    return out;
  }

  it('gives the same messages whatever the chunks, with and without messages over the limit', async () => {
    const rng = new Rng('mbox');
    for (let trial = 0; trial < 30; trial++) {
      // Some start with an empty line: the first message then begins with it.
      const box = Buffer.from(
        (rng.chance(0.3) ? '\n' : '') +
          Array.from({ length: rng.int(1, 6) }, (_, i) => {
          const body = Array.from({ length: rng.int(0, 12) }, () => rng.pick(['line', 'From here', '>From there', '', 'x'.repeat(rng.int(1, 300))])).join('\n');
          return `From sender${i}@example.com Mon Jan  1 00:00:00 2024\nSubject: ${i}\n\n${body}\n`;
        }).join(rng.chance(0.3) ? '\n' : ''),
        'latin1',
      );
      for (const max of [Number.MAX_SAFE_INTEGER, rng.int(20, 400)]) {
        const expected = reference(box, max);
        for (const chunkSize of [1, 2, 3, 5, 6, 7, 64, 1000, box.length]) {
          // A message over the limit is seen as such once more of it than `max` has arrived.
          const got = await split(box, chunkSize, max);
          expect(got.map((m) => m === undefined)).toEqual(expected.map((m) => m === undefined));
          expect(got).toEqual(expected);
        }
      }
    }
  });
});

describe('mailFormat', () => {
  it.each<[string, string, string, string | undefined]>([
    ['a message', 'From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nbody', 'x.txt', 'eml'],
    ['folded headers', 'Received: from x\r\n\tby y\r\nReturn-Path: <a@b.c>\r\nX-Mailer: z\r\n\r\n', 'blob', 'eml'],
    ['a mailbox', 'From a@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\n', 'archive', 'mbox'],
    ['one header-like line', 'Subject: meeting notes\nwe met\n', 'notes.txt', undefined],
    ['a CSV', 'name,phone\nA,1\n', 'a.csv', undefined],
    ['a log', '2024-01-01 12:00:00 INFO From: x To: y\n', 'app.log', undefined],
    ['text named .eml', 'just a body\n', 'saved.eml', 'eml'],
  ])('%s', (_, text, name, format) => {
    expect(mailFormat(Buffer.from(text), name)).toBe(format);
  });
});

describe('a message whose HTML body holds a table (a customer list pasted into it)', () => {
  const rng = new Rng('mail-table');
  const header = ['姓名', '出生日期', '微信号', 'QQ'];
  const rows = Array.from({ length: 6 }, () => [chineseName(rng), dateString(rng, { form: 'dashed' }), wechatId(rng, { chosen: true }), qq(rng)]);
  const html = `<p>客户名单如下：</p><table><tr>${header.map((h) => `<th>${h}</th>`).join('')}</tr>${rows.map((row) => `<tr>${row.map((v) => `<td>${v}</td>`).join('')}</tr>`).join('')}</table>`;
  // A mail client's plain alternative: the cells run together by tabs, a row a line.
  const plain = [header, ...rows].map((row) => row.join('\t')).join('\n');

  it('reads the table as an HTML page (cells under their headers), not its plain alternative as well: the same findings as the list as a CSV', async () => {
    const csv = await scanSource(bufferSource('list.csv', csvText([header, ...rows])), 'list.csv');
    const bytes = emailBuffer(message({ body: plain, html, alternative: true, charset: 'utf-8', attachments: [] }));
    const report = await scanSource(bufferSource('list.eml', bytes), 'list.eml');
    // The two addresses of its headers, and the list.
    expect(report.counts).toEqual({ ...csv.counts, email: 2 });
    expect(new Set(report.findings.filter((finding) => finding.type !== 'email').map((finding) => finding.location.entry))).toEqual(new Set(['body.html']));
  });

  it('an HTML body without a table is read as its text, as before', async () => {
    const id = residentId(rng);
    const bytes = emailBuffer(message({ body: `身份证 ${id}`, html: `<p>身份证 ${id}</p>`, alternative: true, charset: 'utf-8', attachments: [] }));
    const report = await scanSource(bufferSource('a.eml', bytes), 'a.eml');
    expect(report.counts).toEqual({ cn_resident_id: 1, email: 2 });
    expect(report.findings.map((finding) => finding.location.entry)).toEqual([undefined, undefined, undefined]);
  });
});

