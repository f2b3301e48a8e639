/**
 * Postal addresses: an administrative chain (province, city, district, town), then a road or
 * street, a house number (`88号`, `88#`, or `88-3-501` in dashes) and optionally a building, unit
 * and room (`华贸中心3号楼2单元501室`); or, as home addresses are mostly written, a residential
 * estate without a road and its building, unit and room (`阳光小区3幢2单元501室`, `翠苑一区12幢301`).
 * The whole address is one finding.
 *
 * - `chain`: a complete chain is distinctive enough to report in free text without a label: in
 *   mainland China from a province (or municipality) down to a city or district; in Taiwan from a
 *   city or county down to a district (`台北市大安區`); in Hong Kong and Macau from the region
 *   (`香港`, `九龍`, `澳門`) to the road;
 * - `labelled`: a shorter chain (from a city or a district) is reported next to an address label
 *   or under an address column header;
 * - `street-column`: a whole field of the street part alone (road, house number, building and
 *   room: `文三路88号3栋501室`) under an address column header, as exports that split an address
 *   into province, city, district and detail columns (`详细地址`) write it.
 *
 * Addresses written in Traditional characters (Hong Kong, Macau and Taiwan customers, and mainland
 * addresses some of them write: `廣東省深圳市南山區…號`) are read as the Simplified ones are, with
 * what Taiwan's addresses add: a road's section (`四段`), lane and alley (`27巷5弄`), a floor
 * (`10樓`).
 *
 * An address starts a run of Chinese text (after punctuation, a space or a field delimiter) or
 * follows an address word inside one (`改寄到浙江省...`), and its Chinese run is followed by a
 * digit (the road's house number), so most Chinese runs are never tried.
 *
 * Its parts may stand a space apart, as online shops export them (`浙江省 杭州市 西湖区 文三路88号`)
 * and as text typed with spaces between Chinese and digits writes them (`光明路 649 号 3 栋`): one
 * space (SP) between the chain's parts, before and after the house number's digits and a unit's.
 * Such an address's first Chinese run is followed by a space and ends as one of its parts can
 * (PART_ENDS: `省`, `市`, `区`, `路`, a province's name ...), which the triggers check.
 *
 * Addresses in English, as Hong Kong, Macau and Taiwan customers (and mainland ones, in pinyin)
 * write them (`Flat 5, 10/F, Block A, 123 Nathan Road, Kowloon`, `3F., No. 25, Ln. 27, Sec. 4,
 * Ren'ai Rd., Da'an Dist., Taipei City`), are read only right after an address label (`Address:`,
 * `地址：`) or as a whole field under an address column (`english`, `english-column`): words
 * separated by spaces and commas, holding a digit and a word only addresses use (a road, a
 * street, a flat, a floor: ENGLISH_ADDRESS_WORD).
 */
import type { Detector, PatternTrigger, Verdict } from '../types.js';
import { FIELD_END, FIELD_START, fieldTriggers, HAN, afterLabel, globalRegex, labelGaps } from './regex-parts.js';
import { anyOf, bothForms, forms, withSpellings } from './traditional.js';

/** The one space an address may hold between two of its parts (see the module doc). */
const SP = ' ?';

/** Chinese numerals of a house number (not 〇: it is outside the Han range the triggers read). */
const NUMERALS = '一二三四五六七八九十百零两兩';
/** What a Han run holds when it holds an address numbered in Chinese numerals: a numeral, then `号`. */
const HAO = { chars: forms('号'), after: NUMERALS };

const MUNICIPALITIES = ['北京', '天津', '上海', '重庆'];
const PROVINCES = [
  '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北', '湖南',
  '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾',
];
const REGIONS: readonly (readonly [string, string])[] = [['内蒙古', '自治区'], ['广西', '壮族自治区'], ['西藏', '自治区'], ['宁夏', '回族自治区'], ['新疆', '维吾尔自治区']];
/** Taiwan's cities and counties, named without 市 or 縣. */
const TW_CITIES = [
  '台北', '新北', '桃园', '台中', '台南', '高雄', '基隆', '新竹', '嘉义', '苗栗', '彰化', '南投', '云林', '屏东', '宜兰', '花莲',
  '台东', '澎湖', '金门', '连江',
];
/** Hong Kong and Macau, and the parts of Hong Kong an address may start with. */
const SAR = ['香港', '澳门'];
const SAR_PARTS = ['九龙', '新界', '香港岛', '离岛', '氹仔', '路环'];

