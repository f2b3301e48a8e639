/**
 * End to end, as a new user would try it: `shredlock scan` over a cross-border customer list, a
 * delivery export and free-text service notes, all generated here from the synthetic generators.
 * Each file holds values of the new types among look-alikes (order numbers, timestamps, SKUs,
 * versions, MAC addresses, product codes); the report must count exactly the generated values,
 * type by type, and the levels must follow the seed policy and a `--policy` that changes it.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTwIdValid } from '../../../lambdas/engine/checksums/twid.js';
import { DEFAULT_POLICY } from '../../../lambdas/engine/classification.js';
import type { ScanReport } from '../../../lambdas/engine/report.js';
import { PII_TYPES, type PiiType } from '../../../lambdas/engine/types.js';
import { csvText } from '../../../synthetic/files.js';
import {
  address,
  bankAccount,
  chineseName,
  dateString,
  geoCoordinates,
  hkId,
  licensePlate,
  lookalikes,
  moId,
  permanentResidenceId,
  qq,
  travelPermitHkMo,
  travelPermitTw,
  twId,
  wechatId,
} from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { runCli } from '../../support/cli.js';

const dir = join('test', '.out', 'cross-border');
const ROWS = 20;
const rng = new Rng('cross-border');

/** A MAC address, a version string, a clock time: shapes the IPv6, coordinates and date detectors must leave alone. */
const mac = (r: Rng): string => Array.from({ length: 6 }, () => r.int(16, 255).toString(16)).join(':');
// (A four-part version with small numbers is an IPv4 address by shape: left to the ipv4 detector's own rules.)
const version = (r: Rng): string => `${r.int(1, 20)}.${r.int(0, 9)}.${r.int(1000, 30000)}`;
/** A product code with a valid Taiwan checksum (a letter and nine digits): only a label makes it an ID. */
const productCode = (r: Rng): string => {
  for (;;) {
    const code = `${r.pick('ABCDEFGH')}${r.pick('12')}${r.digits(8)}`;
    if (isTwIdValid(code)) return code;
  }
};

function customers(): string {
  const header = ['客户编号', '姓名', '香港身份证', '澳门身份证', '台湾身分證', '回乡证号', '台胞证号', '永久居留身份证', '微信', 'QQ', '对公账户', '产品编码', '最近订单号', '下单时间戳', 'SKU'];
  const rows = Array.from({ length: ROWS }, (_, i) => [
    `C${String(i + 1).padStart(8, '0')}`,
    chineseName(rng),
    hkId(rng, { printed: i % 2 === 0 }),
    moId(rng, { printed: i % 2 === 1 }),
    twId(rng, { resident: i % 5 === 0 }),
    travelPermitHkMo(rng, { old: i % 4 === 0 }),
    travelPermitTw(rng),
    permanentResidenceId(rng),
    wechatId(rng, { chosen: i % 2 === 0 }),
    qq(rng),
    bankAccount(rng),
    productCode(rng),
    lookalikes.orderNumber(rng),
    lookalikes.timestampMs(rng),
    lookalikes.sku(rng),
  ]);
  return csvText([header, ...rows]);
}

function delivery(): string {
  const header = ['订单号', '收货地址', '车牌号', '出生日期', '下单日期', '纬度', '经度', '设备MAC', '固件版本', '商品条码'];
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const [lat, lon] = geoCoordinates(rng).split(/, ?/);
    return [
      lookalikes.orderNumber(rng),
      address(rng, { from: i % 2 === 0 ? 'complete' : 'city' }),
      licensePlate(rng, { newEnergy: i % 3 === 0, dot: i % 4 === 0 }),
      dateString(rng, { form: (['dashed', 'slashed', 'chinese', 'compact'] as const)[i % 4] }),
      dateString(rng, { years: [2023, 2025] }),
      lat,
      lon,
      mac(rng),
      version(rng),
      lookalikes.ean13(rng),
    ];
  });
  return csvText([header, ...rows]);
}

/** Free-text notes: one labelled value of each kind per line, then look-alikes without labels. */
function notes(): string {
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    lines.push(
      `${i + 1}. 客户持香港身份证 ${hkId(rng)}，要求改寄到${address(rng)}，微信：${wechatId(rng, { chosen: true })}，` +
        `QQ：${qq(rng)}，出生日期：${dateString(rng, { form: 'chinese' })}，车牌：${licensePlate(rng)}。` +
        `工单 ${lookalikes.orderNumber(rng)}，下单 ${dateString(rng, { years: [2023, 2025] })} 12:30:45，` +
        `设备 ${mac(rng)}，客户端 version ${version(rng)}，${lookalikes.sku(rng)}，产品 ${productCode(rng)}。`,
    );
  }
  return lines.join('\n') + '\n';
}

