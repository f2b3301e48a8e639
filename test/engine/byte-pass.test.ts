// The byte pass (wasm/byte-pass.ts) finds, over a text's UTF-8 bytes, exactly the tries the
// character walk finds over the decoded text: every place and trigger entry whose checks on the
// text pass, in order. Random texts mix what the walk tells apart: ASCII and full-width letters
// and digits, separators, `@` and `.`, trigger punctuation, Han runs with surnames and labels,
// characters beyond the BMP, the ideographic space.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BYTE_PASS_SOURCE_SHA256 } from '../../lambdas/engine/byte-pass/wasm.generated.js';
import { bytePass } from '../../lambdas/engine/byte-pass/index.js';
import { DETECTORS } from '../../lambdas/engine/detectors/index.js';
import { planFor, textTries } from '../../lambdas/engine/dispatch.js';
import { normalize } from '../../lambdas/engine/normalize.js';
import { CUSTOMER_HEADER, customerRow, serviceLogLine } from '../../synthetic/exports.js';
import { Rng } from '../../synthetic/random.js';

const plan = planFor(DETECTORS);

const PIECES = [
  () => '0', () => '1', () => '9', () => 'a', () => 'Z', () => 'x', () => '@', () => '.', () => '-', () => ' ', () => '+', () => '(',
  () => ')', () => ',', () => ':', () => '\n', () => '\t', () => '_', () => '/',
  () => '０', () => '１', () => '９', () => 'ａ', () => 'Ｚ', () => '＠', () => '．', () => '－', () => '（', () => '＋', () => '，', () => '：', () => '\u3000',
  () => '张', () => '王', () => '李', () => '欧阳', () => '姓名', () => '电话', () => '手机', () => '身份证', () => '地址', () => '北京市朝阳区', () => '路', () => '号',
  () => '京A', () => '粤B', () => '银行', () => '账号', () => '护照', () => '港澳', () => '台湾', () => '出生', () => '经纬度',
  () => '😀', () => '𠮷', () => 'é', () => '—', () => '\u00a0',
];

function randomText(rng: Rng, length: number): string {
  let text = '';
  while (text.length < length) {
    const r = rng.next();
    if (r < 0.25) text += String(rng.int(0, 10 ** rng.int(1, 9))).padStart(rng.int(1, 20), String(rng.int(0, 9)));
    else if (r < 0.3) text += `${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(0, 999)}.${rng.int(0, 255)}`;
    else if (r < 0.35) text += `user${rng.int(0, 99)}@mail${rng.int(0, 9)}.com`;
    else text += PIECES[rng.int(0, PIECES.length - 1)]();
  }
  return text;
}

/** The byte pass's tries over `text` (as the matcher hands it: raw bytes, normalized text). */
function byteTries(text: string, from = 0) {
  const bytes = Buffer.from(text, 'utf8');
  const normalized = normalize(text);
  const fromByte = Buffer.byteLength(text.slice(0, from), 'utf8');
  const before = from === 0 ? -1 : normalized.charCodeAt(from - 1);
  const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const found = bytePass()!.walk(plan, plan.full, bytes, fromByte, from, before, from > 0 && isAlnum(before), text.length);
  expect(found).toBeDefined();
  const out: [number, unknown, number][] = [];
  for (let x = 0; x < found!.tries.length; x += 3) out.push([found!.tries[x], found!.entries[found!.tries[x + 1]], found!.tries[x + 2]]);
  return out;
}

describe('the compiled byte pass', () => {
  it('was built from wasm/byte-pass.ts as it is now (npm run build:wasm)', async () => {
    const source = await readFile('wasm/byte-pass.ts', 'utf8');
    expect(BYTE_PASS_SOURCE_SHA256).toBe(createHash('sha256').update(source).digest('hex'));
  });
});

describe('the byte pass', () => {
  it('finds the character walk\'s tries in random texts', () => {
    const rng = new Rng('byte-pass');
    for (let n = 0; n < 400; n++) {
      const text = randomText(rng, rng.int(1, 400));
      expect(byteTries(text), text).toEqual(textTries(normalize(text), plan));
    }
  });

  it('finds them from an offset, after a run that began before it', () => {
    const rng = new Rng('byte-pass-from');
    for (let n = 0; n < 200; n++) {
      const text = randomText(rng, rng.int(2, 200));
      const from = text.charCodeAt(0) >= 0xd800 && text.charCodeAt(0) <= 0xdbff ? 2 : 1;
      if (from >= text.length) continue;
      expect(byteTries(text, from), text).toEqual(textTries(normalize(text), plan, from));
    }
  });

  it('finds them in customer exports and service logs', () => {
    const rng = new Rng('byte-pass-data');
    const csv = [CUSTOMER_HEADER.join(','), ...Array.from({ length: 300 }, (_, i) => customerRow(rng, i).join(','))].join('\n');
    const log = Array.from({ length: 300 }, (_, i) => serviceLogLine(rng, new Date(Date.UTC(2026, 0, 1, 0, 0, i)))).join('\n');
    for (const text of [csv, log]) {
      const tries = textTries(normalize(text), plan);
      expect(tries.length).toBeGreaterThan(1000);
      expect(byteTries(text)).toEqual(tries);
    }
  });
});

describe('a scan with the byte pass', () => {
  it('reports what a scan walking the text reports, finding by finding', async () => {
    const { scanSource } = await import('../../lambdas/engine/scan.js');
    const rng = new Rng('byte-pass-scan');
    const csv = [CUSTOMER_HEADER.join(','), ...Array.from({ length: 2000 }, (_, i) => customerRow(rng, i).join(','))].join('\n');
    const log = Array.from({ length: 2000 }, (_, i) => serviceLogLine(rng, new Date(Date.UTC(2026, 0, 1, 0, 0, i)))).join('\n');
    for (const [name, text] of [['customers.csv', csv], ['service.log', log]]) {
      const source = () => ({ name, size: Buffer.byteLength(text), open: async function* () { yield Buffer.from(text); } });
      const withBytes = await scanSource(source(), name, { maxFindings: 0, reveal: true, bytePass: true });
      const walking = await scanSource(source(), name, { maxFindings: 0, reveal: true, bytePass: false });
      expect(withBytes.findings.length).toBeGreaterThan(500);
      expect(withBytes).toEqual(walking);
    }
  });
});