const PROVINCE = `(?:${anyOf(MUNICIPALITIES)}市?|${anyOf(PROVINCES)}省?|${REGIONS.map(([name, suffix]) => `${bothForms(name)}(?:${bothForms(suffix)})?`).join('|')})`;
const CITY_ENDS = ['自治州', '地区', '市', '州', '盟'];
const CITY = `${HAN}{1,6}?${anyOf(CITY_ENDS)}`;
// A township (镇, 乡) is a district in Taiwan (`花蓮縣吉安鄉`), and a labelled address may start at one in the mainland.
const DISTRICT_ENDS = ['区', '县', '旗', '市', '镇', '乡'];
const DISTRICT = `${HAN}{1,6}?${anyOf(DISTRICT_ENDS)}`;
const TOWN_ENDS = ['街道', '镇', '乡'];
const TOWN = `(?:${SP}${HAN}{1,8}?${anyOf(TOWN_ENDS)})?`;
const ROAD_WORDS = ['大道', '大街', '胡同', '路', '街', '巷', '弄', '道', '里', '围'];
const DIRECTIONS = '东東西南北中';
/** A road, maybe with its direction (`皇后大道中`) and, in Taiwan, its section (`四段`). */
const ROAD = `${SP}[\\u4e00-\\u9fff0-9]{1,12}?${anyOf(ROAD_WORDS)}[${DIRECTIONS}]?(?:[一二三四五六七八九十]{1,3}段)?`;
/**
 * The house number, after a lane and an alley in Taiwan (`27巷5弄7號`); `#` for 号 (`88#`), or the
 * number, building and room in dashes without it (`88-3-501`).
 */
const NUMBER = `${SP}(?:(?:\\d{1,4}${SP}巷${SP})?(?:\\d{1,4}${SP}[弄衖]${SP})?\\d{1,5}(?:[-之]\\d{1,4})?${SP}(?:${bothForms('号')}|#)|\\d{1,5}(?:-\\d{1,4}){2,3}(?![0-9-]))`;
const NUMBER_IN_NUMERALS = `${SP}[${NUMERALS}]{1,6}${bothForms('号')}`;
const PLACE_WORDS = ['小区', '花园', '大厦', '公寓', '广场', '中心', '家园', '苑', '园', '城', '院', '阁', '邨'];
const PLACE = `(?:${SP}${HAN}{0,12}?${anyOf(PLACE_WORDS)})?`;
/** A building, unit, floor or room; a village's group (`王庄村3组12号`); a dormitory's building (`南园6舍302`). */
const UNIT_WORDS = ['号楼', '栋', '幢', '座', '单元', '室', '层', '楼', '号', '组', '舍'];
/** One of a building, unit, floor and room, with its number (`3栋`, `2单元`, `3#楼`, `3#`, `A座`). */
const ROOM = (number: string) => `${SP}${number}${SP}(?:#?${anyOf(UNIT_WORDS)}|#)`;
/** Building, unit, floor and room after a house number (`3栋2单元501室`). */
const UNIT = `(?:${ROOM('[0-9A-Za-z]{1,4}')})*`;
/**
 * A residential estate without a road (`阳光小区`, `翠苑一区`, `望京花园二期`, `城南新村`, a village
 * `王庄村`, a dormitory `学生宿舍`), as home addresses are mostly written: only words of homes (not
 * 院, 中心, 广场, 府 or 庭, which also end 法院, 政府, 法庭 before a document's or a courtroom's
 * number).
 */
const ESTATE_WORDS = ['小区', '花园', '家园', '公寓', '宿舍', '大厦', '新村', '社区', '公馆', '苑', '园', '城', '阁', '邨', '村'];
const ESTATE = `${SP}${HAN}{1,12}?${anyOf(ESTATE_WORDS)}(?:[一二三四五六七八九十]{1,3}[区期])?`;
/**
 * An estate's building, unit and room, the first numbered in digits (where the triggers find the
 * address: after its Chinese run, a digit), others as UNIT (`3幢2单元501室`, `12幢301`: a room's
 * number may end it bare), or all in dashes (`3-2-501`).
 */
const ROOMS = `(?:${ROOM('\\d[0-9A-Za-z]{0,3}')}${UNIT}(?:${SP}\\d{3,4}(?![0-9A-Za-z]))?|${SP}\\d{1,4}(?:-\\d{1,4}){1,3}(?![0-9-]))`;
/**
 * An estate's building named by a letter (`世纪公寓A座1201室`, `碧桂园B栋2单元302`, `C2幢`), then
 * its unit and room as ROOMS': before engine 0.3.6 such an address was not found at all.
 */
