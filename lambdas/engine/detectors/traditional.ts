/**
 * Words in Traditional characters: Hong Kong, Macau and Taiwan write their customers' records in
 * them (`聯絡地址`, `身分證`, `卡號`), and so do some mainland systems for those customers. Detectors
 * list their words in Simplified characters and spell them here in both forms, so a label, a
 * context word or an address word written in Traditional characters counts as the Simplified one
 * does.
 */

/**
 * The Traditional forms of the Simplified characters of detectors' words that have them (one or
 * more: `账` is `賬` in Hong Kong and `帳` in Taiwan; `台` is `臺` in forms and `台` in most other
 * Traditional text, `台胞證`, `台灣`).
 */
const TRADITIONAL: Readonly<Record<string, string>> = {
  // Addresses: administrative words, provinces, Taiwan's cities, Hong Kong's and Macau's places.
  区: '區', 县: '縣', 号: '號', 镇: '鎮', 乡: '鄉', 楼: '樓', 栋: '棟', 单: '單', 层: '層', 园: '園', 厦: '廈', 广: '廣',
  场: '場', 庆: '慶', 辽: '遼', 宁: '寧', 苏: '蘇', 龙: '龍', 贵: '貴', 云: '雲', 陕: '陝', 肃: '肅', 湾: '灣', 内: '內',
  维: '維', 尔: '爾', 壮: '壯', 门: '門', 岛: '島', 东: '東', 台: '臺台', 别: '別', 义: '義', 兰: '蘭', 莲: '蓮', 连: '連',
  阁: '閣', 围: '圍', 环: '環', 离: '離', 于: '於', 为: '為',
  // Labels and context words.
  证: '證', 码: '碼', 机: '機', 电: '電', 话: '話', 联: '聯', 系: '繫係', 络: '絡', 传: '傳', 银: '銀', 账: '賬帳', 帐: '帳',
  记: '記', 开: '開', 户: '戶', 统: '統', 会: '會', 纳: '納', 税: '稅', 识: '識', 护: '護', 来: '來', 邮: '郵', 货: '貨',
  称: '稱', 请: '請', 经: '經', 办: '辦', 陆: '陸', 讯: '訊', 车: '車', 辆: '輛', 违: '違', 驾: '駕', 驶: '駛', 诞: '誕',
  对: '對', 标: '標', 纬: '緯', 发: '發', 处: '處', 寿: '壽', 险: '險', 监: '監', 负: '負', 责: '責', 担: '擔',
  // Roles a name follows as a label (cn-name.ts ROLE_LABELS: 會員, 學生, 員工, 買家, 賣家, 簽收人, 騎手).
  员: '員', 学: '學', 买: '買', 卖: '賣', 签: '簽', 骑: '騎',
  // An invoice's buyer (購買方名稱), a statement's party (當事人), health insurance numbers'
  // labels (醫療保險編號, 社保個人編號, 社保電腦號: health-insurance-id.ts).
  购: '購', 当: '當', 疗: '療', 编: '編', 个: '個', 脑: '腦',
  // A letter's greeting (cn-name.ts SALUTATIONS: 親愛的), roles of clinics and schools (醫生, 老師, 輔導員).
  亲: '親', 爱: '愛', 医: '醫', 师: '師', 辅: '輔', 导: '導',
  // Everyday words that are never names (cn-name.ts).
  额: '額', 余: '餘', 费: '費', 级: '級', 周: '週', 务: '務', 顾: '顧', 见: '見', 严: '嚴', 万: '萬', 许: '許', 黄: '黃',
  长: '長', 续: '續', 谢: '謝', 体: '體', 业: '業', 欧: '歐', 马: '馬', 时: '時', 阳: '陽', 沈: '瀋', 汉: '漢', 郑: '鄭',
  韩: '韓', 国: '國', 属: '屬', 钟: '鐘鍾', 表: '錶', 达: '達', 头: '頭', 关: '關', 游: '遊', 戏: '戲', 温: '溫', 简: '簡',
  纪: '紀', 录: '錄', 庄: '莊', 范: '範',
};

/** `word` as an expression that reads it in Simplified or Traditional characters (`[区區]`). */
export function bothForms(word: string): string {
  return [...word].map((c) => (TRADITIONAL[c] === undefined ? c : `[${c}${TRADITIONAL[c]}]`)).join('');
}

/** `words` as one alternation, each in both forms. */
export function anyOf(words: readonly string[]): string {
  return `(?:${words.map(bothForms).join('|')})`;
}

/**
 * The spellings of `word`: as it is, then wholly in Traditional characters, once per Traditional
 * form of a character that has several (`账号`, `賬號`, `帳號`). Words half in one script and half
 * in the other are left out: no one writes them, and every context word is looked for near every
 * match.
 */
export function spellings(word: string): string[] {
  const chars = [...word];
  const variants = Math.max(0, ...chars.map((c) => [...(TRADITIONAL[c] ?? '')].length));
  const out = [word];
  for (let v = 0; v < variants; v++) {
    const spelled = chars.map((c) => {
      const forms = [...(TRADITIONAL[c] ?? '')];
      return forms.length === 0 ? c : forms[Math.min(v, forms.length - 1)];
    });
    out.push(spelled.join(''));
  }
  return [...new Set(out)];
}

/** `words` and their other spellings (spellings), each once, in order. */
export function withSpellings(words: readonly string[]): string[] {
  return [...new Set(words.flatMap(spellings))];
}

/** The forms of a character: itself, then its Traditional ones. */
export function forms(c: string): string {
  return c + (TRADITIONAL[c] ?? '');
}
