/**
 * Synthetic identifiers with correct checksums, and look-alikes that no detector may report.
 * Everything is drawn from a seeded Rng, so the same seed gives the same data in tests, the demo
 * and the benchmark. Values are random, never taken from real people or companies; emails and
 * addresses use reserved example domains and documentation networks.
 */
import { MAINLAND_PROVINCE_CODES, PROVINCE_CODES, daysInMonth, gb11643CheckChar, isResidentIdValid } from '../lambdas/engine/checksums/gb11643.js';
import { USCC_CHARSET, gb11714CheckChar, gb32100CheckChar, isGb32100Valid } from '../lambdas/engine/checksums/gb32100.js';
import { hkIdCheckChar } from '../lambdas/engine/checksums/hkid.js';
import { isLuhnValid, luhnCheckDigit } from '../lambdas/engine/checksums/luhn.js';
import { twIdCheckDigit } from '../lambdas/engine/checksums/twid.js';
import { COMMON_SURNAMES, COMPOUND_SURNAMES, ROMANIZED_SURNAMES, TRADITIONAL_COMPOUND_SURNAMES, TRADITIONAL_SURNAMES } from '../lambdas/engine/detectors/cn-name.js';
import type { PiiType } from '../lambdas/engine/types.js';
import type { Rng } from './random.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Draws from `make` until `ok` accepts; generators use it to hit or avoid a check character. */
function until(make: () => string, ok: (value: string) => boolean, tries = 10_000): string {
  for (let i = 0; i < tries; i++) {
    const value = make();
    if (ok(value)) return value;
  }
  throw new RangeError('synthetic generator found no acceptable value');
}

/** 6-digit region code: a province in use, then a synthetic city and county. */
function regionCode(rng: Rng): string {
  return rng.pick(PROVINCE_CODES) + pad(rng.int(1, 20)) + pad(rng.int(1, 30));
}

/** `YYYYMMDD`, a real date with the year in [from, to]. */
function birthDate(rng: Rng, from: number, to: number): string {
  const year = rng.int(from, to);
  const month = rng.int(1, 12);
  return `${year}${pad(month)}${pad(rng.int(1, daysInMonth(year, month)))}`;
}

/** Options of residentId. */
export interface ResidentIdOptions {
  /** `true` forces an `X` check character, `false` a digit; default: whatever the draw gives (1 in 11 is X). */
  readonly checkX?: boolean;
  /** Birth years, inclusive. @default [1940, 2010] */
  readonly born?: readonly [number, number];
}

/** An 18-character resident ID: valid province, real birth date, correct check character. */
export function residentId(rng: Rng, options: ResidentIdOptions = {}): string {
  const [from, to] = options.born ?? [1940, 2010];
  const make = (): string => {
    const body = regionCode(rng) + birthDate(rng, from, to) + rng.digits(3);
    return body + gb11643CheckChar(body);
  };
  if (options.checkX === undefined) return make();
  return until(make, (id) => id.endsWith('X') === options.checkX);
}

/** A 2023 foreigner's permanent residence number: `9`, a mainland province, a nationality code, birth date, order, check. */
export function permanentResidenceId(rng: Rng): string {
  const body = '9' + rng.pick(MAINLAND_PROVINCE_CODES) + rng.pick(['840', '826', '392', '410', '250', '276', '036', '124']) + birthDate(rng, 1950, 2005) + rng.digits(3);
  return body + gb11643CheckChar(body);
}

/** A legacy 15-digit resident ID: valid province, real `YYMMDD` date in 1930-1999, no check digit. */
export function legacyResidentId(rng: Rng): string {
  return regionCode(rng) + birthDate(rng, 1930, 1999).slice(2) + rng.digits(3);
}

/** Allocated mobile prefixes: 3 digits, and of 174 only 17400-17412 and 1749. */
const MOBILE_PREFIXES: readonly string[] = [
  ...range(130, 139), '145', '147', '149', ...range(150, 153), ...range(155, 159), '162', ...range(165, 167),
  ...range(170, 173), '1740', '17411', '1749', ...range(175, 178), ...range(180, 189), ...range(190, 193), ...range(195, 199),
];

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
}

/** How a mobile number is written. */
export type MobileForm = 'plain' | 'spaced' | 'dashed' | '+86' | '+86 ' | '0086' | '(+86)';
/** Every written form of a mobile number. */
export const MOBILE_FORMS: readonly MobileForm[] = ['plain', 'spaced', 'dashed', '+86', '+86 ', '0086', '(+86)'];

/** A mobile number in the given form. @default form 'plain' (`13812345678`) */
export function mobile(rng: Rng, options: { readonly form?: MobileForm } = {}): string {
  const prefix = rng.pick(MOBILE_PREFIXES);
  const n = prefix + rng.digits(11 - prefix.length);
  const form = options.form ?? 'plain';
  if (form === 'spaced') return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
  if (form === 'dashed') return `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`;
  return form === 'plain' ? n : form + n;
}

const AREA3 = ['010', '020', '021', '022', '023', '024', '025', '027', '028', '029'];
const AREA4 = ['0311', '0351', '0371', '0431', '0451', '0512', '0531', '0571', '0591', '0731', '0755', '0769', '0871', '0898'];

/** How a landline number is written; `plain` (one digit run) is reported only with context. */
export type LandlineForm = 'dashed' | 'spaced' | 'parens' | '+86' | '0086' | 'plain';
/** Every written form of a landline number. */
export const LANDLINE_FORMS: readonly LandlineForm[] = ['dashed', 'spaced', 'parens', '+86', '0086', 'plain'];

/** A landline number: area code and subscriber (8 digits after a 3-digit code, 7-8 after a 4-digit one). @default form 'dashed' */
export function landline(rng: Rng, options: { readonly form?: LandlineForm } = {}): string {
  const short = rng.chance(0.4);
  const area = short ? rng.pick(AREA3) : rng.pick(AREA4);
  const subscriber = String(rng.int(2, 8)) + rng.digits(short || rng.chance(0.5) ? 7 : 6);
  switch (options.form ?? 'dashed') {
    case 'dashed':
      return `${area}-${subscriber}`;
    case 'spaced':
      return `${area} ${subscriber}`;
    case 'parens':
      return `(${area})${subscriber}`;
    case '+86':
      return `+86 ${area.slice(1)} ${subscriber}`;
    case '0086':
      return `0086-${area.slice(1)}-${subscriber}`;
    case 'plain':
      return area + subscriber;
  }
}

