/**
 * Realistic exports of a closing company, built from synthetic identifiers (correct checksums,
 * never real people) and the file builders: the demo's sample folder, the end-to-end test's
 * fixture, and the benchmark's row and log-line generators.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectLevel } from '../lambdas/engine/types.js';
import {
  bankCard,
  chineseName,
  email,
  hkMacauPermit,
  ipv4,
  landline,
  lookalikes,
  mobile,
  passport,
  residentId,
  uscc,
} from './identifiers.js';
import {
  csvText,
  docxBuffer,
  encodeGbk,
  greyPng,
  gzipBuffer,
  pdfBuffer,
  utf8Bom,
  xlsxBuffer,
  zipBuffer,
} from './files.js';
import { Rng } from './random.js';

/** One generated file, with the level a correct scan gives it. */
export interface SampleFile {
  /** Path relative to the export folder. */
  readonly name: string;
  readonly data: Buffer | string;
  readonly expected: ObjectLevel;
  /** What the file is, for the demo's listing. */
  readonly about: string;
}

const CITIES = ['北京市朝阳区', '上海市浦东新区', '广州市天河区', '深圳市南山区', '杭州市西湖区', '成都市武侯区'];
const BANKS = ['中国工商银行', '中国建设银行', '招商银行', '中国银行', '交通银行'];
const PRODUCTS = ['智能音箱', '空气净化器', '蓝牙耳机', '电动牙刷', '保温杯', '扫地机器人'];

/** Header of the customer export (客户名单). */
export const CUSTOMER_HEADER = ['客户编号', '姓名', '身份证号', '手机号', '开户银行', '银行卡号', '电子邮箱', '注册IP', '最近订单号', '下单时间戳', '商品条码', '备注'];

/** One customer row: identifiers plus the look-alikes that sit beside them in real exports. */
export function customerRow(rng: Rng, index: number): string[] {
  return [
    `C${String(index).padStart(8, '0')}`,
    chineseName(rng),
    residentId(rng),
    mobile(rng, { form: rng.pick(['plain', 'plain', 'spaced', 'dashed'] as const) }),
    rng.pick(BANKS),
    bankCard(rng, { network: 'unionpay', grouping: rng.pick(['plain', 'spaced'] as const) }),
    email(rng),
    ipv4(rng),
    lookalikes.orderNumber(rng),
    lookalikes.timestampMs(rng),
    lookalikes.ean13(rng),
    rng.pick(['', 'VIP客户', '已注销账户', `价格 ${rng.int(10, 999)}.${rng.digits(2)} 元`, lookalikes.sku(rng)]),
  ];
}

/** One line of a Chinese customer-service log: mostly operational text, sometimes personal data. */
export function serviceLogLine(rng: Rng, at: Date): string {
  const time = at.toISOString().replace('T', ' ').replace('Z', '');
  const session = rng.int(10_000, 99_999);
  switch (rng.int(0, 9)) {
    case 0:
      return `${time} INFO [客服] 会话#${session} 客户来电咨询订单 ${lookalikes.orderNumber(rng)} 物流状态，回拨号码 ${mobile(rng, { form: 'spaced' })}，已登记。`;
    case 1:
      return `${time} WARN [风控] 会话#${session} 登录失败 ${rng.int(2, 5)} 次，来源 IP ${ipv4(rng)}，设备 ${lookalikes.sku(rng)}，客户端 ${lookalikes.version(rng)}`;
    case 2:
      return `${time} INFO [售后] 会话#${session} 退款已提交，退款单号 ${lookalikes.orderNumber(rng)}，金额 ${rng.int(10, 5000)}.${rng.digits(2)} 元，联系邮箱 ${email(rng)}`;
    case 3:
      return `${time} INFO [物流] 会话#${session} 包裹 ${lookalikes.orderNumber(rng)} 已签收，签收时间 ${lookalikes.timestampMs(rng)}，商品条码 ${lookalikes.ean13(rng)}`;
    case 4:
      return `${time} INFO [客服] 会话#${session} 客户要求转人工，排队 ${rng.int(1, 40)} 人，热线 ${lookalikes.hotline(rng)}`;
    case 5:
      return `${time} DEBUG [系统] 会话#${session} 缓存命中率 ${rng.int(50, 99)}.${rng.digits(1)}%，耗时 ${rng.int(1, 900)}ms，版本 ${lookalikes.version(rng)}`;
    case 6:
      return `${time} INFO [客服] 会话#${session} 已脱敏回显手机号 ${lookalikes.maskedMobile(rng)}，身份证 ${lookalikes.maskedResidentId(rng)}`;
    case 7:
      return `${time} INFO [门店] 会话#${session} ${rng.pick(CITIES)}门店座机 ${landline(rng, { form: 'dashed' })} 预约上门安装${rng.pick(PRODUCTS)}`;
    default:
      return `${time} INFO [订单] 会话#${session} 用户下单 ${rng.pick(PRODUCTS)} x${rng.int(1, 3)}，SKU ${lookalikes.sku(rng)}，订单 ${lookalikes.orderNumber(rng)}`;
  }
}

