/** Generated texts for the dispatch differential test: values of every form among awkward neighbours. */
import { customerRow, serviceLogLine } from '../../synthetic/exports.js';
import { csvText } from '../../synthetic/files.js';
import {
  CONTEXT_LABELS,
  LANDLINE_FORMS,
  MOBILE_FORMS,
  bankAccount,
  bankCard,
  DATE_FORMS,
  address,
  chineseName,
  dottedName,
  spacedDigits,
  dateString,
  ENGLISH_ADDRESS_REGIONS,
  englishAddress,
  email,
  generatorsByType,
  HK_MO_TW_PHONE_FORMS,
  hkId,
  hkMoTwPhone,
  hkMacauPermit,
  ipv4,
  ipv6,
  landline,
  legacyResidentId,
  licensePlate,
  lookalikes,
  moId,
  mobile,
  passport,
  PLATE_REGIONS,
  residentId,
  romanizedName,
  travelPermitHkMo,
  travelPermitTw,
  twId,
  uscc,
  wechatId,
} from '../../synthetic/identifiers.js';
import { Rng } from '../../synthetic/random.js';
import { PII_TYPES } from '../../lambdas/engine/types.js';

type Gen = (rng: Rng) => string;

/** `value` with a separator or two at random places (`1381234 5678`, `11010519900101-1234`). */
function regroup(value: string, rng: Rng): string {
  let out = value;
  for (let n = rng.int(1, 2); n > 0; n--) {
    const at = rng.int(1, out.length - 1);
    out = out.slice(0, at) + rng.pick([' ', '-', '\u2014']) + out.slice(at);
  }
  return out;
}

const VALUES: readonly Gen[] = [
  ...PII_TYPES.map((t) => generatorsByType[t]),
  ...MOBILE_FORMS.map((form): Gen => (rng) => mobile(rng, { form })),
  ...LANDLINE_FORMS.map((form): Gen => (rng) => landline(rng, { form })),
  (rng) => bankCard(rng, { network: rng.pick(['unionpay', 'visa'] as const), grouping: rng.pick(['plain', 'spaced', 'dashed'] as const), length: rng.pick([16, 19] as const) }),
  (rng) => bankCard(rng, { network: 'mastercard', grouping: rng.pick(['plain', 'spaced', 'dashed'] as const) }),
  (rng) => passport(rng, { kind: rng.pick(['e-digits', 'e-letter', 'g-digits'] as const) }),
  (rng) => hkMacauPermit(rng, { kind: rng.pick(['c-digits', 'c-letter', 'w-digits'] as const) }),
  (rng) => residentId(rng),
  (rng) => legacyResidentId(rng),
  (rng) => `${residentId(rng).slice(0, 6)} ${residentId(rng).slice(6, 14)} ${residentId(rng).slice(14)}`,
  (rng) => residentId(rng).toLowerCase(),
  (rng) => regroup(residentId(rng), rng),
  (rng) => residentId(rng).replace(/^(\d{14})/, '$1 '),
  (rng) => mobile(rng).replace(/^(\d{7})/, '$1-'),
  (rng) => regroup(mobile(rng), rng),
  (rng) => regroup(bankCard(rng), rng),
  (rng) => regroup(landline(rng, { form: 'plain' }), rng),
  (rng) => uscc(rng),
  (rng) => email(rng),
  (rng) => ipv4(rng),
  (rng) => chineseName(rng),
  (rng) => rng.pick(['DE', 'SE', 'PE', 'D', 'P', 'S']) + rng.digits(rng.int(6, 9)),
  ...Object.values(lookalikes).map((g): Gen => (rng) => g(rng)),
  (rng) => rng.digits(rng.int(1, 24)),
  (rng) => `${rng.int(1, 9)}${rng.digits(rng.int(2, 5))}`,
  (rng) => `${rng.int(0, 300)}.${rng.int(0, 300)}.${rng.int(0, 300)}.${rng.int(0, 300)}`,
  (rng) => hkId(rng, { printed: rng.chance(0.5) }),
  (rng) => moId(rng, { printed: rng.chance(0.5) }),
  (rng) => `${rng.pick('157')}/${rng.digits(6)}/${rng.digits(1)}`,
  (rng) => twId(rng, { resident: rng.chance(0.5) }),
  (rng) => travelPermitHkMo(rng, { old: rng.chance(0.5) }),
  (rng) => travelPermitTw(rng, { old: rng.chance(0.5) }),
  (rng) => address(rng, { from: rng.pick(['complete', 'city'] as const) }),
  (rng) => address(rng, { from: rng.pick(['complete', 'city'] as const), region: rng.pick(['mainland-traditional', 'taiwan', 'hongkong'] as const) }),
  (rng) => chineseName(rng, { traditional: true }),
  ...HK_MO_TW_PHONE_FORMS.map((form): Gen => (rng) => hkMoTwPhone(rng, { form })),
  (rng) => address(rng, { from: rng.pick(['complete', 'city'] as const), chineseNumber: true }),
  (rng) => licensePlate(rng, { newEnergy: rng.chance(0.5), dot: rng.chance(0.5) }),
  (rng) => licensePlate(rng, { region: rng.pick(PLATE_REGIONS) }),
  (rng) => bankAccount(rng, { hongKong: true }),
  (rng) => dateString(rng, { form: rng.pick(DATE_FORMS), years: [1890, 2030] }),
  (rng) => ipv6(rng, { compressed: rng.chance(0.5) }),
  (rng) => wechatId(rng, { chosen: rng.chance(0.5) }),
  (rng) => `${rng.int(0, 99)}:${rng.digits(2)}:${rng.digits(2)}`,
  (rng) => Array.from({ length: 6 }, () => rng.int(16, 255).toString(16)).join(':'),
  (rng) => `${rng.int(0, 200)}.${rng.digits(rng.int(1, 7))}${rng.pick([',', ' ', ', '])}${rng.int(0, 200)}.${rng.digits(rng.int(1, 7))}`,
  (rng) =>
    address(rng, {
      from: rng.pick(['complete', 'city'] as const),
      region: rng.pick(['mainland', 'mainland-traditional', 'taiwan', 'hongkong'] as const),
      chineseNumber: rng.chance(0.3),
      spaced: rng.pick(['parts', 'digits'] as const),
    }),
];