/** Card networks the generator issues. */
export type CardNetwork = 'unionpay' | 'visa' | 'mastercard' | 'amex' | 'diners' | 'discover';
/** How a card number is written (`spaced`/`dashed`: groups of four, or 4-6-x for American Express and Diners). */
export type CardGrouping = 'plain' | 'spaced' | 'dashed';

/** Options of bankCard. */
export interface BankCardOptions {
  /** @default 'unionpay' */
  readonly network?: CardNetwork;
  /** One of the network's lengths (CARD_LENGTHS). @default its first */
  readonly length?: 14 | 15 | 16 | 19;
  /** @default 'plain' */
  readonly grouping?: CardGrouping;
}

const ISSUER_PREFIXES: Readonly<Record<CardNetwork, readonly string[]>> = {
  unionpay: ['622202', '622848', '621700', '623058', '622588', '621483'],
  visa: ['4'],
  mastercard: ['51', '52', '53', '54', '55', '2221', '2720'],
  amex: ['34', '37'],
  diners: ['300', '305', '36', '38'],
  discover: ['6011', '644', '65'],
};

/** The lengths each network's generated numbers can have, the default first. */
export const CARD_LENGTHS: Readonly<Record<CardNetwork, readonly (14 | 15 | 16 | 19)[]>> = {
  unionpay: [16, 19, 14, 15],
  visa: [16, 19],
  mastercard: [16],
  amex: [15],
  diners: [14],
  discover: [16, 19],
};

function cardBody(rng: Rng, options: BankCardOptions): string {
  const network = options.network ?? 'unionpay';
  const length = options.length ?? CARD_LENGTHS[network][0];
  if (!CARD_LENGTHS[network].includes(length)) throw new RangeError(`${network} numbers do not have ${length} digits`);
  const prefix = rng.pick(ISSUER_PREFIXES[network]);
  return prefix + rng.digits(length - 1 - prefix.length);
}

function groupCard(digits: string, grouping: CardGrouping): string {
  if (grouping === 'plain') return digits;
  const groups = digits.length <= 15 ? [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)] : (digits.match(/.{1,4}/g) ?? []);
  return groups.join(grouping === 'spaced' ? ' ' : '-');
}

/** A payment card number with a correct Luhn digit, in a real issuer range. */
export function bankCard(rng: Rng, options: BankCardOptions = {}): string {
  const body = cardBody(rng, options);
  return groupCard(body + luhnCheckDigit(body), options.grouping ?? 'plain');
}

/** A unified social credit code with correct organization-code and mod 31 check characters. */
export function uscc(rng: Rng, options: { readonly checkChar?: string } = {}): string {
  const make = (): string => {
    let org = '';
    for (let i = 0; i < 8; i++) org += rng.chance(0.8) ? String(rng.int(0, 9)) : rng.pick(USCC_CHARSET.slice(10));
    const body = rng.pick('159Y') + rng.pick('1239') + regionCode(rng) + org + gb11714CheckChar(org);
    return body + gb32100CheckChar(body);
  };
  const wanted = options.checkChar;
  return wanted === undefined ? make() : until(make, (code) => code.endsWith(wanted));
}

const LETTERS_NO_IO = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A passport number: `E` + 8 digits, `E` + letter + 7 digits, or `G` + 8 digits. @default kind 'e-digits' */
export function passport(rng: Rng, options: { readonly kind?: 'e-digits' | 'e-letter' | 'g-digits' } = {}): string {
  const kind = options.kind ?? 'e-digits';
  if (kind === 'e-letter') return `E${rng.pick(LETTERS_NO_IO)}${rng.digits(7)}`;
  return (kind === 'g-digits' ? 'G' : 'E') + rng.digits(8);
}

/** An HK/Macau permit number: `C` + 8 digits, `C` + letter + 7 digits, or `W` + 8 digits. @default kind 'c-digits' */
export function hkMacauPermit(rng: Rng, options: { readonly kind?: 'c-digits' | 'c-letter' | 'w-digits' } = {}): string {
  const kind = options.kind ?? 'c-digits';
  if (kind === 'c-letter') return `C${rng.pick(LETTERS_NO_IO)}${rng.digits(7)}`;
  return (kind === 'w-digits' ? 'W' : 'C') + rng.digits(8);
}

const PINYIN = ['wei', 'fang', 'na', 'min', 'jing', 'li', 'qiang', 'lei', 'jun', 'yang', 'yong', 'yan', 'jie', 'tao', 'ming', 'chao', 'xia', 'ping', 'hua', 'zhang', 'wang', 'liu', 'chen', 'zhao'];
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com', 'corp.example.net'];

/** An email address at a reserved example domain. */
export function email(rng: Rng): string {
  const local = rng.pick(PINYIN) + rng.pick(['.', '_', '']) + rng.pick(PINYIN) + (rng.chance(0.5) ? String(rng.int(1, 999)) : '');
  return `${local}@${rng.pick(EMAIL_DOMAINS)}`;
}

/** An IPv4 address in a documentation (RFC 5737) or private network. */
export function ipv4(rng: Rng): string {
  const octet = (): number => rng.int(1, 254);
  switch (rng.int(0, 4)) {
    case 0:
      return `192.0.2.${octet()}`;
    case 1:
      return `198.51.100.${octet()}`;
    case 2:
      return `203.0.113.${octet()}`;
    case 3:
      return `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${octet()}`;
    default:
      return `192.168.${rng.int(0, 255)}.${octet()}`;
  }
}

const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国志海燕玲春晓宇浩欣怡子涵梓轩雨博思佳俊鑫婷辉鹏';

const GIVEN_TRADITIONAL = '偉芳娜敏靜麗強磊軍洋勇豔傑娟濤明超秀霞平剛桂英華玉萍紅建國志海燕玲春曉宇浩欣怡子涵梓軒雨博思佳俊鑫婷輝鵬';

/**
 * A Chinese name: a common (sometimes compound) surname and one or two given-name characters; with
 * `traditional`, written as in Hong Kong, Macau and Taiwan (`陳志偉`).
 */
