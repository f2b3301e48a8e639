/**
 * Python pickles, written by CPython's own pickle (writers.py; NumPy arrays by NumPy, pandas frames
 * by pandas 3.1, with strings as objects as pandas 2 made them or as pyarrow's, joblib files by joblib 1.6), of synthetic customers: read by
 * a safe interpreter of every opcode, what they hold laid out as tables where it reads as one, so a
 * pickle reads as the same list saved as CSV; damage and hostile pickles fail cleanly, never public.
 */
import { existsSync, rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePythonTools } from '../../../scripts/python-tools.js';
import { MAX_DEPTH, MAX_VALUES, escapeDecode, pickleHead, rawUnicodeEscape, unpickle } from '../../../lambdas/engine/formats/pickle.js';
import { sniffBytes } from '../../../lambdas/engine/formats/sniff.js';
import { scanSource, type ObjectReport } from '../../../lambdas/engine/scan.js';
import { csvText } from '../../../synthetic/files.js';
import { bufferSource, noise, readAll, type FlatPart } from './read-parts.js';
import { CUSTOMER_COLUMNS, PRODUCT_COLUMNS, customers, products, written, type WriterSpec } from './writers.js';

// The first run builds .venv (pip): under the hook time-out, not a test's.
beforeAll(() => ensurePythonTools().then(() => undefined));

/** A pickle fixture (writers.ts, writers.py). */
const pickled = (spec: Omit<Extract<WriterSpec, { kind: 'pickle' }>, 'kind'>): Promise<Buffer> => written({ kind: 'pickle', ...spec });

const { rows, ids, mobiles } = customers(30);
const names = rows.map((row) => String(row[1]));
const cards = rows.map((row) => String(row[4]));
const records = rows.map((row) => Object.fromEntries(CUSTOMER_COLUMNS.map((column, i) => [column, row[i]])));
const columns = Object.fromEntries(CUSTOMER_COLUMNS.map((column, i) => [column, rows.map((row) => row[i])]));

async function scan(name: string, data: Buffer): Promise<ObjectReport> {
  return scanSource(bufferSource(name, data), name, { reveal: true, maxFindings: 0 });
}

const found = (report: ObjectReport, type: string): string[] =>
  report.findings
    .filter((f) => f.type === type)
    .map((f) => f.value!.replace(/[\s-]/g, ''))
    .sort();
const cellsOf = (parts: readonly FlatPart[]) => parts.flatMap((part) => (part.kind === 'cells' ? part.cells : []));
const textOf = (parts: readonly FlatPart[]) => parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');

/** Every ID, mobile, name and bank card of the customers found, and the report as the same list as CSV's. */
async function expectCustomers(report: ObjectReport, format = 'pickle'): Promise<void> {
  const csv = await scanSource(bufferSource('list.csv', csvText([[...CUSTOMER_COLUMNS], ...rows.map((row) => row.map(String))])), 'list.csv');
  expect(report).toMatchObject({ format, sensitivity: 'confidential' });
  expect(report.error).toBeUndefined();
  expect(found(report, 'cn_resident_id')).toEqual([...ids].sort());
  expect(found(report, 'cn_mobile')).toEqual([...mobiles].sort());
  expect(found(report, 'cn_name')).toEqual([...names].sort());
  expect(report.counts).toEqual(csv.counts);
}

describe('a list of customer dicts, each protocol, reads as the same list saved as CSV', () => {
  it.each([0, 1, 2, 3, 4, 5])('protocol %i', async (protocol) => {
    const data = await pickled({ value: records, protocol });
    expect(sniffBytes(data, 'customers.pkl')).toEqual({ format: 'pickle' });
    // Protocols 2 on say so in their first bytes, whatever the name; 0 and 1 only under a pickle's name.
    expect(sniffBytes(data, 'export.bin').format === 'pickle').toBe(protocol >= 2);
    await expectCustomers(await scan('customers.pkl', data));
    // Each value under its key as the column's header.
    const cells = cellsOf((await readAll(bufferSource('customers.pkl', data))).parts);
    expect(cells.find((cell) => cell.text === ids[3])).toMatchObject({ sheet: 'pickle', header: '身份证号' });
    expect(cells.find((cell) => cell.text === names[3])).toMatchObject({ header: '姓名' });
    expect(cells.find((cell) => cell.text === mobiles[3])).toMatchObject({ header: '手机号' });
  });

  it('read by the strings pass (its header byte changed, named .bin), IDs and names were lost', async () => {
    const data = Buffer.from(await pickled({ value: records, protocol: 2 }));
    data[0] = 0x81;
    const report = await scan('customers.bin', data);
    expect(report.format).not.toBe('pickle');
    expect(found(report, 'cn_resident_id').length).toBeLessThan(ids.length / 2);
    expect(found(report, 'cn_name')).toEqual([]);
  });

  it('objects of a class (their __dict__) are records too', async () => {
    const data = await pickled({ value: records, protocol: 2, layout: 'objects' });
    expect(data.includes('crm.models')).toBe(true);
    await expectCustomers(await scan('customers.pkl', data));
  });
});