const GLUE = [
  ' ', ' ', ' ', ',', '\n', '-', '—', '.', ':', '：', '@', '(', ')', '+', '/', '_', '%', 'x', 'A', '7', '0', '1',
  '号', '姓名', '姓名：', '持卡人', '户名户名', '联系人', '电话', '手机', 'Tel', 'PHONE', 'passport', 'Passport No', '护照', '港澳通行证',
  'E-mail', 'ip地址', 'IP Address', 'version ', 'ver. ', 'build ', '版本号:', '身份证', 'ID Card', '卡号', 'Bank', '信用代码', 'USCC',
  '金额', '张三', '欧阳', '王', '中国工商银行', '付款方式', '\u3000', '１２３', '（', '＋', '\t', '  ', '"', '名',
  '先生', '女士', '小姐', '太太', '生', '士', '尊敬的', '客户', '來電', '微信', '微信号：', 'WeChat ', 'QQ', '地址', '寄到', '聯絡地址', '寄往', '發往', '聯絡人', '車牌', '车牌', '生日', '"birthday":"', 'DOB ', '账号', '坐标', '台胞证', '回乡证', '香港身份证', '::', '·',
];

function piece(rng: Rng): string {
  const r = rng.int(0, 9);
  if (r < 4) return rng.pick(VALUES)(rng);
  if (r < 5) return CONTEXT_LABELS[rng.pick(PII_TYPES)] + rng.pick(['', ':', '：', ' ']);
  return rng.pick(GLUE);
}