export function chineseName(rng: Rng, options: { readonly traditional?: boolean } = {}): string {
  if (options.traditional) {
    const surname = rng.chance(0.1) ? rng.pick(TRADITIONAL_COMPOUND_SURNAMES) : rng.pick(TRADITIONAL_SURNAMES);
    return surname + rng.pick(GIVEN_TRADITIONAL) + (rng.chance(0.6) ? rng.pick(GIVEN_TRADITIONAL) : '');
  }
  const surname = rng.chance(0.1) ? rng.pick(COMPOUND_SURNAMES) : rng.pick(COMMON_SURNAMES);
  return surname + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : '');
}

/** Parts of Uyghur, Kazakh and foreign names as Chinese writes them (made-up combinations of common ones). */
const DOTTED_NAME_PARTS = ['阿依古丽', '买买提', '艾力', '热依拉', '努尔', '阿不都', '古丽娜尔', '吐尔逊', '卡德尔', '约翰', '玛丽', '史密斯', '托马斯', '伊万诺夫'];
/** The dots that join them: the middle dot mostly, else a bullet, Taiwan's `‧`, the katakana `・`, a full stop. */
const NAME_DOTS = ['·', '·', '·', '•', '‧', '・', '.'];

/** A name of two or three parts a middle dot joins (`阿依古丽·买买提`), as minorities' and foreign names are written. */
export function dottedName(rng: Rng): string {
  const dot = rng.pick(NAME_DOTS);
  return Array.from({ length: rng.chance(0.8) ? 2 : 3 }, () => rng.pick(DOTTED_NAME_PARTS)).join(dot);
}

/** Syllables of Hong Kong given names, as the Immigration Department spells them. */
const GIVEN_ROMANIZED = ['Tai', 'Man', 'Siu', 'Ming', 'Wai', 'Kin', 'Ka', 'Yan', 'Chi', 'Hung', 'Mei', 'Ling', 'Wing', 'Kit', 'Fai', 'Yee', 'Hoi', 'Sze'];

/** English given names Hong Kong customers write before their Chinese name. */
const ENGLISH_GIVEN = ['Peter', 'Mary', 'David', 'Wendy', 'Kenneth', 'Joyce', 'Raymond', 'Cathy', 'Eric', 'Winnie'];

/**
 * A Chinese name in Latin letters as a Hong Kong customer list holds it: the surname first,
 * in capitals or not (`CHAN Tai Man`, `Chan Tai-man`), or last (`Tai Man Chan`); with `english`,
 * after an English given name (`Peter CHAN Tai Man`, `Mary Wong Siu Ming`).
 */
export function romanizedName(rng: Rng, options: { readonly english?: boolean } = {}): string {
  const surname = rng.pick(ROMANIZED_SURNAMES);
  const given = [rng.pick(GIVEN_ROMANIZED), ...(rng.chance(0.7) ? [rng.pick(GIVEN_ROMANIZED)] : [])];
  if (options.english === true) return `${rng.pick(ENGLISH_GIVEN)} ${rng.chance(0.5) ? surname.toUpperCase() : surname} ${given.join(' ')}`;
  switch (rng.int(0, 2)) {
    case 0:
      return `${surname.toUpperCase()} ${given.join(' ')}`;
    case 1:
      return `${surname} ${given[0]}${given.length > 1 ? `-${given[1].toLowerCase()}` : ''}`;
    default:
      return `${given.join(' ')} ${surname}`;
  }
}

/**
 * A Hong Kong identity card number with its check character, printed `A123456(3)` (one or two
 * letters) by default, or run together `A1234563` (one letter, the form the detector reads).
 */
export function hkId(rng: Rng, options: { readonly printed?: boolean } = {}): string {
  const printed = options.printed !== false;
  const body = (printed && rng.chance(0.2) ? rng.pick(LETTERS) : '') + rng.pick(LETTERS) + rng.digits(6);
  const check = hkIdCheckChar(body);
  return printed ? `${body}(${check})` : body + check;
}

/** A Macau identity card number, printed `1234567(8)` by default, or run together (8 digits). */
export function moId(rng: Rng, options: { readonly printed?: boolean } = {}): string {
  const body = rng.pick('157') + rng.digits(6);
  const check = rng.digits(1);
  return options.printed === false ? body + check : `${body}(${check})`;
}

/** A Taiwan identity number (or, with `resident`, a residents' certificate number) with its check digit. */
export function twId(rng: Rng, options: { readonly resident?: boolean } = {}): string {
  const body = rng.pick(LETTERS) + rng.pick(options.resident ? '89' : '12') + rng.digits(7);
  return body + twIdCheckDigit(body);
}

/** A Home Return Permit number: `H`/`M` + 8 digits, or + 10 on the old booklet. */
export function travelPermitHkMo(rng: Rng, options: { readonly old?: boolean } = {}): string {
  return rng.pick('HM') + rng.digits(options.old ? 10 : 8);
}

/** A Taiwan compatriot permit number: 8 digits, or 10 on the old booklet. */
export function travelPermitTw(rng: Rng, options: { readonly old?: boolean } = {}): string {
  return String(rng.int(1, 9)) + rng.digits(options.old ? 9 : 7);
}

/** Province, city (empty under a municipality) and district triples for synthetic addresses. */
const ADDRESS_AREAS: readonly (readonly [string, string, string])[] = [
  ['广东省', '深圳市', '南山区'], ['浙江省', '杭州市', '西湖区'], ['江苏省', '南京市', '鼓楼区'], ['四川省', '成都市', '武侯区'],
  ['湖北省', '武汉市', '洪山区'], ['山东省', '青岛市', '市南区'], ['北京市', '', '朝阳区'], ['上海市', '', '浦东新区'],
  ['天津市', '', '和平区'], ['重庆市', '', '渝中区'], ['福建省', '厦门市', '思明区'], ['广西壮族自治区', '南宁市', '青秀区'],
];
const ROAD_NAMES = ['建设', '人民', '中山', '解放', '和平', '文化', '科技', '新华', '友谊', '光明'];
const ESTATES = ['阳光小区', '翠苑一区', '望京花园二期', '城南新村', '金色家园', '世纪公寓', '锦绣苑', '幸福里社区', '王庄村', '学生宿舍'];