const LETTER_ROOMS = `${SP}[A-Z]\\d?${SP}${anyOf(['座', '栋', '幢', '号楼', '楼'])}${UNIT}(?:${SP}\\d{3,4}(?![0-9A-Za-z]))?`;
/** What follows the chain: a road and its house number, or an estate and its rooms. */
const TAIL = `${TOWN}(?:${ROAD}${NUMBER}${PLACE}${UNIT}|${ESTATE}(?:${ROOMS}|${LETTER_ROOMS}))`;
const TAIL_IN_NUMERALS = `${TOWN}${ROAD}${NUMBER_IN_NUMERALS}${PLACE}${UNIT}`;

/** A complete chain in mainland China, in Taiwan, in Hong Kong or Macau (see the module doc). */
const MAINLAND_CHAIN = `${PROVINCE}${SP}(?:${CITY}(?:${SP}${DISTRICT})?|${DISTRICT})`;
const TW_CHAIN = `(?:${bothForms('台湾')}省?${SP})?${anyOf(TW_CITIES)}${anyOf(['市', '县'])}${SP}${DISTRICT}`;
const SAR_CHAIN = `(?:${anyOf(SAR)}(?:${bothForms('特别行政区')})?(?:${SP}${anyOf(SAR_PARTS)})?|${anyOf(SAR_PARTS)})`;
const CHAIN = `(?:${MAINLAND_CHAIN}|${TW_CHAIN}|${SAR_CHAIN})`;
/** A shorter chain, from a city or a district. */
const SHORT_CHAIN = `(?:${PROVINCE}(?:${SP}${CITY})?(?:${SP}${DISTRICT})?|${CITY}(?:${SP}${DISTRICT})?|${DISTRICT})`;

/** The first characters, in both forms, of the chains: where a `chain` can start. */
const CHAIN_FIRSTS = [
  ...new Set(
    [...MUNICIPALITIES, ...PROVINCES, ...REGIONS.map(([name]) => name), ...TW_CITIES, ...SAR, ...SAR_PARTS].flatMap((word) => [...forms(word[0])]),
  ),
].join('');
/**
 * How a part of an address can end, in both forms: where the first Chinese run of an address whose
 * parts stand a space apart ends (`浙江省`, `北京`, `浦东新区`, `西溪街道`, `光明路`, `四段`).
 */
const PART_ENDS = [
  ...new Set(
    [
      ...MUNICIPALITIES, ...PROVINCES, ...REGIONS.flat(), ...TW_CITIES, ...SAR, ...SAR_PARTS, '台湾', '特别行政区', '省',
      ...CITY_ENDS, ...DISTRICT_ENDS, ...TOWN_ENDS, ...ROAD_WORDS, ...DIRECTIONS, '段', ...ESTATE_WORDS, '期',
    ].flatMap((word) => [...forms(word[word.length - 1])]),
  ),
].join('');
type RunTrigger = Extract<PatternTrigger, { run: 'alnum' | 'han' }>;
/** How an estate's name ends, in both forms (ESTATE_WORDS, and its `二区`, `三期`): where a building named by a letter follows. */
const ESTATE_ENDS = [...new Set([...ESTATE_WORDS, '区', '期'].flatMap((word) => [...forms(word[word.length - 1])]))].join('');
const CAPITALS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Triggers of an estate whose first building is named by a letter: a run ending as an estate's name, before a capital. */
const LETTER_BUILDING = { next: CAPITALS, last: ESTATE_ENDS } as const;
/**
 * Han triggers, and the twin of each for an address whose first run is a part a space ends: that
 * run followed by a space, ending in one of PART_ENDS (`holds` left out: the house number is
 * past the space).
 */
function withSpacedTwins(triggers: readonly RunTrigger[]): RunTrigger[] {
  return [...triggers, ...triggers.map(({ holds: _, ...trigger }): RunTrigger => ({ ...trigger, lengths: [[2, 63]], next: ' ', last: PART_ENDS }))];
}

/** Address labels; also context words. */
const LABELS = withSpellings(['收货地址', '收件地址', '寄件地址', '送货地址', '联系地址', '家庭住址', '户籍地址', '通讯地址', '地址', '住址']);
/** Words after which an address starts inside a run of Chinese text. */
const LEADS = [...LABELS, ...withSpellings(['寄到', '寄往', '寄至', '送到', '送至', '发往', '发到', '住在', '位于', '改为', '改到', '搬到', '地址是', '地址为'])];
const DIGITS = '0123456789';
/**
 * Where an address can start: the start of a Chinese run, or right after a lead word (what the
 * triggers try); never before a lead word a few characters on (`客户改寄到杭州市…`: a chain's first
 * part reads any characters before its suffix, and took the words before the address with it).
 */