/** Deterministic texts: random pieces, customer CSV rows and service log lines. */
export function exportsFixtures(): string[] {
  const rng = new Rng('dispatch');
  const texts: string[] = [];
  for (let t = 0; t < 120; t++) {
    let text = '';
    const n = rng.int(5, 120);
    for (let i = 0; i < n; i++) text += piece(rng);
    texts.push(text);
  }
  // Long texts (over dispatch's LIVE_MIN_CHARS), where dead patterns leave the trigger lists.
  for (let t = 0; t < 16; t++) texts.push(Array.from({ length: 12 }, () => rng.pick(texts.slice(0, 120))).join('\n'));
  // Addresses after lead words inside a run of Chinese text, their numbers in digits and in numerals.
  texts.push(['寄到', '改寄到', '地址', '收货地址', '發往', '搬到'].flatMap((lead) => [true, false].map((chineseNumber) => `客户${lead}${address(rng, { chineseNumber, from: rng.pick(['complete', 'city'] as const) })}谢谢`)).join('，'));
  // Taiwan's birth dates after labels, with and without a gap, and as fields.
  texts.push(['出生日期：', '生日', '出生年月日 ', '誕辰', 'DOB '].flatMap((label) => (['roc', 'roc-chinese'] as const).map((form) => `客户${label}${dateString(rng, { form })}`)).join('\n'));
  texts.push(csvText([['出生日期', '備註'], ...Array.from({ length: 6 }, (_, i) => [dateString(rng, { form: i % 2 === 0 ? 'roc' : 'roc-chinese' }), '無'])]));
  // Plates of Hong Kong, Macau and Taiwan and eight-digit phones after their labels, and as fields under their headers.
  texts.push(['車牌：', '车牌号 ', '車牌號碼', 'Plate: '].flatMap((label) => (['hongkong', 'macau', 'taiwan'] as const).map((region) => `${label}${licensePlate(rng, { region })}`)).join('，'));
  texts.push(['聯絡電話：', '手機 ', 'Tel:', '电话'].map((label) => `客户${label}${hkMoTwPhone(rng, { form: 'local' })}`).join('；'));
  texts.push(csvText([['車牌號碼', '備註'], ...(['hongkong', 'macau', 'taiwan'] as const).map((region) => [licensePlate(rng, { region }), '無'])]));
  // Hong Kong and Taiwan passports, HKIDs and day-first birth dates after their labels.
  texts.push(['護照號碼：K', '護照 H', 'Passport No. 3', '护照号码', '身份證號碼 A'].map((label) => `${label}${rng.digits(8)}`).join('，') + `，生日 ${dateString(rng, { form: 'day-first' })}`);
  // Romanized names after name labels and as fields under a name column.
  texts.push(['Name: ', '姓名：', 'English Name ', 'name', '英文姓名'].map((label) => `${label}${romanizedName(rng)}`).join(', '));
  texts.push(csvText([['英文姓名', 'Remark'], ...Array.from({ length: 6 }, () => [romanizedName(rng), 'Chan Tai Man Phone'])]));
  // English addresses after address labels (and after other words), and as fields under an address column.
  texts.push(['Address: ', '地址：', 'Mailing Address ', 'address:', 'Remark: ', 'Address'].flatMap((label) => ENGLISH_ADDRESS_REGIONS.map((region) => `${label}${englishAddress(rng, { region })}`)).join('\n'));
  texts.push(csvText([['Address', 'Remark'], ...ENGLISH_ADDRESS_REGIONS.map((region) => [englishAddress(rng, { region }), 'Flat 5, 10/F, 12 Nathan Road']), ['12-14 Nathan Road, Kowloon', '2024-11-01 Road']]));
  texts.push('Address: 12-14 Nathan Road, Kowloon; address 2024-11-01 Road works; 地址：8-10A Canton Road');
  // Names before honorifics, inside runs of Chinese text and at their start, in both scripts.
  texts.push(['先生', '女士', '小姐', '太太', '先生们', '女士您好'].flatMap((title) => [false, true].map((traditional) => `${rng.pick(['客户', '尊敬的', '', '聯絡人：', '王'])}${chineseName(rng, { traditional })}${title}${rng.pick(['来电', '', '，', '：您好', '13800000000'])}`)).join(''));
  // Records whose keys are labels (JSON, nested or not, XML elements with CDATA and children, a
  // page's markup after a label's colon, PHP arrays, key=value), values of every type beside
  // order numbers: a label's word counts for the value its sign opens, not its neighbours'.
  const keys = ['qq', 'huzhao', 'bankAccount', 'csrq', 'imei', 'xingming', 'QQ号码', 'orderId', 'amount', 'value', 'type'];
  const keyed = () => {
    const key = rng.pick(keys);
    const type = rng.pick(PII_TYPES);
    return [key, rng.int(0, 2) === 0 ? rng.digits(rng.int(5, 11)) : generatorsByType[type](rng)] as const;
  };
  const record = (syntax: number): string => {
    const pairs = Array.from({ length: rng.int(2, 6) }, keyed);
    switch (syntax) {
      case 0:
        return JSON.stringify(Object.fromEntries(pairs));
      case 1:
        return JSON.stringify({ [pairs[0][0]]: { value: pairs[0][1], list: pairs.slice(1).map(([, v]) => v) } });
      case 2:
        return pairs.map(([k, v]) => `<${k}>${rng.int(0, 1) === 0 ? `<![CDATA[${v}]]>` : `<n>${v}</n>`}</${k}>`).join('');
      case 3:
        return pairs.map(([k, v]) => `<dt>${k}：</dt><dd>${v}</dd>`).join('');
      case 4:
        return `array(${pairs.map(([k, v]) => `'${k}' => '${v}'`).join(', ')})`;
      default:
        return pairs.map(([k, v]) => `${k}=${v}`).join(rng.pick(['&', ' ', '，']));
    }
  };
  for (let syntax = 0; syntax < 6; syntax++) texts.push(Array.from({ length: 12 }, () => record(syntax)).join('\n'));
  // Every type once after its label, whatever the random texts happen to hold.
  texts.push(PII_TYPES.map((type) => `${CONTEXT_LABELS[type]}：${generatorsByType[type](rng)}`).join('\n'));
  texts.push(csvText(Array.from({ length: 60 }, (_, i) => customerRow(rng, i))));
  texts.push(Array.from({ length: 120 }, (_, i) => serviceLogLine(rng, new Date(Date.UTC(2024, 0, 1) + i * 1000))).join('\n'));
  // Addresses whose parts stand a space apart, after leads and under an address column, beside
  // Chinese runs a space ends that are no address (a part's ending before a number).
  const spaced = (from: 'complete' | 'city', spacing: 'parts' | 'digits', chineseNumber = false) => address(rng, { from, spaced: spacing, chineseNumber });
  texts.push(['寄到', '改寄到', '地址：', '收货地址 ', '搬到', '', '客户 '].flatMap((lead) => (['parts', 'digits'] as const).flatMap((spacing) => [`${lead}${spaced('complete', spacing)}`, `${lead}${spaced('city', spacing, true)}`])).join('，'));
  texts.push(csvText([['收货地址', '备注'], ...Array.from({ length: 8 }, (_, i) => [spaced(i % 2 === 0 ? 'complete' : 'city', i % 4 < 2 ? 'parts' : 'digits'), '排队 35 人'])]));
  texts.push('上海市 2024 年报，北京 朝阳 12 号线，深圳市 南山区 科技园，文三路 88 号，中山路 第 3 段 5 号，西湖区 12 栋，台北市 大安區 忠孝東路 四段 27 巷 5 弄 7 號 3 樓，香港 九龍 彌敦道 123 號，香港中環皇后大道中 88 號，寄到香港中環德輔道中 8 號 12 樓');
  // Birth dates typed with spaces between Chinese and digits, after labels and as fields.
  const spacedDates = ['chinese-spaced', 'roc-chinese-spaced'] as const;
  texts.push(['出生日期：', '生日', '出生年月日 ', 'DOB ', '誕辰', '生日民國'].flatMap((label) => spacedDates.map((form) => `客户${label}${dateString(rng, { form })}`)).join('\n'));
  texts.push(csvText([['出生日期', '備註'], ...Array.from({ length: 6 }, (_, i) => [dateString(rng, { form: spacedDates[i % 2] }), '無'])]));
  // Names spaced apart (a two-character name padded to three, `王　芳`; `王 小明`) after name
  // labels, as fields under a name column, and apart from both.
  const spacedName = (i: number) => {
    const name = chineseName(rng);
    return name[0] + ['\u3000', ' ', '  ', '   '][i % 4] + name.slice(1);
  };
  texts.push(['姓名：', '姓名', '联系人 ', '聯絡人：', '收货人', '客户', '备注：'].map((label, i) => `${label}${spacedName(i)}，`).join(''));
  texts.push(csvText([['姓名', '备注'], ...Array.from({ length: 8 }, (_, i) => [spacedName(i), spacedName(i + 1)])]));
  // Names of parts a middle dot joins after name labels, under a name column, and apart from both.
  texts.push(['姓名：', '姓名', '联系人 ', '收货人', '客户', '备注：', '版本 '].map((label) => `${label}${dottedName(rng)}，`).join('') + '版本1.2.3，文件名.txt，第一章.第二节');
  texts.push(csvText([['姓名', '备注'], ...Array.from({ length: 8 }, () => [dottedName(rng), dottedName(rng)])]));
  // Addresses' street parts alone (an export's detail column), one a line and as CSV fields, with
  // and without spaces between Chinese and digits; and fields that are no street.
  const street = (i: number) => {
    const part = address(rng, { from: 'city', spaced: 'parts', region: rng.pick(['mainland', 'taiwan', 'hongkong'] as const) }).split(' ').pop()!;
    return i % 2 === 0 ? part : spacedDigits(part);
  };
  texts.push([...Array.from({ length: 8 }, (_, i) => street(i)), '3栋501室', '人民路', '88号', ' 文三路88号', '文三路88号 ', '第3章88号'].join('\n'));
  texts.push(csvText([['详细地址', '备注'], ...Array.from({ length: 6 }, (_, i) => [street(i), street(i + 1)])]));
  // Home addresses in an estate without a road, and house numbers in dashes or with `#`: in free
  // text, after leads, under an address column (whole and their street part alone), spaced.
  const house = (i: number) => (['estate', 'dashed', 'hash', 'estate'] as const)[i % 4];
  texts.push(Array.from({ length: 12 }, (_, i) => `${['', '寄到', '地址：', '客户 '][i % 4]}${address(rng, { house: house(i), from: i % 3 === 0 ? 'city' : 'complete', ...(i % 5 === 0 ? { spaced: 'parts' as const } : i % 5 === 1 ? { spaced: 'digits' as const } : {}) })}`).join('，'));
  texts.push(csvText([['收货地址', '详细地址'], ...Array.from({ length: 8 }, (_, i) => [address(rng, { house: house(i) }), address(rng, { house: house(i + 1), spaced: 'parts', from: 'city' }).split(' ').pop()!])]));
  texts.push('浙江省杭州市西湖区阳光小区，浙江省杭州市西湖区人民医院3楼，北京市朝阳区望京花园2024年，上海市浦东新区世纪公寓A座，浙江省杭州市西湖区文三路88-3，广东省深圳市南山区科技园12-3-501-6-7');
  // Years and months of birth (`出生年月`) after labels and as fields, beside dates and other years and months.
  const yearMonth = (i: number) => {
    const [y, m] = dateString(rng, { years: [1890, 2030] }).split('-');
    return [`${y}-${m}`, `${y}.${Number(m)}`, `${y}年${Number(m)}月`, `${y} 年 ${m} 月`, `${y}/${m}`][i % 5];
  };
  texts.push(['出生年月：', '出生年月', '生日 ', 'DOB ', '下单月份：', ''].flatMap((label, i) => [`${label}${yearMonth(i)}`, `${label}${yearMonth(i + 1)}-03`]).join('\n'));
  texts.push(csvText([['出生年月', '入职年月'], ...Array.from({ length: 10 }, (_, i) => [yearMonth(i), yearMonth(i + 2)]), ['1990-13', '2024-11-02']]));
  // Names after roles written as labels (`业主：王芳`), a chat's replies after them, and roles
  // with no colon or two spaces after it; alone and beside a name label (the detector's context).
  const roleLine = (i: number) =>
    `${['客户：', '乘客: ', '患者： ', '業主:', '司机  :', '骑手:  ', '用户', '房東：'][i % 8]}${i % 3 === 2 ? rng.pick(['马上到', '好的谢谢', '高兴', '金子']) : chineseName(rng, { traditional: i % 4 === 3 })}${['', ' 房号：3-201', '，已发货', '先生', '?'][i % 5]}`;
  texts.push(Array.from({ length: 24 }, (_, i) => roleLine(i)).join('\n'));
  texts.push(`联系人：${chineseName(rng)}\n${Array.from({ length: 12 }, (_, i) => roleLine(i)).join('\n')}`);
  return texts;
}