/** Taiwan's city (or county) and district pairs, Hong Kong's and Macau's areas, for synthetic addresses. */
const TW_AREAS: readonly (readonly [string, string])[] = [
  ['台北市', '大安區'], ['臺北市', '信義區'], ['新北市', '板橋區'], ['桃園市', '中壢區'], ['臺中市', '西屯區'], ['台南市', '東區'],
  ['高雄市', '前鎮區'], ['新竹縣', '竹北市'], ['彰化縣', '員林市'], ['花蓮縣', '吉安鄉'],
];
const TW_ROADS = ['忠孝東路', '中山北路', '民生路', '文化路', '中正路', '台灣大道', '仁愛路', '復興南路'];
// 深水埗's 埗 and 鰂魚涌's 鰂 are Hong Kong's own characters: in Big5-HKSCS, outside plain Big5.
const HK_AREAS = ['香港九龍旺角', '香港中環', '九龍尖沙咀', '新界沙田', '香港島銅鑼灣', '澳門', '澳門氹仔', '九龍深水埗', '香港鰂魚涌'];
const HK_ROADS = ['彌敦道', '皇后大道中', '德輔道中', '新馬路', '軒尼詩道', '友誼大馬路', '廣東大馬路'];
const TRADITIONAL_AREA: Readonly<Record<string, string>> = { 广东省: '廣東省', 南山区: '南山區', 西湖区: '西湖區', 鼓楼区: '鼓樓區', 武侯区: '武侯區', 洪山区: '洪山區', 市南区: '市南區', 朝阳区: '朝陽區', 浦东新区: '浦東新區', 天津市: '天津市', 和平区: '和平區', 重庆市: '重慶市', 渝中区: '渝中區', 思明区: '思明區', 广西壮族自治区: '廣西壯族自治區', 青秀区: '青秀區' };

/** Options of address. */
export interface AddressOptions {
  /** `complete`: from the province; `city`: from the city (or district in a municipality), needs a label. @default 'complete' */
  readonly from?: 'complete' | 'city';
  /** Add a building, unit and room. @default a coin toss */
  readonly room?: boolean;
  /**
   * `mainland-traditional`: a mainland address in Traditional characters; `taiwan`: city, district,
   * road, maybe its section, lane and alley, number and floor (`台北市大安區忠孝東路四段27巷5號3樓`);
   * `hongkong`: Hong Kong or Macau, area, road, number and maybe floor. @default 'mainland'
   */
  readonly region?: 'mainland' | 'mainland-traditional' | 'taiwan' | 'hongkong';
  /** A mainland house number in Chinese numerals (`八十八号`), as formal letters write it. @default false */
  readonly chineseNumber?: boolean;
  /**
   * `parts`: the area's parts and the road a space apart, as online shops export them (`浙江省 杭州市
   * 西湖区 文三路88号`); `digits`: a space between Chinese and digits (`光明路 649 号 3 栋`).
   * @default none
   */
  readonly spaced?: 'parts' | 'digits';
  /**
   * A mainland address's house: `road` (`文三路88号3栋2单元501室`); `estate`, a residential estate
   * without a road (`阳光小区3幢2单元501室`, `翠苑一区12幢301`); `dashed`, the number, building and
   * room in dashes (`文三路88-3-501`); `hash`, `#` for 号 (`文三路88#3栋`). @default 'road'
   */
  readonly house?: 'road' | 'estate' | 'dashed' | 'hash';
}

/** `n` (1-999) in Chinese numerals, as an address writes it: `八十八`, `一百零五`. */
export function chineseNumeral(n: number): string {
  const digits = '零一二三四五六七八九';
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = hundreds > 0 ? `${digits[hundreds]}百` : '';
  if (tens > 0) out += `${hundreds === 0 && tens === 1 ? '' : digits[tens]}十`;
  else if (hundreds > 0 && ones > 0) out += '零';
  if (ones > 0) out += digits[ones];
  return out;
}

/** A postal address: area chain, road, house number and maybe building, unit and room. */
export function address(rng: Rng, options: AddressOptions = {}): string {
  const parts = areaParts(rng, options);
  if (options.spaced === 'digits') return spacedDigits(parts.join(''));
  return parts.filter((part) => part !== '').join(options.spaced === 'parts' ? ' ' : '');
}

/** `text` with a space between Chinese and digits wherever they touch (`光明路 649 号`), as some people type. */
export function spacedDigits(text: string): string {
  return text.replace(/(?<=[\u4e00-\u9fff])(?=\d)|(?<=\d)(?=[\u4e00-\u9fff])/g, ' ');
}

/** An address as its parts: area (province, city, district or their like), then the road and the rest. */
function areaParts(rng: Rng, options: AddressOptions): string[] {
  if (options.region === 'taiwan') {
    const [city, district] = rng.pick(TW_AREAS);
    const section = rng.chance(0.5) ? `${rng.pick([...'一二三四五六七'])}段` : '';
    const lane = rng.chance(0.4) ? `${rng.int(1, 300)}巷${rng.chance(0.5) ? `${rng.int(1, 30)}弄` : ''}` : '';
    const floor = rng.chance(0.5) ? `${rng.int(2, 20)}樓` : '';
    return [options.from === 'city' ? '' : city, district, `${rng.pick(TW_ROADS)}${section}${lane}${rng.int(1, 400)}號${floor}`];
  }
  if (options.region === 'hongkong') {
    return [rng.pick(HK_AREAS), `${rng.pick(HK_ROADS)}${rng.int(1, 800)}號${rng.chance(0.5) ? `${rng.int(2, 40)}樓` : ''}`];
  }
  if (options.region === 'mainland-traditional') {
    const traditional = (text: string) =>
      Object.entries(TRADITIONAL_AREA).reduce((t, [simplified, trad]) => t.replace(simplified, trad), text).replace('号', '號').replace(/栋|单元/g, (w) => (w === '栋' ? '棟' : '單元'));
    return areaParts(rng, { ...options, region: 'mainland' }).map(traditional);
  }
  const [province, city, district] = rng.pick(ADDRESS_AREAS);
  const area = options.from === 'city' ? [city || province, district] : [province, city, district];
  if (options.house === 'estate') {
    const rooms = rng.chance(0.5)
      ? `${rng.int(1, 30)}${rng.pick(['栋', '幢', '号楼', '组'])}${rng.int(1, 6)}${rng.pick(['单元', '号'])}${rng.int(1, 30)}0${rng.int(1, 4)}室`
      : `${rng.int(1, 30)}幢${rng.int(1, 30)}0${rng.int(1, 4)}`;
    return [...area, rng.pick(ESTATES) + rooms];
  }
  const road = rng.pick(ROAD_NAMES) + rng.pick(['路', '大道', '街']);
  if (options.house === 'dashed') return [...area, `${road}${rng.int(1, 999)}-${rng.int(1, 30)}-${rng.int(1, 30)}0${rng.int(1, 4)}`];
  if (options.house === 'hash') return [...area, `${road}${rng.int(1, 999)}#${rng.int(1, 30)}栋`];
  const room = options.room ?? rng.chance(0.5);
  const number = rng.int(1, 999);
  return [...area, `${road}${options.chineseNumber ? chineseNumeral(number) : number}号${room ? `${rng.int(1, 30)}栋${rng.int(1, 6)}单元${rng.int(1, 30)}0${rng.int(1, 4)}室` : ''}`];
}