const AT_START = `(?:(?<!${HAN})|(?<=${LEADS.join('|')}))(?!${HAN}{0,6}(?:${LEADS.join('|')}))`;

/** English address labels; the Chinese LABELS are read before an English address too. */
const ENGLISH_LABELS = [
  'Address', 'ADDRESS', 'address', 'Addr', 'Residential Address', 'Correspondence Address', 'Mailing Address', 'Home Address',
  'Delivery Address', 'Shipping Address', 'Billing Address', 'Postal Address',
];
/** Labels an English address follows: the Chinese ones and the English ones. */
export const ENGLISH_LEADS = [...LABELS, ...ENGLISH_LABELS];
/** What every one of ENGLISH_LEADS holds (`Address`, `ADDRESS`, `Addr`, `地址`, `住址`), for `requires`. */
export const LABEL_WORDS = ['ddr', 'DDR', '址'];
/** One word of an English address: letters, digits and what abbreviations and numbers hold (`Rd.`, `10/F`, `Ren'ai`, `12-14`). */
const EN_WORD = "[A-Za-z0-9][A-Za-z0-9'./&#-]*";
/** A later word, never a label (`Phone:` after the address). */
const EN_NEXT_WORD = `(?![A-Za-z0-9'./&#-]*:)${EN_WORD}`;
/** Up to ten parts of up to eight words, separated by commas. */
const EN_PART = `${EN_WORD}(?: ${EN_NEXT_WORD}){0,7}`;
/**
 * How an English address starts (ENGLISH_STARTS): a letter (`Flat`, `No.`, `G/F`, `Avenida`; in
 * lower case too, as customers type them: `flat 5, 10/f, …`), a number of up to five characters
 * (`123`, `10`, `3F`) before a space, a full stop or a slash and then a letter or no letter or digit
 * (`123 Nathan`, `10/F`, `3F., `; not `203.0`, `6228 4873`), or a range of house numbers, maybe
 * ending in a letter, before a letter (`12-14 Nathan`, `12-14A Nathan`).
 */
const EN_START =
  '(?=[A-Za-z][A-Za-z0-9]{0,11}[ ./]|[0-9][A-Za-z0-9]{0,4}[ ./](?:[A-Za-z]|(?![A-Za-z0-9]))|[0-9][A-Za-z0-9]{0,4}-[0-9]{1,5}[A-Za-z]? [A-Za-z])';
const EN_ADDRESS = `(?<![0-9A-Za-z'./&#-])${EN_START}${EN_PART}(?:, ?(?:${EN_NEXT_WORD})(?: ${EN_NEXT_WORD}){0,7}){0,9}`;
/**
 * Words only an address holds (case aside): a road or street and its abbreviations, Taiwan's
 * section, lane, alley and district, a flat, room, floor (`10/F`, `G/F`, `3F`), block or building,
 * and Macau's Portuguese roads.
 */
const ENGLISH_ADDRESS_WORD =
  /(?<![A-Za-z0-9])(?:road|rd|street|st|avenue|ave|lane|ln|alley|aly|sec|section|dist|district|boulevard|blvd|highway|hwy|drive|terrace|path|flat|room|rm|unit|suite|block|blk|floor|building|bldg|tower|mansion|estate|rua|avenida|estrada|travessa|largo|andar|\d{1,3}\/?f|g\/f)(?![A-Za-z])/i;
/** The English patterns, which validateAddress checks. */
const ENGLISH_PATTERNS = new Set(['english', 'english-column']);
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The triggers' side of EN_START: a word, a short number before a letter or nothing, a range. */
const ENGLISH_STARTS = [
  { run: 'alnum', first: LETTERS, lengths: [[1, 12]], next: ' ./' },
  { run: 'alnum', first: '0123456789', lengths: [[1, 5]], next: ' ./', then: { first: LETTERS, lengths: [[0, Infinity]] } },
  { run: 'alnum', first: '0123456789', lengths: [[1, 5]], next: '-', then: { first: '0123456789', lengths: [[1, 6]], next: ' ', follow: LETTERS } },
] as const;

/** An English address holds a digit and an address word; the Chinese patterns are settled by their expressions. */
function validateAddress(text: string, start: number, end: number, pattern: string): Verdict {
  if (!ENGLISH_PATTERNS.has(pattern)) return undefined;
  const value = text.slice(start, end);
  return /\d/.test(value) && ENGLISH_ADDRESS_WORD.test(value) ? undefined : false;
}