describe('other shapes of a list', () => {
  it('a dict of lists (df.to_dict("list")): a table of columns', async () => {
    const data = await pickled({ value: columns, protocol: 4 });
    await expectCustomers(await scan('columns.pkl', data));
    const cells = cellsOf((await readAll(bufferSource('columns.pkl', data))).parts);
    expect(cells.slice(0, 6).map((cell) => cell.text)).toEqual([...CUSTOMER_COLUMNS]);
    expect(cells.find((cell) => cell.text === names[0])).toMatchObject({ ref: 'B2', header: '姓名' });
  });

  it('a list of rows, its header row first: the header row found', async () => {
    const data = await pickled({ value: [[...CUSTOMER_COLUMNS], ...rows], protocol: 3 });
    await expectCustomers(await scan('rows.pkl', data));
  });

  it('a dict of records keyed by customer number (df.to_dict("index")), and nested dicts', async () => {
    const byNumber = Object.fromEntries(records.map(({ 客户编号: number, 姓名: name, ...rest }) => [number, { 姓名: name, 证件: rest }]));
    const data = await pickled({ value: { customers: byNumber }, protocol: 4 });
    const report = await scan('index.pkl', data);
    expect(found(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(found(report, 'cn_name')).toEqual([...names].sort());
    const cells = cellsOf((await readAll(bufferSource('index.pkl', data))).parts);
    expect(cells.find((cell) => cell.text === ids[0])).toMatchObject({ sheet: 'customers', header: '证件 身份证号' });
    expect(cells.find((cell) => cell.text === rows[0][0])).toMatchObject({ sheet: 'customers', header: 'customers' });
  });

  it('anything else: every string and integer as text, a dict value after its key', async () => {
    const value = { crm: { owner: names[0], contact: { mobile: mobiles[0], 身份证: ids[0] }, tags: ['a', 'b'], note: `客户 ${names[1]} 身份证号 ${ids[1]}` } };
    const data = await pickled({ value, protocol: 2 });
    const { parts } = await readAll(bufferSource('misc.pkl', data));
    expect(parts.map((part) => part.kind)).toEqual(['text']);
    expect(textOf(parts)).toBe(`owner: ${names[0]}\nmobile: ${mobiles[0]}\n身份证: ${ids[0]}\ntags: a\ntags: b\nnote: 客户 ${names[1]} 身份证号 ${ids[1]}\n`);
    const report = await scan('misc.pkl', data);
    expect(found(report, 'cn_resident_id')).toEqual([ids[0], ids[1]].sort());
    expect(found(report, 'cn_mobile')).toEqual([mobiles[0]]);
  });

  it('several pickles one after another in a file (pickle.dump again and again): each read', async () => {
    const first = await pickled({ value: records.slice(0, 15), protocol: 4 });
    const second = await pickled({ value: records.slice(15), protocol: 2 });
    const report = await scan('log.pkl', Buffer.concat([first, second]));
    expect(report.error).toBeUndefined();
    expect(found(report, 'cn_resident_id')).toEqual([...ids].sort());
  });

  it('a products table without personal data is public', async () => {
    const value = products(30).map((row) => Object.fromEntries(PRODUCT_COLUMNS.map((column, i) => [column, row[i]])));
    for (const protocol of [0, 2, 4]) {
      expect(await scan('products.pkl', await pickled({ value, protocol }))).toMatchObject({ format: 'pickle', sensitivity: 'public', counts: {} });
    }
    const frame = Object.fromEntries(PRODUCT_COLUMNS.map((column, i) => [column, products(30).map((row) => row[i])]));
    expect(await scan('products.pkl', await pickled({ value: frame, layout: 'frame' }))).toMatchObject({ format: 'pickle', sensitivity: 'public', counts: {} });
  });
});

describe('NumPy arrays, pandas frames, joblib', () => {
  it.each<[string, Record<string, unknown>]>([
    ['<U18', { 姓名: names, 身份证号: ids }],
    ['int64', { 手机号: mobiles.map(Number) }],
    ['object', columns],
  ])('arrays of dtype %s inside a pickle: a table of columns under their keys', async (dtype, value) => {
    const data = await pickled({ value, numpy: dtype, protocol: 4 });
    expect(data.includes('_reconstruct')).toBe(true);
    const report = await scan('arrays.pkl', data);
    expect(report.format).toBe('pickle');
    expect(report.sensitivity).not.toBe('public');
    expect(report.error).toBeUndefined();
    if ('身份证号' in value) expect(found(report, 'cn_resident_id')).toEqual([...ids].sort());
    if ('姓名' in value) expect(found(report, 'cn_name')).toEqual([...names].sort());
    if ('手机号' in value) expect(found(report, 'cn_mobile')).toEqual([...mobiles].sort());
  });

  it('protocol 5 (NumPy pickles its items out of a PickleBuffer, in band)', async () => {
    const data = await pickled({ value: { 身份证号: ids, 手机号: mobiles }, numpy: '<U18', protocol: 5 });
    expect(data.includes('_frombuffer')).toBe(true);
    const report = await scan('arrays.pkl', data);
    expect(found(report, 'cn_resident_id')).toEqual([...ids].sort());
    expect(found(report, 'cn_mobile')).toEqual([...mobiles].sort());
  });

  it('an .npy of objects (a pickle after its header) is read through the pickle reader', async () => {
    const data = await written({ kind: 'npy', arrays: { a: { dtype: 'object', values: [[...CUSTOMER_COLUMNS], ...rows] } } });
    await expectCustomers(await scan('customers.npy', data), 'numpy');
  });

  it.each([
    ['pandas 2 (NumPy blocks: strings as objects)', 'frame'],
    ['pandas 3 (strings as pyarrow arrays)', 'frame-arrow'],
  ] as const)('a DataFrame of %s (df.to_pickle): its blocks and column Index as a table', async (_, layout) => {
    const data = await pickled({ value: columns, layout, protocol: 5 });
    expect(data.includes('pandas.core.internals.managers')).toBe(true);
    expect(data.includes('pyarrow')).toBe(layout === 'frame-arrow');
    await expectCustomers(await scan('frame.pkl', data));
    const cells = cellsOf((await readAll(bufferSource('frame.pkl', data))).parts);
    expect(cells.slice(0, 6).map((cell) => cell.text)).toEqual([...CUSTOMER_COLUMNS]);
    expect(cells.find((cell) => cell.text === ids[2])).toMatchObject({ ref: 'C4', header: '身份证号' });
    expect(cells.find((cell) => cell.text === mobiles[2])).toMatchObject({ ref: 'D4', header: '手机号' });
  });

  it('a joblib file (joblib.dump, no compression): the arrays after their wrappers', async () => {
    for (const dtype of ['<U18', 'object']) {
      const data = await pickled({ value: { 姓名: names, 身份证号: ids }, numpy: dtype, layout: 'joblib', protocol: 4 });
      expect(data.includes('NumpyArrayWrapper')).toBe(true);
      expect(sniffBytes(data, 'model.bin')).toEqual({ format: 'pickle' });
      const report = await scan('model.joblib', data);
      expect(report.error).toBeUndefined();
      expect(found(report, 'cn_resident_id')).toEqual([...ids].sort());
      expect(found(report, 'cn_name')).toEqual([...names].sort());
    }
  });
});

describe('pickleHead', () => {
  it('takes pickles of every protocol, under their names, and joblib files', async () => {
    for (const protocol of [0, 1, 2, 3, 4, 5]) {
      const data = await pickled({ value: records.slice(0, 3), protocol });
      for (const name of ['a.pkl', 'a.pickle', 'A.PCK', 'a.pk']) expect(pickleHead(data, name)).toBe(true);
      expect(pickleHead(data, 'a.bin')).toBe(protocol >= 2);
    }
    // A pickle of one value is short (no FRAME), and a long string's bytes go past a head.
    expect(pickleHead(Buffer.from('\x80\x04N.', 'latin1'), 'x')).toBe(true);
    expect(pickleHead(Buffer.from('N.', 'latin1'), 'x.pkl')).toBe(true);
  });

  it('refuses random bytes (even after 0x80 and a protocol 2 to 5) and text, a few thousand', () => {
    let taken = 0;
    for (let i = 0; i < 4000; i++) {
      const head = noise(i % 2 === 0 ? 8192 : 64 + (i % 500), i + 1);
      if (i % 4 !== 3) {
        head[0] = 0x80;
        head[1] = 2 + (i % 4);
      }
      if (pickleHead(head, i % 3 === 0 ? 'export.bin' : 'backup')) taken++;
    }
    expect(taken).toBe(0);
    const texts = [csvText([[...CUSTOMER_COLUMNS], ...rows.map((row) => row.map(String))]), JSON.stringify(records), 'hello world\n', 'Id,Name\n1,a\n', '<?xml version="1.0"?><a/>'];
    for (const text of texts) {
      expect(pickleHead(Buffer.from(text), 'x.bin')).toBe(false);
      expect(pickleHead(Buffer.from(text), 'x.pkl')).toBe(false);
    }
  });
});

/** `count` damaged copies: `data` cut at a place, or 4 bytes overwritten at one. */
function* damagedCopies(data: Buffer, count: number, seed: number): Generator<Buffer> {
  let state = seed;
  const rand = (n: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      yield data.subarray(0, 1 + rand(data.length - 1));
      continue;
    }
    const copy = Buffer.from(data);
    const at = i < 16 ? i >> 1 : rand(copy.length);
    for (let k = 0; k < 4 && at + k < copy.length; k++) copy[at + k] = rand(256);
    yield copy;
  }
}

describe('damage', () => {
  it.each<[string, Parameters<typeof pickled>[0]]>([
    ['records, protocol 0', { value: records.slice(0, 10), protocol: 0 }],
    ['records, protocol 2', { value: records.slice(0, 10), protocol: 2 }],
    ['records, protocol 4', { value: records.slice(0, 10), protocol: 4 }],
    ['a DataFrame, protocol 5', { value: columns, layout: 'frame', protocol: 5 }],
    ['NumPy arrays, protocol 3', { value: { 姓名: names, 身份证号: ids }, numpy: '<U18', protocol: 3 }],
  ])('%s: cut short or 4 bytes overwritten (a hundred places each) is confidential or failed, never public', async (_, spec) => {
    const data = await pickled(spec);
    const outcomes = new Set<string>();
    for (const copy of damagedCopies(data, 200, 0x9e3779b9 + data.length)) {
      const report = await scanSource(bufferSource('customers.pkl', copy), 'customers.pkl');
      expect(report.sensitivity).not.toBe('public');
      if (report.sensitivity !== 'confidential') expect(report.error?.code).toMatch(/^(CORRUPT|LIMIT_EXCEEDED|OPAQUE)$/);
      outcomes.add(report.error?.code ?? report.sensitivity);
    }
    expect(outcomes.has('CORRUPT')).toBe(true);
  });

  it('cut short: CORRUPT after the records read before the cut (the object reported with both)', async () => {
    const data = await pickled({ value: records, protocol: 2 });
    const report = await scan('customers.pkl', data.subarray(0, Math.floor(data.length * 0.6)));
    expect(report).toMatchObject({ format: 'pickle', sensitivity: 'confidential', error: { code: 'CORRUPT', message: expect.stringContaining('cut short') } });
    expect(found(report, 'cn_resident_id').length).toBeGreaterThan(ids.length * 0.4);
  });

  it('a NumPy array whose items are fewer than its shape says is CORRUPT; one of long doubles OPAQUE; both after the rest', async () => {
    const data = await pickled({ value: { 身份证号: ids }, numpy: '<U18', protocol: 3 });
    // The array's length, 30 * 72 bytes, as BINBYTES writes it: one item less, and a byte of the data dropped.
    const length = Buffer.alloc(4);
    length.writeUInt32LE(30 * 72);
    const at = data.indexOf(Buffer.concat([Buffer.from('B'), length]));
    expect(at).toBeGreaterThan(0);
    const shorter = Buffer.concat([data.subarray(0, at + 1), Buffer.from([...length].map((b, i) => (i === 0 ? b - 72 : b))), data.subarray(at + 5, at + 5 + 29 * 72), data.subarray(at + 5 + 30 * 72)]);
    const report = await scan('arrays.pkl', shorter);
    expect(report).toMatchObject({ sensitivity: 'failed', error: { code: 'CORRUPT' } });
    const raw = await pickled({ value: { a: [1.5, 2.5] }, numpy: 'longdouble', protocol: 3 });
    const withIds = Buffer.concat([raw, await pickled({ value: { 身份证号: ids }, protocol: 3 })]);
    const opaque = await scan('raw.pkl', withIds);
    expect(opaque).toMatchObject({ sensitivity: 'confidential', error: { code: 'OPAQUE' } });
    expect(found(opaque, 'cn_resident_id')).toEqual([...ids].sort());
  });
});

describe('hostile pickles: read as data, nothing run', () => {
  const marker = '/tmp/shredlock-pickle-pwned';

  it.each<[string, Buffer]>([
    ['GLOBAL os.system + REDUCE (protocol 0)', Buffer.from(`cos\nsystem\n(S'touch ${marker}; echo 身份证 ${ids[0]}'\ntR.`, 'utf8')],
    ['GLOBAL posix.system + REDUCE (protocol 2)', Buffer.concat([Buffer.from('\x80\x02cposix\nsystem\nq\x00X', 'latin1'), lengthOf(`touch ${marker}; echo 身份证 ${ids[0]}`), Buffer.from(`touch ${marker}; echo 身份证 ${ids[0]}`), Buffer.from('q\x01\x85q\x02Rq\x03.', 'latin1')])],
    ['STACK_GLOBAL builtins.eval (protocol 4)', Buffer.concat([Buffer.from('\x80\x04\x8c\x08builtins\x8c\x04eval\x93\x8c', 'latin1'), Buffer.from([`__import__('os').system('touch ${marker}') # ${ids[0]}`.length]), Buffer.from(`__import__('os').system('touch ${marker}') # ${ids[0]}`), Buffer.from('\x85R.', 'latin1')])],
    ['INST subprocess.Popen (protocol 0)', Buffer.from(`(S'touch'\nS'${marker}'\nS'${ids[0]}'\nisubprocess\nPopen\n.`, 'utf8')],
  ])('%s', async (_, data) => {
    rmSync(marker, { force: true });
    const { format, parts, thrown } = await readAll(bufferSource('evil.pkl', data));
    expect(thrown).toBeUndefined();
    expect(format).toBe('pickle');
    expect(textOf(parts)).toContain(ids[0]);
    expect(existsSync(marker)).toBe(false);
    const report = await scan('evil.pkl', data);
    expect(found(report, 'cn_resident_id')).toEqual([ids[0]]);
    expect(existsSync(marker)).toBe(false);
  });
});

function lengthOf(text: string): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(Buffer.byteLength(text));
  return length;
}

