/**
 * End to end, as a new user would try it: `shredlock scan` over a Hong Kong customer list (headers
 * in Traditional characters, names in Chinese and in English) and a letter, generated here from
 * the synthetic generators. Before this session's detectors the list came out `sensitive` (names,
 * phones and addresses only) and the letter `public`; every value must now be counted, type by type.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../../lambdas/engine/report.js';
import { csvText } from '../../../synthetic/files.js';
import { address, bankAccount, chineseName, dateString, englishAddress, hkId, hkMoTwPhone, licensePlate, lookalikes, romanizedName } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { runCli } from '../../support/cli.js';

const dir = join('test', '.out', 'hong-kong-list');
const ROWS = 20;
const rng = new Rng('hong-kong-list');

function customers(): string {
  const header = ['客戶編號', '姓名', '英文姓名', '身份證號碼', '手機', '地址', 'Correspondence Address', '車牌號碼', '出生日期', '銀行戶口', '訂單編號', '備註'];
  const rows = Array.from({ length: ROWS }, (_, i) => [
    `HK${String(i + 1).padStart(6, '0')}`,
    chineseName(rng, { traditional: true }),
    romanizedName(rng),
    hkId(rng, { printed: i % 2 === 0 }),
    hkMoTwPhone(rng, { form: 'local' }),
    address(rng, { region: 'hongkong' }),
    englishAddress(rng, { region: i % 4 === 0 ? 'macau' : 'hongkong' }),
    licensePlate(rng, { region: 'hongkong' }),
    dateString(rng, { form: 'day-first' }),
    bankAccount(rng, { hongKong: true }),
    lookalikes.orderNumber(rng),
    '無',
  ]);
  return csvText([header, ...rows]);
}

/**
 * A letter: a name before its honorific, a Taiwan plate, a Hong Kong passport, a phone and an
 * address in English, each after its label.
 */
function letter(): string {
  return (
    `尊敬的${chineseName(rng, { traditional: true })}先生：\n` +
    `閣下的車牌：${licensePlate(rng, { region: 'taiwan' })}，護照號碼：K${rng.digits(8)}，聯絡電話：${hkMoTwPhone(rng, { form: 'local' })}。\n` +
    `Address: Flat ${rng.int(1, 40)}, ${rng.int(1, 60)}/F, ${rng.int(1, 800)} Nathan Road, Kowloon\n` +
    `訂單 ${lookalikes.orderNumber(rng)} 已於 ${dateString(rng, { years: [2023, 2025] })} 寄出。\n`
  );
}

let report: ScanReport;
const objectOf = (key: string) => report.objects.find((o) => o.key === key)!;

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'customers-hk.csv'), customers());
  await writeFile(join(dir, 'letter.txt'), letter());
  const run = await runCli(['scan', dir, '--format', 'json', '--no-progress', '--max-findings', '0']);
  expect(run.code).toBe(0);
  report = JSON.parse(run.out) as ScanReport;
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a Hong Kong customer list and a letter', () => {
  it('counts every value of the list, type by type, and nothing from the order numbers', () => {
    expect(objectOf('customers-hk.csv').counts).toEqual({
      cn_name: 2 * ROWS, // the name in Chinese characters and in English
      hk_id: ROWS,
      hk_mo_tw_phone: ROWS,
      cn_address: 2 * ROWS, // the address in Chinese characters and in English
      cn_license_plate: ROWS,
      date_of_birth: ROWS,
      bank_account: ROWS,
    });
    expect(objectOf('customers-hk.csv').sensitivity).toBe('confidential');
  });

  it('finds the letter confidential: the name, plate, passport, phone and address, not the order or its date', () => {
    expect(objectOf('letter.txt').counts).toEqual({ cn_name: 1, cn_license_plate: 1, cn_passport: 1, hk_mo_tw_phone: 1, cn_address: 1 });
    expect(objectOf('letter.txt').sensitivity).toBe('confidential');
  });
});