/** Where an English address is: Hong Kong, Macau, Taiwan or the mainland (in pinyin). */
export type EnglishAddressRegion = 'hongkong' | 'macau' | 'taiwan' | 'mainland';
/** Every region's English addresses. */
export const ENGLISH_ADDRESS_REGIONS: readonly EnglishAddressRegion[] = ['hongkong', 'macau', 'taiwan', 'mainland'];
const EN_HK_ROADS = ['Nathan Road', 'Des Voeux Road Central', "Queen's Road East", 'Hennessy Road', 'Canton Road', 'Tai Po Road', 'King\'s Road', 'Castle Peak Road'];
const EN_HK_BUILDINGS = ['Wing On House', 'Mei Foo Sun Chuen', 'Golden Court', 'Sun Hing Building', 'Kwai Chung Estate', 'Lok Fu Mansion'];
const EN_HK_AREAS = ['Tsim Sha Tsui, Kowloon', 'Mong Kok, Kowloon', 'Central, Hong Kong', 'Causeway Bay, Hong Kong', 'Sha Tin, New Territories', 'Tsuen Wan, N.T.'];
const EN_MO_ROADS = ['Avenida de Almeida Ribeiro', 'Rua do Campo', 'Estrada da Penha', 'Travessa do Pagode', 'Avenida da Praia Grande'];
const EN_TW_ROADS = ["Ren'ai Rd.", 'Zhongxiao E. Rd.', 'Xinyi Rd.', 'Minsheng Rd.', 'Zhongshan N. Rd.', 'Wenhua Rd.'];
const EN_TW_AREAS = ["Da'an Dist., Taipei City", 'Xinyi Dist., Taipei City', 'Banqiao Dist., New Taipei City', 'Xitun Dist., Taichung City', 'Qianzhen Dist., Kaohsiung City'];
const EN_CN_ROADS = ['Wensan Road', 'Jianguo Road', 'Zhongshan Road', 'Renmin Avenue', 'Keji Road', 'Nanjing West Road'];
const EN_CN_AREAS = ['Xihu District, Hangzhou, Zhejiang', 'Chaoyang District, Beijing', 'Nanshan District, Shenzhen, Guangdong', "Jing'an District, Shanghai", 'Wuhou District, Chengdu, Sichuan'];

/**
 * A postal address in English, as a customer list of Hong Kong, Macau or Taiwan (or a mainland one,
 * in pinyin) writes it: Hong Kong's `Flat 5, 10/F, Block A, Golden Court, 123 Nathan Road, Tsim Sha
 * Tsui, Kowloon` (sometimes a range, `12-14 Nathan Road`), Macau's Portuguese roads, Taiwan's `3F., No. 25, Ln. 27, Sec. 4, Ren'ai Rd., Da'an
 * Dist., Taipei City 106`, the mainland's `Room 501, Building 3, No. 88 Wensan Road, Xihu District, Hangzhou`.
 */
export function englishAddress(rng: Rng, options: { readonly region?: EnglishAddressRegion } = {}): string {
  switch (options.region ?? 'hongkong') {
    case 'hongkong': {
      const flat = `${rng.pick(['Flat', 'Room', 'Unit', 'Flat'])} ${rng.chance(0.5) ? rng.pick([...'ABCDEFGH']) : rng.int(1, 40)}`;
      const floor = rng.chance(0.2) ? 'G/F' : `${rng.int(1, 60)}/F`;
      const block = rng.chance(0.4) ? `, Block ${rng.pick([...'ABCDE'])}` : '';
      const building = rng.chance(0.6) ? `, ${rng.pick(EN_HK_BUILDINGS)}` : '';
      const number = rng.int(1, 800);
      // A range may end in a letter (`12-14A`): told by the number, so the draws stay as they were.
      const numbers = rng.chance(0.2) ? `${number}-${number + 2}${number % 4 === 0 ? 'A' : ''}` : String(number);
      return `${flat}, ${floor}${block}${building}, ${numbers} ${rng.pick(EN_HK_ROADS)}, ${rng.pick(EN_HK_AREAS)}`;
    }
    case 'macau':
      return `${rng.pick(EN_MO_ROADS)}, No. ${rng.int(1, 300)}, ${rng.int(1, 30)} andar ${rng.pick([...'ABCD'])}, Macau`;
    case 'taiwan': {
      const floor = rng.chance(0.5) ? `${rng.int(2, 20)}F., ` : '';
      const lane = rng.chance(0.4) ? `Ln. ${rng.int(1, 300)}, ` : '';
      const section = rng.chance(0.5) ? `Sec. ${rng.int(1, 7)}, ` : '';
      return `${floor}No. ${rng.int(1, 400)}, ${lane}${section}${rng.pick(EN_TW_ROADS)}, ${rng.pick(EN_TW_AREAS)} ${rng.int(100, 999)}`;
    }
    case 'mainland': {
      const room = rng.chance(0.6) ? `Room ${rng.int(1, 30)}0${rng.int(1, 4)}, Building ${rng.int(1, 30)}, ` : '';
      return `${room}No. ${rng.int(1, 999)} ${rng.pick(EN_CN_ROADS)}, ${rng.pick(EN_CN_AREAS)}`;
    }
  }
}

const PLATE_PROVINCE_CHARS = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

/** Where a plate was issued: the mainland (GA 36), Hong Kong, Macau or Taiwan. */
export type PlateRegion = 'mainland' | 'hongkong' | 'macau' | 'taiwan';
/** Every region's plates. */
export const PLATE_REGIONS: readonly PlateRegion[] = ['mainland', 'hongkong', 'macau', 'taiwan'];

/**
 * A motor vehicle plate. Mainland (the default): province, office letter, five characters, or six
 * (`newEnergy`), a middle dot after the letter with `dot` (`粤B·12345`). Hong Kong: `AB 1234` (two letters, no I,
 * O or Q, 1-4 digits); Macau: `MA-12-34`; Taiwan: `ABC-1234`, `AB-1234`, `1234-AB` or a
 * motorcycle's `ABC-123`.
 */