describe('limits', () => {
  it('deep nesting (lists in lists, tuples in tuples) is LIMIT_EXCEEDED, quickly', async () => {
    const depth = 200_000;
    const lists = Buffer.concat([Buffer.from('\x80\x02', 'latin1'), Buffer.alloc(depth, ']'), Buffer.alloc(depth - 1, 'a'), Buffer.from('.')]);
    const tuples = Buffer.concat([Buffer.from('\x80\x02', 'latin1'), Buffer.alloc(depth, '('), Buffer.from('N'), Buffer.alloc(depth, 't'), Buffer.from('.')]);
    for (const data of [lists, tuples]) {
      const started = Date.now();
      expect((await readAll(bufferSource('deep.pkl', data))).thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('MAX_DEPTH') });
      expect(Date.now() - started).toBeLessThan(5000);
    }
    // Nesting within the limit reads.
    const fine = Buffer.concat([Buffer.from('\x80\x02', 'latin1'), Buffer.alloc(MAX_DEPTH - 10, ']'), Buffer.from(`X${'\x12\x00\x00\x00'}${ids[0]}`, 'latin1'), Buffer.alloc(MAX_DEPTH - 10, 'a'), Buffer.from('.')]);
    const read = await readAll(bufferSource('deep.pkl', fine));
    expect(read.thrown).toBeUndefined();
    expect(textOf(read.parts)).toBe(`${ids[0]}\n`);
  });

  it('a huge declared length (strings, bytes, frames) is CORRUPT, never an allocation', async () => {
    const huge = [
      Buffer.from('\x80\x04\x8d\x00\x00\x00\x00\x00\x00\x00\x10abc.', 'latin1'),
      Buffer.from('\x80\x03X\xff\xff\xff\xffabc.', 'latin1'),
      Buffer.from('\x80\x05\x96\xff\xff\xff\xff\xff\xff\xff\x7fabc.', 'latin1'),
      Buffer.from('\x80\x04\x95\x00\x00\x00\x00\x00\x01\x00\x00N.', 'latin1'),
      Buffer.from('\x80\x02\x8b\xff\xff\xff\x7f\x01.', 'latin1'),
    ];
    for (const data of huge) expect((await readAll(bufferSource('huge.pkl', data))).thrown).toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(/past its end/) });
  });

  it('more values than MAX_VALUES, and a container referred to again and again, are LIMIT_EXCEEDED', async () => {
    const many = Buffer.concat([Buffer.from('\x80\x02](', 'latin1'), Buffer.alloc(MAX_VALUES + 1, 'N'), Buffer.from('e.')]);
    expect((await readAll(bufferSource('many.pkl', many))).thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('MAX_VALUES') });
    // A list of 200 strings, a list of 200 references to it, and so on 4 times: 1.6e9 values as a table, from 2 KB.
    let laughs = '\x80\x02](';
    for (let i = 0; i < 200; i++) laughs += `X\x05\x00\x00\x00lol${String(i).padStart(2, '0')}`.slice(0, 10);
    laughs += 'eq\x00';
    for (let level = 1; level <= 4; level++) laughs += `](${'h'.concat(String.fromCharCode(level - 1)).repeat(200)}eq${String.fromCharCode(level)}`;
    laughs += '.';
    const started = Date.now();
    expect((await readAll(bufferSource('laughs.pkl', Buffer.from(laughs, 'latin1')))).thrown).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('MAX_WORK') });
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('the interpreter', () => {
  it('protocol 0 text: STRING escapes (Python 2 str, UTF-8), UNICODE raw-unicode-escape, INT, LONG, FLOAT, memo by PUT and GET', () => {
    const data = Buffer.from(`(lp0\nS'\\xe5\\xbc\\xa0\\xe4\\xbc\\x9f'\np1\naV\\u738b\\u82b3\\u000a\np2\naI13812345678\naL440914195707232174L\naF1.5\nag1\na.`, 'latin1');
    expect(unpickle(data)).toEqual({ values: [['张伟', '王芳\n', 13812345678, 440914195707232174n, 1.5, '张伟']], error: undefined });
    expect(Buffer.from(escapeDecode(Buffer.from("a\\'b\\n\\101\\\\", 'latin1'))).toString('latin1')).toBe("a'b\nA\\");
    expect(rawUnicodeEscape(Buffer.from('\\u005c\\\\u0041\xe9', 'latin1'))).toBe('\\\\\\u0041é');
  });

  it('LONG1 and LONG4 as integers of every size; an out-of-band buffer is a placeholder; a persistent id its text', () => {
    const data = Buffer.from('\x80\x05](\x8a\x05\xae\x77\x3d\xcc\x62\x8a\x01\xff\x8b\x02\x00\x00\x00\x00\x80\x97P440914195707232174\ne.', 'latin1');
    const { values, error } = unpickle(data);
    expect(error).toBeUndefined();
    const [list] = values as unknown[][];
    expect(list.slice(0, 3)).toEqual([424333375406, -1, -32768]);
    expect(list[3]).toMatchObject({ module: 'pickle', name: 'out-of-band buffer' });
    expect(list[4]).toMatchObject({ args: ['440914195707232174'] });
  });
});
