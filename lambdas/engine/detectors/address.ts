/**
 * Postal addresses in mainland China: an administrative chain (province, city, district, town),
 * then a road or street, a house number (`88号`) and optionally a building, unit and room
 * (`华贸中心3号楼2单元501室`). The whole address is one finding.
 *
 * - `chain`: a complete chain from a province (or municipality) down to a city or district is
 *   distinctive enough to report in free text without a label;
 * - `labelled`: a shorter chain (from a city or a district) is reported next to an address label
 *   or under an address column header.
 *
 * An address starts a run of Chinese text (after punctuation, a space or a field delimiter) or
 * follows an address word inside one (`改寄到浙江省...`), and its Chinese run is followed by a
 * digit (the road's house number), so most Chinese runs are never tried.
 */
import type { Detector } from '../types.js';
import { HAN, globalRegex } from './regex-parts.js';

const MUNICIPALITIES = ['北京', '天津', '上海', '重庆'];
const PROVINCES = [
  '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北', '湖南',
  '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾',
];
const REGIONS = ['内蒙古(?:自治区)?', '广西(?:壮族自治区)?', '西藏(?:自治区)?', '宁夏(?:回族自治区)?', '新疆(?:维吾尔自治区)?'];

const PROVINCE = `(?:(?:${MUNICIPALITIES.join('|')})市?|(?:${PROVINCES.join('|')})省?|${REGIONS.join('|')})`;
const CITY = `${HAN}{1,6}?(?:自治州|地区|市|州|盟)`;
const DISTRICT = `${HAN}{1,6}?(?:区|县|旗|市)`;
const TOWN = `(?:${HAN}{1,8}?(?:街道|镇|乡))?`;
const ROAD = '[\\u4e00-\\u9fff0-9]{1,12}?(?:大道|大街|胡同|路|街|巷|弄|道|里)';
const NUMBER = '\\d{1,5}(?:[-之]\\d{1,4})?号';
const PLACE = `(?:${HAN}{0,12}?(?:小区|花园|大厦|公寓|广场|中心|家园|苑|园|城|院))?`;
const UNIT = '(?:[0-9A-Za-z]{1,4}(?:号楼|栋|幢|座|单元|室|层|楼|号))*';
const TAIL = `${TOWN}${ROAD}${NUMBER}${PLACE}${UNIT}`;


/** The first characters of the province names: where a `chain` can start. */
const PROVINCE_FIRSTS = [...new Set([...MUNICIPALITIES, ...PROVINCES, '内蒙古', '广西', '西藏', '宁夏', '新疆'].map((p) => p[0]))].join('');
/** Address labels; also context words. */
const LABELS = ['收货地址', '收件地址', '寄件地址', '送货地址', '联系地址', '家庭住址', '户籍地址', '地址', '住址'];
/** Words after which an address starts inside a run of Chinese text. */
const LEADS = [...LABELS, '寄到', '寄往', '寄至', '送到', '送至', '发往', '发到', '住在', '位于', '改为', '改到', '搬到', '地址是', '地址为'];
const DIGITS = '0123456789';
/** Where an address can start: the start of a Chinese run, or right after a lead word (what the triggers try). */
const AT_START = `(?:(?<!${HAN})|(?<=${LEADS.join('|')}))`;

/** Address detector: `cn_address`, a complete chain alone, a shorter one with a label or header. */
export const addressDetector: Detector = {
  id: 'cn_address.chain',
  type: 'cn_address',
  strength: 1,
  patterns: [
    {
      name: 'chain',
      regex: globalRegex(AT_START, `${PROVINCE}(?:${CITY}(?:${DISTRICT})?|${DISTRICT})${TAIL}`),
      score: 0.6,
      triggers: [
        { run: 'han', first: PROVINCE_FIRSTS, lengths: [[4, 63]], next: DIGITS },
        { run: 'han', inside: true, lengths: [[4, 63]], next: DIGITS, after: LEADS },
      ],
    },
    {
      name: 'labelled',
      regex: globalRegex(AT_START, `(?:${PROVINCE}(?:${CITY})?(?:${DISTRICT})?|${CITY}(?:${DISTRICT})?|${DISTRICT})${TAIL}`),
      score: 0.2,
      triggers: [
        { run: 'han', lengths: [[2, 63]], next: DIGITS },
        { run: 'han', inside: true, lengths: [[2, 63]], next: DIGITS, after: LEADS },
      ],
    },
  ],
  context: [...LABELS, '收货', '收件', '寄件', '送货', '户籍', 'address', 'addr'],
  verbatim: true,
  mask: (value) => value.slice(0, 6) + '*'.repeat(Math.min(12, Math.max(0, value.length - 6))),
};