export function licensePlate(rng: Rng, options: { readonly newEnergy?: boolean; readonly dot?: boolean; readonly region?: PlateRegion } = {}): string {
  const letters = (n: number, from = LETTERS_NO_IO) => Array.from({ length: n }, () => rng.pick(from)).join('');
  switch (options.region ?? 'mainland') {
    case 'hongkong':
      return `${letters(2, 'ABCDEFGHJKLMNPRSTUVWXYZ')}${rng.pick([' ', ''])}${rng.int(1, 9)}${rng.digits(rng.int(0, 3))}`;
    case 'macau':
      return `M${letters(1)}-${rng.digits(2)}-${rng.digits(2)}`;
    case 'taiwan':
      return rng.pick([
        () => `${letters(3)}-${rng.digits(4)}`,
        () => `${letters(2)}-${rng.digits(4)}`,
        () => `${rng.digits(4)}-${letters(2)}`,
        () => `${letters(3)}-${rng.digits(3)}`,
      ])();
    case 'mainland':
      break;
  }
  const head = rng.pick(PLATE_PROVINCE_CHARS) + rng.pick(LETTERS_NO_IO) + (options.dot ? '·' : '');
  if (options.newEnergy) return head + (rng.chance(0.5) ? rng.pick('DF') + rng.digits(5) : rng.digits(5) + rng.pick('DF'));
  return head + (rng.chance(0.5) ? rng.digits(5) : rng.pick(LETTERS_NO_IO) + rng.digits(4));
}

/** How a date is written. */
export type DateForm = 'dashed' | 'slashed' | 'dotted' | 'chinese' | 'chinese-spaced' | 'compact' | 'roc' | 'roc-chinese' | 'roc-chinese-spaced' | 'day-first';
/**
 * Every written form of a date. `chinese-spaced`: `1990 年 5 月 3 日`, as text typed with spaces
 * between Chinese and digits writes it; `roc`: Taiwan's Republic of China year (`079/05/03`);
 * `roc-chinese`: `民國79年5月3日` (`民國 79 年 5 月 3 日` spaced); `day-first`: as Hong Kong and
 * Macau write it (`03/05/1990`).
 */
export const DATE_FORMS: readonly DateForm[] = [
  'dashed', 'slashed', 'dotted', 'chinese', 'chinese-spaced', 'compact', 'roc', 'roc-chinese', 'roc-chinese-spaced', 'day-first',
];

/** A date in [from, to] years, written in `form`. @default form 'dashed', years 1950-2010 */
export function dateString(rng: Rng, options: { readonly form?: DateForm; readonly years?: readonly [number, number] } = {}): string {
  const [from, to] = options.years ?? [1950, 2010];
  const d = birthDate(rng, from, to);
  const [y, m, day] = [d.slice(0, 4), d.slice(4, 6), d.slice(6)];
  switch (options.form ?? 'dashed') {
    case 'dashed':
      return `${y}-${m}-${day}`;
    case 'slashed':
      return `${y}/${Number(m)}/${Number(day)}`;
    case 'dotted':
      return `${y}.${m}.${day}`;
    case 'chinese':
      return `${y}年${Number(m)}月${Number(day)}日`;
    case 'chinese-spaced':
      return `${y} 年 ${Number(m)} 月 ${Number(day)} 日`;
    case 'compact':
      return d;
    case 'roc':
      return `${String(Math.max(1, Number(y) - 1911)).padStart(3, '0')}/${m}/${day}`;
    case 'roc-chinese':
      return `民國${Math.max(1, Number(y) - 1911)}年${Number(m)}月${Number(day)}日`;
    case 'roc-chinese-spaced':
      return `民國 ${Math.max(1, Number(y) - 1911)} 年 ${Number(m)} 月 ${Number(day)} 日`;
    case 'day-first':
      return `${day}/${m}/${y}`;
  }
}

/**
 * A bank account number that is not a card: 12-20 digits starting with 1, failing Luhn, no resident
 * ID; with `hongKong`, as a Hong Kong bank prints one (`012-875-0-123456-7`, 3-3-1-6-1).
 */
export function bankAccount(rng: Rng, options: { readonly hongKong?: boolean } = {}): string {
  if (options.hongKong) return `0${rng.digits(2)}-${rng.digits(3)}-${rng.digits(1)}-${rng.digits(6)}-${rng.digits(1)}`;
  return until(
    () => `1${rng.digits(rng.int(11, 19))}`,
    (n) => !isLuhnValid(n) && !isResidentIdValid(n),
  );
}

/**
 * A health insurance number: a city's 医保卡号 (10, 12 or 16 digits, none a bank card's, a
 * resident ID's or a mobile's), a social security card's (a capital letter and 8 digits, not a
 * passport's, permit's or travel permit's letter), or Taiwan's NHI card number (`0000 1234 5678`).
 */
export function healthInsuranceId(rng: Rng, options: { readonly form?: 'digits' | 'card' | 'taiwan' } = {}): string {
  const form = options.form ?? rng.pick(['digits', 'card', 'taiwan'] as const);
  if (form === 'card') return `${rng.pick(['A', 'B', 'D'])}${rng.digits(8)}`;
  if (form === 'taiwan') return `0000 ${rng.digits(4)} ${rng.digits(4)}`;
  return until(
    () => `${rng.int(1, 9)}${rng.digits(rng.pick([9, 11, 15]))}`,
    (n) => !isLuhnValid(n) && !isResidentIdValid(n),
  );
}

/** An IPv6 address in the documentation prefix 2001:db8::/32, full or `::`-compressed. */
export function ipv6(rng: Rng, options: { readonly compressed?: boolean } = {}): string {
  const group = (): string => rng.int(0x100, 0xffff).toString(16);
  if (options.compressed ?? rng.chance(0.5)) return `2001:db8::${group()}:${group()}`;
  return ['2001', '0db8', ...Array.from({ length: 6 }, group)].join(':');
}

/** A latitude/longitude pair inside China with 6 decimals, `31.230416,121.473701` or with `, `. */
export function geoCoordinates(rng: Rng): string {
  const lat = (rng.int(18_000_000, 53_000_000) / 1_000_000).toFixed(6);
  const lon = (rng.int(73_000_000, 135_000_000) / 1_000_000).toFixed(6);
  return `${lat}${rng.pick([',', ', '])}${lon}`;
}