let report: ScanReport;
const countsOf = (key: string): Partial<Record<PiiType, number>> => report.objects.find((o) => o.key === key)!.counts;
const levelOf = (r: ScanReport, key: string): string => r.objects.find((o) => o.key === key)!.sensitivity;

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'customers.csv'), customers());
  await writeFile(join(dir, 'delivery.csv'), delivery());
  await writeFile(join(dir, 'notes.txt'), notes());
  const run = await runCli(['scan', dir, '--format', 'json', '--no-progress', '--max-findings', '0']);
  expect(run.code).toBe(0);
  report = JSON.parse(run.out) as ScanReport;
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a cross-border customer list, a delivery export and service notes', () => {
  it('finds every value of the customer list, type by type, and nothing from the look-alike columns', () => {
    expect(countsOf('customers.csv')).toEqual({
      cn_name: ROWS,
      hk_id: ROWS,
      mo_id: ROWS,
      tw_id: ROWS,
      cn_travel_permit_hk_mo: ROWS,
      cn_travel_permit_tw: ROWS,
      cn_resident_id: ROWS,
      wechat_id: ROWS, // wxid_ ids, and chosen ids as whole cells under the 微信 column header
      qq: ROWS,
      bank_account: ROWS,
    });
  });

  it('finds the address, plate, birth date and coordinates of each delivery, not the order date, MAC, version or barcode', () => {
    expect(countsOf('delivery.csv')).toEqual({ cn_address: ROWS, cn_license_plate: ROWS, date_of_birth: ROWS, geo_coordinates: ROWS });
  });

  it('finds the labelled values in free text and none of the look-alikes around them', () => {
    expect(countsOf('notes.txt')).toEqual({
      hk_id: ROWS,
      cn_address: ROWS,
      wechat_id: ROWS,
      qq: ROWS,
      date_of_birth: ROWS,
      cn_license_plate: ROWS,
    });
  });

  it('classifies by the seed policy: identity documents, accounts and whereabouts are confidential', () => {
    expect(levelOf(report, 'customers.csv')).toBe('confidential');
    expect(levelOf(report, 'delivery.csv')).toBe('confidential'); // coordinates: whereabouts
    expect(levelOf(report, 'notes.txt')).toBe('confidential'); // a Hong Kong ID
    expect(report.summary.byCategory).toMatchObject({ specific_identity: ROWS * 7, financial_account: ROWS, whereabouts: ROWS });
  });

  it('follows a --policy that changes the levels', async () => {
    const policy = join(dir, 'policy.json');
    await writeFile(policy, JSON.stringify({ confidential: ['hk_id'], sensitive: ['geo_coordinates', 'cn_address'] }));
    const run = await runCli(['scan', dir, '--format', 'json', '--no-progress', '--policy', policy]);
    const changed = JSON.parse(run.out) as ScanReport;
    expect(levelOf(changed, 'customers.csv')).toBe('confidential');
    expect(levelOf(changed, 'delivery.csv')).toBe('sensitive');
    expect(levelOf(changed, 'notes.txt')).toBe('confidential');
    // The types it leaves out keep the seed policy's level, and are named.
    expect(run.err).toContain(`--policy ${policy} does not list cn_resident_id (confidential), cn_mobile (sensitive),`);
    expect(run.err).toContain(`device_id (sensitive), health_insurance_id (confidential): each keeps the seed policy's level; list a type under "public" to make it public`);
    expect(run.err).not.toContain('cn_uscc');
    await rm(policy);
  });

  it('leaves an object public only for types a --policy lists as public, not for types it leaves out', async () => {
    const policy = join(dir, 'policy.json');
    // Written as if before the engine knew plates: every other type is public under it.
    await writeFile(policy, JSON.stringify({ confidential: [], sensitive: [], public: PII_TYPES.filter((type) => type !== 'cn_license_plate') }));
    const run = await runCli(['scan', dir, '--format', 'json', '--no-progress', '--policy', policy]);
    const changed = JSON.parse(run.out) as ScanReport;
    expect(levelOf(changed, 'customers.csv')).toBe('public');
    expect(levelOf(changed, 'delivery.csv')).toBe('sensitive'); // its plates, at the seed level
    expect(run.err).toContain(`does not list cn_license_plate (sensitive): each keeps`);
    await rm(policy);
  });

  it('says nothing of a --policy that lists every type', async () => {
    const policy = join(dir, 'policy.json');
    await writeFile(policy, JSON.stringify({ ...DEFAULT_POLICY, sensitive: [...DEFAULT_POLICY.sensitive, 'cn_uscc'], public: [] }));
    const run = await runCli(['scan', dir, '--format', 'json', '--no-progress', '--policy', policy]);
    expect(run.code).toBe(0);
    expect(run.err).not.toContain('note');
    expect(levelOf(JSON.parse(run.out) as ScanReport, 'customers.csv')).toBe('confidential');
    await rm(policy);
  });
});