function orderJson(rng: Rng, i: number): string {
  return JSON.stringify({
    orderId: lookalikes.orderNumber(rng),
    createdAtMs: Number(lookalikes.timestampMs(rng)),
    sku: lookalikes.sku(rng),
    barcode: lookalikes.ean13(rng),
    item: rng.pick(PRODUCTS),
    quantity: rng.int(1, 4),
    receiver: { phone: mobile(rng, { form: rng.pick(['plain', '+86', 'dashed'] as const) }), city: rng.pick(CITIES) },
    appVersion: lookalikes.version(rng),
    seq: i,
  });
}

function productRow(rng: Rng, i: number): string[] {
  return [
    lookalikes.sku(rng),
    lookalikes.ean13(rng),
    rng.pick(PRODUCTS),
    `${rng.int(10, 3000)}.${rng.digits(2)}`,
    lookalikes.version(rng),
    uscc(rng),
    lookalikes.timestampMs(rng),
    String(i),
  ];
}

/** Deterministic pseudo-random bytes (not personal, not text). */
function randomBytes(rng: Rng, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(0, 255);
  return out;
}

/** The sample exports of a closing company. Same seed, same bytes. */
export async function closingCompanyExports(seed = 2026): Promise<SampleFile[]> {
  const rng = new Rng(seed);
  const customers = Array.from({ length: 200 }, (_, i) => customerRow(rng, i + 1));
  const start = Date.UTC(2024, 10, 1);
  const logLines = Array.from({ length: 2000 }, (_, i) => serviceLogLine(rng, new Date(start + i * 37_000)));
  const contractor = { name: chineseName(rng), phone: mobile(rng), passport: passport(rng), permit: hkMacauPermit(rng) };
  const corrupt = (await zipBuffer([{ name: 'ledger.csv', data: csvText([['a', 'b'], ['1', '2']]) }])).subarray(0, 60);

  return [
    {
      name: '客户名单_GBK.csv',
      data: encodeGbk(csvText([CUSTOMER_HEADER, ...customers])),
      expected: 'confidential',
      about: 'customer list, GBK CSV as Excel on Chinese Windows writes it',
    },
    {
      name: 'crm/contacts.xlsx',
      data: await xlsxBuffer([
        {
          name: '联系人',
          rows: [
            ['姓名', '手机号', '邮箱', '城市'],
            ...Array.from({ length: 50 }, () => [chineseName(rng), Number(mobile(rng)), email(rng), rng.pick(CITIES)]),
          ],
        },
        { name: '说明', rows: [['导出时间', '2024-11-27'], ['版本', lookalikes.version(rng)]] },
      ]),
      expected: 'sensitive',
      about: 'CRM contacts, XLSX with phones typed as numbers',
    },
    {
      name: 'orders/orders-2024.jsonl',
      data: Array.from({ length: 300 }, (_, i) => orderJson(rng, i)).join('\n') + '\n',
      expected: 'sensitive',
      about: 'order export, JSON Lines: receivers\' phones among order numbers, timestamps, SKUs, barcodes',
    },
    {
      name: 'contracts/外包服务合同.docx',
      data: await docxBuffer([
        '外包服务合同',
        `甲方：某某科技有限公司，统一社会信用代码 ${uscc(rng)}`,
        `乙方联系人：${contractor.name}，联系电话 ${contractor.phone}`,
        `乙方护照号码：${contractor.passport}`,
        `港澳通行证：${contractor.permit}`,
        `合同编号 ${lookalikes.orderNumber(rng)}，签订日期 2023-03-01。`,
      ]),
      expected: 'confidential',
      about: 'contract, DOCX with a passport and an HK/Macau permit next to their labels',
    },
    {
      name: 'logs/service-2024-11.log.gz',
      data: gzipBuffer(logLines.join('\n') + '\n'),
      expected: 'sensitive',
      about: 'customer-service log, gzip: phones, IPs, emails and many look-alikes',
    },
    {
      name: 'archive/2023-finance.zip',
      data: await zipBuffer([
        {
          name: 'refunds.csv',
          data: utf8Bom(
            csvText([
              ['退款单号', '户名', '银行卡号', '金额'],
              ...Array.from({ length: 40 }, () => [lookalikes.orderNumber(rng), chineseName(rng), bankCard(rng, { grouping: 'spaced' }), `${rng.int(1, 900)}.00`]),
            ]),
          ),
        },
        {
          name: 'attachments.zip',
          data: await zipBuffer([{ name: 'kyc/实名核验.txt', data: `客户身份证号：${residentId(rng)}\n核验结果：通过\n` }]),
        },
        { name: 'readme.txt', data: '2023 年度财务归档。\n' },
      ]),
      expected: 'confidential',
      about: 'finance archive, zip with a BOM CSV of bank cards and a nested zip',
    },
    {
      name: 'catalog/products.csv',
      data: csvText([['SKU', '条码', '品名', '价格', '固件版本', '供应商信用代码', '上架时间戳', '序号'], ...Array.from({ length: 300 }, (_, i) => productRow(rng, i))]),
      expected: 'public',
      about: 'product catalog: SKUs, EAN-13 barcodes, versions, timestamps, suppliers\' USCCs (no personal data)',
    },
    {
      name: 'invoices/invoice-0042.pdf',
      data: await pdfBuffer([
        ['INVOICE 0042', `Seller USCC: ${uscc(rng)}`, `Billing contact: ${email(rng)}`, `Order: ${lookalikes.orderNumber(rng)}`],
        ['Page 2: terms and conditions', `Barcode ${lookalikes.ean13(rng)}`],
      ]),
      expected: 'sensitive',
      about: 'invoice, PDF with a billing email',
    },
    {
      name: 'misc/telemetry.bin',
      data: randomBytes(rng, 64 * 1024),
      expected: 'failed',
      about: 'random binary (compressed or encrypted, of no known format): nothing in it can be read, OPAQUE, never public',
    },
    {
      name: 'kyc/身份证正面.png',
      data: greyPng(640, 400),
      expected: 'failed',
      about: 'photo of an ID card: an image, NO_TEXT (no OCR), never public',
    },
    {
      name: 'logs/realname-api.log',
      data: realnameLog(rng),
      expected: 'failed',
      about: 'API log of real-name checks whose request bodies carry ID card photos in base64: read as members, NO_TEXT, never public',
    },
    { name: 'misc/backup-broken.zip', data: corrupt, expected: 'failed', about: 'truncated zip: reported as failed, never public' },
  ];
}

/**
 * A web service's log of real-name checks: each request body carries the two sides of an ID card
 * as base64 photos (as a mobile app uploads them), and nothing else personal.
 */
function realnameLog(rng: Rng): string {
  const front = greyPng(640, 400).toString('base64');
  const back = greyPng(640, 404).toString('base64');
  const lines = Array.from({ length: 3 }, (_, i) => {
    const at = new Date(Date.UTC(2023, 5, 1, 9, i * 7, rng.int(0, 59))).toISOString();
    return `${at} INFO  [realname] POST /api/v1/realname/verify request=${JSON.stringify({ requestId: `req-${1000 + i}`, front, back })}\n${at} INFO  [realname] verify result=PASS requestId=req-${1000 + i}`;
  });
  return `${lines.join('\n')}\n`;
}

/** Writes the sample exports under `dir`; returns them. */
export async function writeExports(dir: string, seed?: number): Promise<SampleFile[]> {
  const files = await closingCompanyExports(seed);
  for (const file of files) {
    const path = join(dir, file.name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, file.data);
  }
  return files;
}