/** A QQ number: 6-10 digits, not starting with 0. */
export function qq(rng: Rng): string {
  return String(rng.int(1, 9)) + rng.digits(rng.int(5, 9));
}

/** How a Hong Kong, Macau or Taiwan phone number is written. */
export type HkMoTwPhoneForm = 'hk' | 'mo' | 'tw-mobile' | 'tw-landline' | 'tw-mobile-national' | 'tw-landline-national' | 'local';
/** Every form of hkMoTwPhone. */
export const HK_MO_TW_PHONE_FORMS: readonly HkMoTwPhoneForm[] = ['hk', 'mo', 'tw-mobile', 'tw-landline', 'tw-mobile-national', 'tw-landline-national', 'local'];

/**
 * A phone number of Hong Kong (`+852 9123 4567`), Macau (`00853 6612 3456`) or Taiwan (`+886 912
 * 345 678`, `+886-2-2345-6789`), with its country code; `tw-*-national` as dialled in Taiwan
 * (`0912-345-678`, `(02) 2345-6789`), `local` eight digits (`9123 4567`). @default form 'hk'
 */
export function hkMoTwPhone(rng: Rng, options: { readonly form?: HkMoTwPhoneForm } = {}): string {
  const sep = () => rng.pick([' ', '-', '']);
  const eight = (first: string) => `${rng.pick(first)}${rng.digits(3)}${sep()}${rng.digits(4)}`;
  switch (options.form ?? 'hk') {
    case 'hk':
      return `${rng.pick(['+852 ', '+852', '(852) ', '00852 '])}${eight('235679')}`;
    case 'mo':
      return `${rng.pick(['+853 ', '00853 ', '(853) '])}${eight('26')}`;
    case 'tw-mobile':
      return `+886${sep()}9${rng.digits(2)}${sep()}${rng.digits(3)}${sep()}${rng.digits(3)}`;
    case 'tw-landline':
      return `+886${sep()}${rng.pick('2345678')}${sep()}${rng.int(2, 9)}${rng.digits(3)}${sep()}${rng.digits(4)}`;
    case 'tw-mobile-national':
      return rng.chance(0.5) ? `09${rng.digits(2)}-${rng.digits(3)}-${rng.digits(3)}` : `09${rng.digits(8)}`;
    case 'tw-landline-national':
      return `${rng.pick(['(02) ', '02-', '(04)', '07-'])}${rng.int(2, 9)}${rng.digits(3)}-${rng.digits(4)}`;
    case 'local':
      return eight('235679');
  }
}

/** A WeChat id: `wxid_` and 14 lower-case letters and digits, or (`chosen`) a user-chosen id. */
export function wechatId(rng: Rng, options: { readonly chosen?: boolean } = {}): string {
  const alnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
  if (!options.chosen) return `wxid_${Array.from({ length: 14 }, () => rng.pick(alnum)).join('')}`;
  return `${rng.pick(PINYIN)}${rng.pick(['_', '-', ''])}${rng.pick(PINYIN)}${rng.int(10, 9999)}`;
}

/**
 * A phone's IMEI: a type allocation code (35, 86 or 01 and six digits), a six-digit serial and the
 * Luhn check digit (`352099001761481`); `grouped` as printed on a box, `35-209900-176148-1`.
 */
export function imei(rng: Rng, options: { readonly grouped?: boolean } = {}): string {
  const body = `${rng.pick(['35', '86', '01'])}${rng.digits(12)}`;
  const value = body + luhnCheckDigit(body);
  if (!options.grouped) return value;
  const sep = rng.pick(['-', ' ']);
  return [value.slice(0, 2), value.slice(2, 8), value.slice(8, 14), value.slice(14)].join(sep);
}

/** A SIM card's IMSI on a Chinese network: 460, a network code (00, 01, 03, 11) and ten digits. */
export function imsi(rng: Rng): string {
  return `460${rng.pick(['00', '01', '03', '11'])}${rng.digits(10)}`;
}

/** A MAC address: six pairs of hex digits, `:` or `-` apart, upper or lower case (`3C:22:FB:1A:2B:3C`). */
export function macAddress(rng: Rng): string {
  const hex = '0123456789ABCDEF';
  // A card's own address, as phones and laptops have (unicast: the first pair's lowest bit clear).
  const pairs = Array.from({ length: 6 }, (_, i) => `${rng.pick(hex)}${rng.pick(i === 0 ? '02468ACE' : hex)}`);
  const mac = pairs.join(rng.pick([':', '-']));
  return rng.chance(0.5) ? mac : mac.toLowerCase();
}

/** A device identifier: an IMEI, an IMSI or a MAC address. */
export function deviceId(rng: Rng): string {
  const kind = rng.int(0, 2);
  return kind === 0 ? imei(rng) : kind === 1 ? imsi(rng) : macAddress(rng);
}

/** One generator per identifier type, in its default form. */
export const generatorsByType: Readonly<Record<PiiType, (rng: Rng) => string>> = {
  cn_resident_id: (rng) => residentId(rng),
  cn_mobile: (rng) => mobile(rng),
  cn_landline: (rng) => landline(rng),
  bank_card: (rng) => bankCard(rng),
  cn_uscc: (rng) => uscc(rng),
  cn_passport: (rng) => passport(rng),
  cn_hk_macau_permit: (rng) => hkMacauPermit(rng),
  email: (rng) => email(rng),
  ipv4: (rng) => ipv4(rng),
  cn_name: (rng) => chineseName(rng),
  hk_id: (rng) => hkId(rng),
  mo_id: (rng) => moId(rng),
  tw_id: (rng) => twId(rng),
  cn_travel_permit_hk_mo: (rng) => travelPermitHkMo(rng),
  cn_travel_permit_tw: (rng) => travelPermitTw(rng),
  cn_address: (rng) => address(rng),
  cn_license_plate: (rng) => licensePlate(rng),
  date_of_birth: (rng) => dateString(rng),
  bank_account: (rng) => bankAccount(rng),
  ipv6: (rng) => ipv6(rng),
  geo_coordinates: (rng) => geoCoordinates(rng),
  qq: (rng) => qq(rng),
  wechat_id: (rng) => wechatId(rng),
  hk_mo_tw_phone: (rng) => hkMoTwPhone(rng),
  device_id: (rng) => deviceId(rng),
  health_insurance_id: (rng) => healthInsuranceId(rng),
};

