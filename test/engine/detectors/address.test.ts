import { describe, expect, it } from 'vitest';
import { ENGLISH_LEADS, LABEL_WORDS, addressDetector } from '../../../lambdas/engine/detectors/address.js';
import { ENGLISH_ADDRESS_REGIONS, englishAddress } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { findType, onlyFinding } from './find.js';

const detector = addressDetector.id;

describe('cn_address detector', () => {
  it.each([
    ['广东省深圳市南山区科技园路88号', '广东省深圳市南山区科技园路88号'],
    ['浙江省杭州市西湖区文三路90号3栋2单元501室', '浙江省杭州市西湖区文三路90号3栋2单元501室'],
    ['北京市朝阳区建国路88号华贸中心3号楼1201室', '北京市朝阳区建国路88号华贸中心3号楼1201室'],
    ['上海浦东新区张杨路500号', '上海浦东新区张杨路500号'],
    ['广西壮族自治区南宁市青秀区民族大道100号', '广西壮族自治区南宁市青秀区民族大道100号'],
    ['客户要求改寄到江苏省南京市鼓楼区中山路18号，周末送达', '江苏省南京市鼓楼区中山路18号'],
    ['发货：四川省成都市武侯区科华北路12号', '四川省成都市武侯区科华北路12号'],
    // Taiwan: city or county, district, road, section, lane and alley, number, floor.
    ['台北市大安區忠孝東路四段101號', '台北市大安區忠孝東路四段101號'],
    ['收件：臺中市西屯區台灣大道三段99號12樓', '臺中市西屯區台灣大道三段99號12樓'],
    ['新北市板橋區文化路一段27巷5弄7號', '新北市板橋區文化路一段27巷5弄7號'],
    ['新竹縣竹北市光明六路1號', '新竹縣竹北市光明六路1號'],
    // Hong Kong and Macau: the region, the road (maybe with its direction), number and floor.
    ['香港九龍旺角彌敦道688號10樓', '香港九龍旺角彌敦道688號10樓'],
    ['香港中環皇后大道中99號', '香港中環皇后大道中99號'],
    ['九龍尖沙咀廣東道3號', '九龍尖沙咀廣東道3號'],
    ['澳門氹仔友誼大馬路15號', '澳門氹仔友誼大馬路15號'],
    // House numbers in Chinese numerals, with nothing or more Chinese text after them.
    ['浙江省杭州市西湖区文三路八十八号', '浙江省杭州市西湖区文三路八十八号'],
    ['请寄到上海市浦东新区世纪大道一百零五号谢谢', '上海市浦东新区世纪大道一百零五号'],
    ['北京市朝阳区建国路八十八号华贸中心3号楼', '北京市朝阳区建国路八十八号华贸中心3号楼'],
    // Home addresses in an estate without a road; house numbers in dashes or with `#`.
    ['浙江省杭州市西湖区阳光小区3幢2单元501室', '浙江省杭州市西湖区阳光小区3幢2单元501室'],
    ['浙江省杭州市西湖区翠苑一区12幢301', '浙江省杭州市西湖区翠苑一区12幢301'],
    ['北京市朝阳区望京花园二期3号楼1201室', '北京市朝阳区望京花园二期3号楼1201室'],
    ['江苏省南京市鼓楼区城南新村5-2-302', '江苏省南京市鼓楼区城南新村5-2-302'],
    ['浙江省杭州市西湖区文三路88-3-501', '浙江省杭州市西湖区文三路88-3-501'],
    ['浙江省杭州市西湖区文三路88#3栋', '浙江省杭州市西湖区文三路88#3栋'],
    ['浙江省 杭州市 西湖区 阳光小区 3 幢 2 单元 501 室', '浙江省 杭州市 西湖区 阳光小区 3 幢 2 单元 501 室'],
    // A village and its group, a community's group, a dormitory.
    ['河南省周口市郸城县汲冢镇王庄村3组12号', '河南省周口市郸城县汲冢镇王庄村3组12号'],
    ['四川省成都市武侯区玉林街道芳草社区3组8号', '四川省成都市武侯区玉林街道芳草社区3组8号'],
    ['湖北省武汉市洪山区华中科技大学学生宿舍12号楼201室', '湖北省武汉市洪山区华中科技大学学生宿舍12号楼201室'],
    // A mainland address in Traditional characters.
    ['廣東省深圳市南山區科技園路88號3棟2單元501室', '廣東省深圳市南山區科技園路88號3棟2單元501室'],
  ])('finds the complete chain %j without a label', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_address', detector, pattern: 'chain', value });
  });

  it.each([
    ['收货地址：深圳市南山区科技园路88号', '深圳市南山区科技园路88号'],
    ['地址 南山区科技园路88号', '南山区科技园路88号'],
    ['住址：杭州市西湖区文三路90号', '杭州市西湖区文三路90号'],
    ['聯絡地址：大安區仁愛路四段27巷5號', '大安區仁愛路四段27巷5號'],
    ['地址：西湖区文三路二十号', '西湖区文三路二十号'],
  ])('finds a shorter chain %j next to an address label', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_address', pattern: 'labelled', basis: 'context', value });
  });

  it.each([
    ['上海市浦东新区世纪公寓A座', '上海市浦东新区世纪公寓A座'],
    ['北京市朝阳区世纪公寓A座1201室', '北京市朝阳区世纪公寓A座1201室'],
    ['广东省广州市天河区碧桂园B栋2单元302', '广东省广州市天河区碧桂园B栋2单元302'],
    ['浙江省杭州市滨江区星耀城二期C2幢1503室', '浙江省杭州市滨江区星耀城二期C2幢1503室'],
    ['江苏省南京市鼓楼区南京大学鼓楼校区南园6舍302', '江苏省南京市鼓楼区南京大学鼓楼校区南园6舍302'],
  ])('finds %j: an estate whose building is named by a letter, or a dormitory\'s building (舍)', (text, value) => {
    expect(onlyFinding(`客户资料，${text}，备注无`)).toMatchObject({ type: 'cn_address', pattern: 'chain', value });
  });

  it('finds an estate whose building is named by a letter as a whole field under an address column, and after the words that lead to it', () => {
    expect(onlyFinding('世纪公寓A座1201室', '详细地址')).toMatchObject({ type: 'cn_address', pattern: 'street-column', value: '世纪公寓A座1201室' });
    expect(onlyFinding('他住在朝阳区世纪公寓B座302室')).toMatchObject({ type: 'cn_address', pattern: 'labelled', value: '朝阳区世纪公寓B座302室' });
  });

  it.each([
    // Online shops' exports: the area's parts and the road a space apart.
    ['浙江省 杭州市 西湖区 文三路88号', 'chain'],
    ['浙江省 杭州市 西湖区 西溪街道 文三路88号', 'chain'],
    ['北京 朝阳区 建国路88号 华贸中心 3号楼', 'chain'],
    ['广西壮族自治区 南宁市 青秀区 民族大道100号', 'chain'],
    ['台北市 大安區 忠孝東路四段101號', 'chain'],
    ['香港 九龍 彌敦道688號', 'chain'],
    ['浙江省 杭州市 西湖区 文三路八十八号', 'chain'],
    // Text typed with spaces between Chinese and digits.
    ['上海市浦东新区光明路 649 号', 'chain'],
    ['广东省深圳市南山区科技园路 18 号 3 栋 2 单元 501 室', 'chain'],
    ['新北市板橋區文化路一段 27 巷 5 弄 7 號', 'chain'],
    ['香港中環皇后大道中 99 號', 'chain'],
    // Both.
    ['广东省 深圳市 南山区 科技园路 18 号 3 栋 501 室', 'chain'],
  ])('finds %j, its parts a space apart', (value, pattern) => {
    expect(onlyFinding(`客户资料，${value}，备注无`)).toMatchObject({ type: 'cn_address', pattern, value });
  });

  it.each([
    ['收货地址：杭州市 西湖区 文三路88号', '杭州市 西湖区 文三路88号'],
    ['地址 南山区科技园路 88 号', '南山区科技园路 88 号'],
    ['联系地址 杭州市 西湖区 文三路 90 号', '杭州市 西湖区 文三路 90 号'],
  ])('finds a shorter chain %j, its parts a space apart, next to an address label', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_address', pattern: 'labelled', basis: 'context', value });
  });

  it.each([
    ['上海市 2024 年报', 'a city and a year'],
    ['北京 朝阳 12 号线', 'a metro line, no road'],
    ['深圳市 南山区 科技园 A 座', 'no road and number'],
    ['广东省 深圳市 南山区 科技园路', 'no house number'],
    ['排队 35 人，金额 3601.92 元', 'a log line'],
    ['上海市浦东新区门店座机 024-66048050', 'an area and a phone number'],
    ['浙江省  杭州市  西湖区  文三路88号', 'two spaces between parts'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_address')).toEqual([]);
  });

  it.each(['文三路88号3栋501室', '阳光小区3幢2单元501室', '翠苑一区12幢301', '西丽街道留仙大道1001号', '建国路88号华贸中心3号楼1201室', '忠孝東路四段27巷5弄7號', '文三路 88 号 3 栋 501 室'])(
    'finds the street part alone, %j, as a whole field under an address column (an export that splits the address)',
    (value) => {
      expect(onlyFinding(value, '详细地址')).toMatchObject({ type: 'cn_address', pattern: 'street-column', basis: 'context', value });
      expect(findType(value, 'cn_address', '备注')).toEqual([]);
      expect(findType(value, 'cn_address')).toEqual([]);
    },
  );

  it.each(['3栋501室', '人民路', '88号', '第3章88号', '文三路88号周末送达'])('does not find %j under an address column: no street, or not the whole field', (value) => {
    expect(findType(value, 'cn_address', '详细地址')).toEqual([]);
  });

  it.each([
    ['客户改寄到杭州市西湖区文三路90号，周末送达', '杭州市西湖区文三路90号'],
    ['请送到南山区科技园路18号', '南山区科技园路18号'],
    ['他住在西湖区阳光小区3幢2单元501室', '西湖区阳光小区3幢2单元501室'],
    ['收货地址杭州市西湖区文三路90号', '杭州市西湖区文三路90号'],
  ])('finds a shorter chain after the words that lead to it in a sentence, %j, without them', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_address', pattern: 'labelled', basis: 'context', value });
  });

  it('finds a shorter chain under an address column header', () => {
    expect(onlyFinding('深圳市南山区科技园路88号', '收货地址')).toMatchObject({ type: 'cn_address', basis: 'context' });
  });

  it.each([
    ['深圳市南山区科技园路88号', 'no province and no label'],
    ['广东省深圳市南山区', 'no road and number'],
    ['上海市浦东新区门店座机 024-66048050', 'an area and a phone number'],
    ['广东省深圳市南山区科技园路', 'no house number'],
    ['地址：科技园路88号', 'no administrative area at all'],
    ['订单号 2024112712345 已发往广州', 'a dispatch note'],
    ['价格 525.81 元', 'a price'],
    ['大安區忠孝東路四段101號', 'a Taiwan district and road without its city, and no label'],
    ['香港九龍旺角', 'a Hong Kong area without road and number'],
    ['北京市朝阳区地铁十号线', 'a metro line numbered in Chinese numerals, no road'],
    ['浙江省杭州市西湖区文三路〇号', 'a number written with 〇, outside the Han range'],
    ['浙江省杭州市西湖区阳光小区', 'an estate without building or room'],
    ['浙江省杭州市西湖区人民政府3号文件', 'a government office and a document number'],
    ['北京市朝阳区人民法院3号法庭', 'a court and a courtroom'],
    ['上海市浦东新区科技中心3楼', 'a centre, no estate'],
    ['北京市朝阳区望京花园2024年', 'an estate and a year'],
    ['上海市浦东新区世纪公寓APP下载', 'an estate and a word in capitals, no building'],
    ['北京市朝阳区望京花园VIP会员', 'an estate and a word in capitals, no building'],
    ['浙江省杭州市西湖区文三路88-3', 'a road and one dash, no 号'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_address')).toEqual([]);
  });

  describe('in English', () => {
    it.each([
      ['Address: Flat 5, 10/F, Block A, 123 Nathan Road, Tsim Sha Tsui, Kowloon', 'Flat 5, 10/F, Block A, 123 Nathan Road, Tsim Sha Tsui, Kowloon'],
      ["地址：3F., No. 25, Ln. 27, Sec. 4, Ren'ai Rd., Da'an Dist., Taipei City 106", "3F., No. 25, Ln. 27, Sec. 4, Ren'ai Rd., Da'an Dist., Taipei City 106"],
      ['Correspondence Address Room 1203, 12/F, Wing On House, 71 Des Voeux Road Central, Hong Kong', 'Room 1203, 12/F, Wing On House, 71 Des Voeux Road Central, Hong Kong'],
      ['住址 Avenida de Almeida Ribeiro, No. 61, 5 andar B, Macau', 'Avenida de Almeida Ribeiro, No. 61, 5 andar B, Macau'],
      ['Address: 123 Nathan Road, Kowloon', '123 Nathan Road, Kowloon'],
      ['Address: 12-14 Nathan Road, Kowloon', '12-14 Nathan Road, Kowloon'],
      ['Address: 12-14A Nathan Road, Kowloon', '12-14A Nathan Road, Kowloon'],
      // In lower case, as customers type them into a form.
      ['address: flat 5, 10/f, 123 nathan road, kowloon', 'flat 5, 10/f, 123 nathan road, kowloon'],
      ['地址：room 1203, 12/f, 71 des voeux road central', 'room 1203, 12/f, 71 des voeux road central'],
      ['Address: 12-14a nathan rd, kowloon', '12-14a nathan rd, kowloon'],
      ['ADDRESS: G/F, 12 Tai Po Road, Sham Shui Po, Kowloon', 'G/F, 12 Tai Po Road, Sham Shui Po, Kowloon'],
      // It ends before the next label.
      ['Address: 12 Nathan Road, Kowloon. Phone: none', '12 Nathan Road, Kowloon.'],
    ])('finds %j right after an address label', (text, value) => {
      expect(onlyFinding(text)).toMatchObject({ type: 'cn_address', pattern: 'english', basis: 'context', value });
    });

    it.each(ENGLISH_ADDRESS_REGIONS)('finds every generated address of %s after a label and under an address column', (region) => {
      const rng = new Rng(`english-address-${region}`);
      for (let i = 0; i < 40; i++) {
        const value = englishAddress(rng, { region });
        expect(onlyFinding(`${rng.pick(['Address: ', 'Address ', '地址：', 'Home Address: '])}${value}`)).toMatchObject({ pattern: 'english', value });
        expect(onlyFinding(value, rng.pick(['Address', '地址', '通訊地址', 'Correspondence Address']))).toMatchObject({ pattern: 'english-column', value });
        const lower = value.toLowerCase();
        expect(onlyFinding(`Address: ${lower}`)).toMatchObject({ pattern: 'english', value: lower });
        expect(onlyFinding(lower, 'Address')).toMatchObject({ pattern: 'english-column', value: lower });
      }
    });

    it('is tried only in a text with an address label: every label holds one of the words it requires', () => {
      const english = addressDetector.patterns.find((p) => p.name === 'english')!;
      expect(english.requires).toEqual(LABEL_WORDS);
      for (const label of ENGLISH_LEADS) expect(LABEL_WORDS.some((word) => label.includes(word))).toBe(true);
    });

    it.each([
      ['We met at 123 Nathan Road yesterday.', undefined, 'no label'],
      ['Flat 5, 10/F, 123 Nathan Road, Kowloon', undefined, 'a whole address, but no label and no column'],
      ['Flat 5, 10/F, 123 Nathan Road, Kowloon', 'Remark', 'a column that is not an address'],
      ['Address: Kowloon, Hong Kong', undefined, 'no number'],
      ['Address: 0x7ffe1234 in libc.so', undefined, 'a memory address'],
      ['Email Address: chan@example.com', undefined, 'an email address (found as one)'],
      ['IP address: 10.0.0.1', undefined, 'an IP address (found as one)'],
      ['the address 5 times', undefined, 'a number and no address word'],
      ['address: see the attached list of 5', undefined, 'lower-case words and a number, no address word'],
      ['Address: none given, customer 12 declined', undefined, 'lower-case words and a number, no address word'],
      ['Address: Model 1st edition', undefined, 'an ordinal is no street'],
      ['192.168.1.1', 'IP Address', 'an IP address column'],
      ['Model 3, 2024 edition', 'Address', 'no address word'],
      ['2024-11-01 Road works', 'Address', 'a date is no range of house numbers'],
    ] as [string, string | undefined, string][])('does not find %j under %j (%s)', (text, header) => {
      expect(findType(text, 'cn_address', header)).toEqual([]);
    });
  });

  it('reports the whole address as one finding, masked after the province and city', () => {
    const f = onlyFinding('广东省深圳市南山区科技园路88号');
    expect(f.masked).toBe('广东省深圳市**********');
  });
});