/** Address detector: `cn_address`, a complete chain alone, a shorter one with a label or header. */
export const addressDetector: Detector = {
  id: 'cn_address.chain',
  type: 'cn_address',
  strength: 1,
  patterns: [
    {
      name: 'chain',
      regex: globalRegex(AT_START, `${CHAIN}${TAIL}`),
      score: 0.6,
      triggers: [
        ...withSpacedTwins([
          { run: 'han', first: CHAIN_FIRSTS, lengths: [[4, 63]], next: DIGITS },
          { run: 'han', inside: true, lengths: [[4, 63]], next: DIGITS, after: LEADS },
        ]),
        { run: 'han', first: CHAIN_FIRSTS, lengths: [[4, 63]], ...LETTER_BUILDING },
        { run: 'han', inside: true, lengths: [[4, 63]], ...LETTER_BUILDING, after: LEADS },
      ],
    },
    {
      name: 'labelled',
      regex: globalRegex(AT_START, `${SHORT_CHAIN}${TAIL}`),
      score: 0.2,
      triggers: [
        ...withSpacedTwins([
          { run: 'han', lengths: [[2, 63]], next: DIGITS },
          { run: 'han', inside: true, lengths: [[2, 63]], next: DIGITS, after: LEADS },
        ]),
        { run: 'han', lengths: [[2, 63]], ...LETTER_BUILDING },
        { run: 'han', inside: true, lengths: [[2, 63]], ...LETTER_BUILDING, after: LEADS },
      ],
    },
    // The house number in Chinese numerals (`文三路八十八号`): no digit follows the run, which holds
    // the numerals and their 号. These patterns are dead in a text without a numeral before a 号.
    {
      name: 'chain',
      regex: globalRegex(AT_START, `${CHAIN}${TAIL_IN_NUMERALS}`),
      score: 0.6,
      triggers: withSpacedTwins([
        { run: 'han', first: CHAIN_FIRSTS, lengths: [[4, Infinity]], holds: HAO },
        { run: 'han', inside: true, lengths: [[4, Infinity]], holds: HAO, after: LEADS },
      ]),
    },
    {
      name: 'labelled',
      regex: globalRegex(AT_START, `${SHORT_CHAIN}${TAIL_IN_NUMERALS}`),
      score: 0.2,
      triggers: withSpacedTwins([
        { run: 'han', lengths: [[2, Infinity]], holds: HAO },
        { run: 'han', inside: true, lengths: [[2, Infinity]], holds: HAO, after: LEADS },
      ]),
    },
    {
      name: 'street-column',
      // A whole field, starting with its Chinese (TAIL's spaces are between parts, not before them).
      regex: globalRegex(FIELD_START, `(?=${HAN})`, TAIL, FIELD_END),
      score: 0.2,
      headerOnly: true,
      triggers: [...withSpacedTwins([{ run: 'han', lengths: [[2, 63]], next: DIGITS }]), { run: 'han', lengths: [[2, 63]], ...LETTER_BUILDING }],
    },
    {
      name: 'english',
      // Only where the triggers try it: right after an address label, and a colon or a space.
      regex: globalRegex(afterLabel(ENGLISH_LEADS), EN_ADDRESS),
      score: 0.2,
      // Tried only in a text with an address label: at every number after a space it would make
      // the walk try 8.6% more runs of the bench's log.
      requires: LABEL_WORDS,
      triggers: ENGLISH_STARTS.map((start) => ({ ...start, after: labelGaps(ENGLISH_LEADS) })),
    },
    {
      name: 'english-column',
      // A whole field under an address column header.
      regex: globalRegex(FIELD_START, EN_ADDRESS, FIELD_END),
      score: 0.2,
      headerOnly: true,
      triggers: ENGLISH_STARTS.flatMap(fieldTriggers),
    },
  ],
  // The labels, and the words before an address in a sentence (`改寄到杭州市…`, `住在西湖区…`), so
  // a shorter chain after them is reported as after a label.
  context: [...LABELS, ...withSpellings(['收货', '收件', '寄件', '送货', '户籍', '寄到', '寄往', '寄至', '送到', '送至', '发往', '发到', '住在', '搬到']), 'address', 'addr'],
  // Column names in pinyin (地址 dizhi, 住址 zhuzhi, 家庭住址 jtzz, 联系地址 lxdz): in a header only.
  headerContext: ['dizhi', 'zhuzhi', 'jtzz', 'lxdz'],
  verbatim: true,
  validate: (value, pattern) => validateAddress(value, 0, value.length, pattern),
  validateAt: validateAddress,
  mask: (value) => value.slice(0, 6) + '*'.repeat(Math.min(12, Math.max(0, value.length - 6))),
};