/** A label to write before a value of each type (`护照号：E12345678`); context-only types need one. */
export const CONTEXT_LABELS: Readonly<Record<PiiType, string>> = {
  cn_resident_id: '身份证号',
  cn_mobile: '手机',
  cn_landline: '电话',
  bank_card: '银行卡号',
  cn_uscc: '统一社会信用代码',
  cn_passport: '护照号',
  cn_hk_macau_permit: '港澳通行证',
  email: '邮箱',
  ipv4: 'IP地址',
  cn_name: '姓名',
  hk_id: '香港身份证',
  mo_id: '澳门身份证',
  tw_id: '台湾身份证',
  cn_travel_permit_hk_mo: '回乡证',
  cn_travel_permit_tw: '台胞证',
  cn_address: '收货地址',
  cn_license_plate: '车牌号',
  date_of_birth: '出生日期',
  bank_account: '对公账户',
  ipv6: 'IP地址',
  geo_coordinates: '坐标',
  qq: 'QQ',
  wechat_id: '微信',
  hk_mo_tw_phone: '電話',
  device_id: 'IMEI',
  health_insurance_id: '医保卡号',
};

/** Rejected by every numeric check a detector might apply to an 18- or 16-19-digit run. */
const passesNoCheck = (value: string): boolean => !isLuhnValid(value) && !isGb32100Valid(value);

/** Values shaped like identifiers that no detector may report, without context. */
export const lookalikes = {
  /** A 20-22 digit order number, sometimes with a `DD`/`NO` prefix (`DD20241127153012345678`). */
  orderNumber: (rng: Rng): string => rng.pick(['', 'DD', 'NO']) + birthDate(rng, 2019, 2025) + rng.digits(rng.int(12, 14)),
  /** A 13-digit millisecond timestamp (`1732680000000`). */
  timestampMs: (rng: Rng): string => String(rng.int(1_500_000_000, 1_800_000_000) * 1000 + rng.int(0, 999)),
  /** An EAN-13 barcode from China's 69 prefix, with a correct EAN check digit. */
  ean13: (rng: Rng): string => {
    const body = `69${rng.digits(10)}`;
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
    return body + String((10 - (sum % 10)) % 10);
  },
  /** A SKU: `SKU-HXQZ-204811` or `A12-3456-7890`. */
  sku: (rng: Rng): string => {
    if (rng.chance(0.5)) return `SKU-${Array.from({ length: 4 }, () => rng.pick(LETTERS_NO_IO)).join('')}-${rng.digits(6)}`;
    return `${rng.pick(LETTERS_NO_IO)}${rng.digits(2)}-${rng.int(1, 9)}${rng.digits(3)}-${rng.int(1, 9)}${rng.digits(3)}`;
  },
  /** A version number: `1.2.3`, `10.0.19045.3803`, `v1.2.3.4`, `version 10.0.0.1` or `1.2.3.4.5`. */
  version: (rng: Rng): string => {
    const v = (): number => rng.int(0, 20);
    switch (rng.int(0, 4)) {
      case 0:
        return `${v()}.${v()}.${v()}`;
      case 1:
        return `10.0.${rng.int(10_000, 26_000)}.${rng.int(256, 5000)}`;
      case 2:
        return `v${v()}.${v()}.${v()}.${v()}`;
      case 3:
        return `version ${rng.int(1, 20)}.${v()}.${v()}.${v()}`;
      default:
        return `${v()}.${v()}.${v()}.${v()}.${v()}`;
    }
  },
  /** A resident ID with a wrong check character (and no accidental Luhn or USCC pass). */
  badChecksumResidentId: (rng: Rng): string =>
    until(() => {
      const id = residentId(rng);
      return id.slice(0, 17) + rng.pick('0123456789X'.replace(id[17], ''));
    }, passesNoCheck),
  /** An 18-digit ID shape with a correct check character but an impossible or future birth date. */
  badDateResidentId: (rng: Rng): string =>
    until(() => {
      const date = rng.pick([`${rng.int(1950, 2000)}0230`, `${rng.int(1950, 2000)}0431`, `${rng.int(1950, 1999)}1300`, `20${rng.int(90, 99)}0101`]);
      const body = regionCode(rng) + date + rng.digits(3);
      return body + gb11643CheckChar(body);
    }, (id) => passesNoCheck(id) && !isResidentIdValid(id)),
  /** A card-like number in a real issuer range whose Luhn digit is off by one. */
  luhnFailingCard: (rng: Rng): string => {
    const network = rng.pick<CardNetwork>(['unionpay', 'visa', 'mastercard']);
    const body = cardBody(rng, { network, length: network === 'mastercard' ? 16 : rng.pick([16, 19] as const) });
    const wrong = String((Number(luhnCheckDigit(body)) + rng.int(1, 9)) % 10);
    return groupCard(body + wrong, rng.pick<CardGrouping>(['plain', 'spaced', 'dashed']));
  },
  /** A masked mobile number (`138****5678`). */
  maskedMobile: (rng: Rng): string => `${rng.pick(MOBILE_PREFIXES).slice(0, 3)}****${rng.digits(4)}`,
  /** A masked resident ID (`110105**********2X`). */
  maskedResidentId: (rng: Rng): string => {
    const id = residentId(rng);
    return `${id.slice(0, 6)}**********${id.slice(-2)}`;
  },
  /** A masked card number (`622202******7890`). */
  maskedCard: (rng: Rng): string => {
    const card = bankCard(rng);
    return `${card.slice(0, 6)}******${card.slice(-4)}`;
  },
  /** A service hotline: `400-xxx-xxxx`, `800-xxx-xxxx`, `400xxxxxxx` or a `95xxx` number. */
  hotline: (rng: Rng): string => {
    switch (rng.int(0, 3)) {
      case 0:
        return `400-${rng.digits(3)}-${rng.digits(4)}`;
      case 1:
        return `800-${rng.digits(3)}-${rng.digits(4)}`;
      case 2:
        return `400${rng.digits(7)}`;
      default:
        return `95${rng.digits(3)}`;
    }
  },
} as const;

/** The name of one kind of look-alike. */
export type LookalikeKind = keyof typeof lookalikes;
/** Every kind of look-alike. */
export const LOOKALIKE_KINDS = Object.keys(lookalikes) as readonly LookalikeKind[];
