/**
 * Chinese personal names: a common surname and one to three given-name characters (two to four
 * characters in all), standing alone (not inside a longer run of Chinese text) or right after a
 * name label (`姓名张三`). Any two Chinese characters can be a name, so the pattern score is
 * below the threshold even after validation: a name is reported only next to a context word.
 * Label words (`金额：`) and a short list of everyday words starting with a surname are left out.
 * Names and labels written in Traditional characters (Hong Kong, Macau and Taiwan customers:
 * `陳大文`, `聯絡人`) are read as the Simplified ones are. A name right before an honorific
 * (`张三先生`, `陳大文先生`, `李四女士`) is read inside any run of Chinese text (`客户张三先生来电`,
 * `尊敬的王小明先生`): the honorific is a context word, and never part of the name. A name with a
 * space or two between surname and given name (`王　芳`: a two-character name padded to the width
 * of three, as rosters align them; `王 小明`) is read as a whole field under a name column and
 * right after a name label, nowhere else; so is a name of parts a middle dot joins, as Uyghur,
 * Kazakh and other minorities' names and foreign names are written in Chinese (`阿依古丽·买买提`,
 * `约翰·史密斯`), which starts with no common surname. A name right after a role written as a label,
 * the role and a colon (`业主：王芳 房号：3-201`, `乘客: 李娜`), is read in any text: that label is
 * its context, and a chat's reply after it (`客户：好的谢谢`, `司机：马上到`) is no name.
 */
import type { Detector, Verdict } from '../types.js';
import { COLON_GAPS, FIELD_END, FIELD_START, fieldTriggers, HAN, afterLabel, globalRegex, labelGaps } from './regex-parts.js';
import { withSpellings } from './traditional.js';

/** The 100 or so most common single-character surnames. */
export const COMMON_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢' +
  '姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤';

/**
 * The Traditional forms of the common surnames that differ (`陳` for `陈`, `蕭` for `肖`), and
 * surnames common in Hong Kong, Macau and Taiwan that the list above lacks, in both forms.
 */
export const TRADITIONAL_SURNAMES = '張劉陳楊黃趙吳孫馬羅鄭謝許韓鄧馮蕭蔣葉蘇呂盧鍾鐘譚陸韋賈鄒閆閻龍賀顧龔萬錢嚴歐湯' + '賴赖洪游詹施莊庄溫温翁柯紀纪簡简麥麦關关伍';

/** Common two-character surnames. */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '令狐', '司徒', '尉迟', '公孙', '慕容', '长孙', '宇文', '夏侯', '端木', '南宫', '西门', '独孤', '呼延', '申屠',
];

/** The compound surnames whose Traditional form differs. */
export const TRADITIONAL_COMPOUND_SURNAMES: readonly string[] = ['歐陽', '司馬', '諸葛', '東方', '尉遲', '公孫', '長孫', '南宮', '西門', '獨孤'];

/**
 * Labels written before a name; also its context words. Besides name and contact labels, the
 * roles a person is named by in insurance, banking, travel, hotel, medical and property exports
 * (`投保人`, `受益人`, `收款人`, `入住人`, `乘机人`, `监护人`): a policy list's columns of names
 * under them came out public. All end in 人, as most name labels do: a label's last character is
 * where a name inside a run of Chinese text is tried.
 */
const LABELS: readonly string[] = withSpellings([
  '姓名', '联系人', '联络人', '收件人', '收货人', '寄件人', '户名', '持卡人', '客户名称', '申请人', '经办人',
  '投保人', '被保险人', '被保人', '受益人', '收款人', '付款人', '借款人', '担保人', '承租人', '出租人', '入住人', '乘机人',
  '病人', '监护人', '法定代表人', '负责人',
  // The people of minutes, sign-offs, referrals, contracts and complaints: a list of names after
  // 参会人员 came out public. Not those a count follows (参会人数, 登记人数), nor those whose first
  // character is in most text (主持人, 记录人, 证明人, 当事人: a name's context is looked for at every
  // character a word starts with, ContextWords.near, and these cost the log 1.5%): those are roles
  // before a colon (ROLE_LABELS).
  '参会人员', '与会人员', '列席人员', '缺席人员', '参加人员', '审核人', '审批人', '批准人', '填表人', '验收人', '领取人', '介绍人',
  '推荐人', '委托人', '受托人', '投诉人', '举报人',
]);
/**
 * Roles a column of names is headed by whose characters are common in any text (the `客` of 客户,
 * `者`, `主`, `家`), and English ones (`Consignee`, `Guest`): context only in a column's header
 * (Detector.headerContext). As context words searched in every window they cost the bench's log
 * 4-10%. In a text, the Chinese ones and more are labels before a colon only (ROLE_LABELS).
 */
const HEADER_ROLES = [
  ...withSpellings(['乘客', '旅客', '住客', '患者', '业主', '买家']),
  'consignee', 'recipient', 'receiver', 'addressee', 'cardholder', 'payee', 'payer', 'applicant', 'policyholder', 'insured',
  'beneficiary', 'passenger', 'guest', 'patient', 'tenant', 'guardian', 'buyer',
  // Column names in pinyin, as Chinese systems' tables name them (姓名, 联系人, 客户姓名, 收货人, 收件人).
  'xingming', 'lianxiren', 'lxr', 'khxm', 'shouhuoren', 'shoujianren',
];
/**
 * Roles a person is named by in orders, deliveries, tickets, clinics, schools, staff lists,
 * property or rental records and contracts (`客户`, `乘客`, `患者`, `业主`, `房东`, `骑手`, `医生`,
 * `班主任`, `甲方`, `承租方`, `法人代表`): labels only right before a colon, and a space or none
 * (`业主：王芳 房号：3-201`, `乘客: 李娜`; a full-width colon is ASCII by then: normalize.ts), or a
 * role in brackets before it (`出租方（甲方）：王芳`), never context words (HEADER_ROLES says why). A
 * text file of such lines came out public, and so did a lease between two people. A chat transcript
 * names its speakers so too (`客户：好的谢谢`, `司机：马上到`): its replies are no names (CHAT_CHARS,
 * CHAT_WORDS).
 */
const ROLE_LABELS: readonly string[] = withSpellings([
  '客户', '顾客', '用户', '会员', '买家', '卖家', '签收人', '乘客', '旅客', '住客', '司机', '骑手', '患者', '学生', '家长', '员工', '户主',
  '业主', '房东', '租客', '租户', '就诊人', '医生', '医师', '主治医生', '主治医师', '护士', '老师', '教师', '班主任', '辅导员',
  '法人', '法人代表', '甲方', '乙方', '丙方', '出租方', '承租方', '出借方', '借款方', '出卖方', '买受方', '委托方', '受托方',
  '收款方', '付款方', '买方', '卖方', '购买方', '购买方名称', '购方名称',
  // Of minutes and statements (主持人：王芳, 记录人：李娜): too common a first character to be context
  // words (LABELS).
  '主持人', '记录人', '证明人', '当事人',
]);
/** What stands between a role and the name after it (ROLE_LABELS): a colon, maybe after a bracket closing a role in it. */
const ROLE_GAPS = [...COLON_GAPS, ...COLON_GAPS.map((gap) => `)${gap}`)];
/**
 * Characters of a chat's replies that seldom stand in a given name, in both forms: particles,
 * pronouns, negations and adverbs; the verbs of orders, rides and deliveries (`马上到`, `付了`,
 * `钱退了吗`); places, times, amounts and states (`马上下楼`, `周六有空`, `付款成功`); the things and
 * troubles a reply names (`关窗`, `张嘴`, `高烧`, `高血压`). A run after a role that holds one in its
 * given name is a reply, not a name.
 */
const CHAT_CHARS: ReadonlySet<string> = new Set(
  '了的吗呢吧啊呀哦嘛啦么哈嗯呗咯哟喔噢诶哎唉呃哇啥嗎麼' +
    '我你您他她它们咱这那哪谁什怎們這誰' +
    '不没别很太都也就还又再已最更挺多谢老沒別還謝' +
    '到去要是在说看见给拿放送吃喝买卖退换收付做用能想过等帮找打问好点个几货改试测转查取寄装洗拆借叫让被把跟从' +
    '說見給買賣換過幫問點個幾貨試測轉裝讓從' +
    '上下左右里外边前后时秒昨晚今款额价费块件份次箱斤空忙累饿渴冷热困病误失败差慢' +
    '裡邊後時額價費塊餓熱誤敗' +
    '窗门灯车票单钱包卡码号瓶盒袋碗筷杯盘锅饭菜汤肉蛋面酒茶瓜椒皮巾匙头手脚嘴脸眼耳鼻牙肚腿腰床桌椅' +
    '烧疼痛咳吐堵坏丢漏破碎错門燈車單錢碼號盤鍋飯麵頭腳臉燒壞錯' +
    // A clinic's and a school's replies (`高血压`, `周末休息`).
    '血压糖症药针术疗诊检休息假课考壓藥針術療診檢課',
);
/**
 * Everyday words that start with a surname's character and are a chat's whole reply (`马上`,
 * `高兴`, `方便`): after a role, never names (as NOT_NAMES anywhere). Only whole: a longer run that
 * starts with one can be a name (`高兴国`), and a longer reply's particles and verbs tell it
 * (CHAT_CHARS: `方便吗`, `马上到`).
 */
const CHAT_WORDS: ReadonlySet<string> = new Set(
  withSpellings([
    '马上', '何时', '何必', '何况', '谢谢', '周末', '高兴', '方便', '万一', '白天', '许多', '许久', '严格', '严重', '关门', '常温',
    '常来', '常常', '毛病', '周到', '周边', '向左', '向右', '向前', '向后', '莫急', '莫慌', '胡说', '夏天', '曾经', '于是', '任何',
    '陆续', '简单', '金额', '余额',
  ]),
);
/**
 * English words of goods, shops, companies, banks and places: what a `name` after them names, and
 * what a column headed by one of them holds, is no person (NOT_PERSON_NAMES, THING_HEADERS).
 */
const THINGS = [
  'product', 'goods', 'item', 'sku', 'brand', 'shop', 'store', 'merchant', 'company', 'bank', 'city', 'province', 'district',
  'hotel', 'school', 'hospital',
];
/**
 * What a `name` right after these words names is no person: a host, a file, a table, a product, a
 * shop, a company, a bank, a place (`hostname`, `file_name`, `ProductName`, `Bank Name`): with
 * `name` as context, `hostname 王府井店` and a column of brands under `ProductName` (`李宁`,
 * `王老吉`, `周黑鸭`) read as names (Detector.contextNotAfter).
 */
const NOT_PERSON_NAMES = [
  // Systems and data.
  'host', 'file', 'table', 'path', 'class', 'db', 'database', 'app', 'server', 'domain', 'type', 'key', 'field', 'column', 'bucket',
  'index', 'schema', 'module', 'package', 'node', 'pod', 'container', 'image', 'service', 'cluster', 'device', 'queue', 'topic',
  'project', 'task', 'job', 'event', 'method', 'function', 'func', 'var', 'param', 'attr', 'property', 'tag', 'label', 'sheet',
  'font', 'template', 'report', 'page', 'site', 'channel', 'plugin', 'instance', 'zone', 'model', 'menu',
  // Goods, organisations and places; these more only right before `name` (in any part of a
  // header, `org`, `group` or `area` would be parts of other words).
  ...THINGS,
  'spu', 'corp', 'org', 'dept', 'department', 'group', 'branch', 'region', 'country', 'area', 'street', 'road', 'building', 'station',
  'airport', 'airline',
];
/**
 * Header words under which a column of whole names to the eye is not told by its values
 * (column-profile.ts, Detector.notColumnHeaders): goods, brands, shops, companies, banks, places,
 * categories; a column of brands (`李宁`, `王老吉`, `周黑鸭`) under `商品名称` was a list of names.
 */
const THING_HEADERS = [
  ...withSpellings([
    '商品', '产品', '品牌', '品名', '货品', '物品', '名称', '店铺', '门店', '商家', '商户', '公司', '企业', '单位', '机构', '部门',
    '银行', '城市', '地区', '省份', '学校', '医院', '酒店', '车站', '型号', '规格', '类别', '分类', '类型', '标签', '项目', '课程',
    '菜品', '菜名', '书名', '小区', '楼盘',
  ]),
  ...THINGS, 'category', 'model',
];
/** Not followed by another Han character, nor by a colon (which makes the run a label). */
const NOT_LABEL = `(?!${HAN}| ?:)`;
/**
 * Honorifics written after a full name (the same in Traditional characters): Mr, Ms, Miss. (`太太`,
 * Mrs, follows a husband's surname alone: `陈太太`.)
 */
const HONORIFICS: readonly string[] = ['先生', '女士', '小姐'];
/**
 * A letter's greeting before the name it is addressed to (`尊敬的张伟：`, `亲爱的王芳，`), as notices,
 * bills and collection letters open: the `salutation` pattern's labels.
 */
const SALUTATIONS: readonly string[] = withSpellings(['尊敬的', '亲爱的']);
/**
 * What a greeting's addressee or the run after a role ends with when it is no name: a title or kin
 * word after a surname alone (`尊敬的王总：`, `亲爱的李老师：`, `医生：张医生`, `亲爱的刘姐：`), a role
 * or group after its kind (`尊敬的金卡会员：`, `尊敬的万科业主：`, `亲爱的同学们：`; the roles of ROLE_LABELS
 * too), or an organisation or a place (`尊敬的万科物业：`, `尊敬的高新区：`).
 */
const NOT_NAME_ENDS: readonly string[] = [
  ...withSpellings([
    '总', '董', '经理', '老师', '医生', '主任', '局长', '院长', '校长', '处长', '科长', '部长', '厂长', '所长', '书记', '教授',
    '律师', '同学', '同志', '师傅', '老板', '阿姨', '叔叔', '伯伯', '太太', '夫人', '女士', '先生', '小姐', '姐', '哥', '总监',
    '们', '客', '朋友', '贵宾', '嘉宾', '考生', '学员', '读者', '粉丝', '网友', '商户', '股东', '车主', '宝宝', '宝贝',
    // Organisations and places (`尊敬的万科物业：`, `乙方：石油集团`, `尊敬的高新区：`, `尊敬的王府井店：`; not
    // 庆 or 节 of events, `周年庆`: 国庆 is a given name).
    '物业', '集团', '公司', '中心', '协会', '区', '店', '厂', '局', '院', '校', '部', '站', '馆', '社', '所',
  ]),
  ...ROLE_LABELS,
];

/** Not ending with an honorific: `张三先生` is the name `张三` (the `honorific` pattern's). */
const NOT_HONORIFIC_END = `(?<!${HONORIFICS.join('|')})`;

/**
 * Everyday words that start with a surname character and stand alone as labels or values in
 * forms and column headers (`金额`, `余额`, `付款方式`): never names.
 */
const NOT_NAMES: ReadonlySet<string> = new Set([
  ...withSpellings([
    '金额', '余额', '付款', '付款方式', '付费', '方式', '方法', '方案', '方向', '高度', '高级', '高速', '周期', '周末',
    '程序', '程度', '任务', '任何', '范围', '顾客', '常用', '常见', '严重', '毛重', '毛利', '万元', '许可', '夏季',
    '白色', '黄色', '黄金', '石油', '董事', '董事长', '陆续', '曾经', '谢谢', '宋体', '林业', '欧元', '欧洲', '于是',
    '马上', '何时', '江苏', '苏州', '沈阳', '武汉', '郑州', '韩国', '金融', '金属', '钟表', '雷达', '陶瓷', '龙头',
    '关于', '关系', '施工', '洪水', '游戏', '温度', '简介', '简单', '纪录', '庄园',
    // Weekdays and a school level: a column of them (a delivery day, an education) read as names.
    '周一', '周二', '周三', '周四', '周五', '周六', '周日', '周天', '高中',
    // Before an honorific (`白领女士`: a white-collar woman, not a name).
    '白领', '高端', '高贵', '金牌',
  ]),
  '程式', // Taiwan's word for 程序
]);

/** The characters a name can start with: the common surnames and the first of each compound one. */
const SURNAMES = COMMON_SURNAMES + TRADITIONAL_SURNAMES;
/**
 * A common surname, a space or two (a full-width space is ASCII by then: normalize.ts), and one or
 * two given-name characters: a name spaced apart (see the module doc).
 */
const SPACED_NAME = `[${SURNAMES}] {1,2}${HAN}{1,2}`;
/**
 * The dots that join a name's parts: the middle dot, a bullet, Taiwan's hyphenation point, the
 * katakana middle dot some input methods give, and a full stop (systems that cannot store a `·`).
 */
const NAME_DOTS = '·•‧・.';
/** Two to four parts of one to ten Chinese characters joined by one of NAME_DOTS. */
const DOTTED_NAME = `${HAN}{1,10}(?:[${NAME_DOTS}]${HAN}{1,10}){1,3}`;
/** Where a dotted name can start: a run of Chinese characters before a dot. */
const DOTTED_START = { run: 'han', lengths: [[1, 10]], next: NAME_DOTS } as const;
/**
 * Where a spaced name can start: a surname standing alone before a space (`last`: so a run that
 * ends otherwise, before a space, never meets these triggers).
 */
const SPACED_START = { run: 'han', lengths: [1], next: ' ', last: SURNAMES } as const;
const COMPOUNDS = [...COMPOUND_SURNAMES, ...TRADITIONAL_COMPOUND_SURNAMES];
const SURNAME_FIRSTS = SURNAMES + COMPOUNDS.map((w) => w[0]).join('');

/** Per first character: 1 a common surname, 2 the first of a compound one, 4 the first of a NOT_NAMES word. */
const FIRST = new Uint8Array(0x10000);
for (const c of SURNAMES) FIRST[c.charCodeAt(0)] |= 1;
for (const w of COMPOUNDS) FIRST[w.charCodeAt(0)] |= 2;
for (const w of NOT_NAMES) FIRST[w.charCodeAt(0)] |= 4;
/** NOT_NAMES by first character. */
const NOT_NAMES_BY_FIRST = new Map<number, string[]>();
for (const w of NOT_NAMES) {
  const list = NOT_NAMES_BY_FIRST.get(w.charCodeAt(0)) ?? [];
  NOT_NAMES_BY_FIRST.set(w.charCodeAt(0), [...list, w]);
}

function startsWithAny(text: string, start: number, length: number, words: Iterable<string>): boolean {
  for (const w of words) if (w.length === length && text.startsWith(w, start)) return true;
  return false;
}

/**
 * True when text[start, end), a 2-4 character run, starts with a common surname (a compound one
 * needs a given name). Runs for every short Han run next to a name label: the first character's
 * table entry settles most of them without a slice.
 */
function startsWithSurname(text: string, start: number, end: number): boolean {
  const n = end - start;
  if (n <= 0) return false;
  const code = text.charCodeAt(start);
  const first = FIRST[code];
  if (first === 0) return false;
  if ((first & 4) !== 0 && startsWithAny(text, start, n, NOT_NAMES_BY_FIRST.get(code)!)) return false;
  if ((first & 2) !== 0 && n >= 3 && startsWithAny(text, start, 2, COMPOUNDS)) return true;
  return (first & 1) !== 0;
}

/**
 * Common Chinese surnames as Hong Kong (Cantonese), Taiwan (Wade-Giles) and the mainland (pinyin)
 * spell them in Latin letters: a customer list of Hong Kong often holds `CHAN Tai Man` or
 * `Tai Man Chan` under its English name column.
 */
export const ROMANIZED_SURNAMES: readonly string[] = [
  // Hong Kong and Macau.
  'Chan', 'Wong', 'Lee', 'Cheung', 'Lau', 'Ho', 'Ng', 'Leung', 'Lam', 'Tang', 'Tsang', 'Yeung', 'Chow', 'Cheng', 'Lai', 'Kwok',
  'Yip', 'Choi', 'Fung', 'Mak', 'Lo', 'Law', 'Tam', 'Chu', 'Ko', 'Kwan', 'Hui', 'Poon', 'Siu', 'Chung', 'Tse', 'Au', 'Chiu',
  'Chong', 'Lui', 'Yuen', 'Tong', 'Kong', 'Pang', 'Sze', 'Wan', 'Ngai', 'Cheuk', 'Leong', 'Kam', 'Tsui', 'Tsoi', 'Man', 'Mok',
  'Shum', 'Sham', 'Luk', 'Lok', 'Yau', 'Yiu', 'Fong', 'Wai', 'Wu', 'Yu', 'Li', 'Ma', 'Hung', 'Kwong', 'Ngan', 'Chau', 'Cheong',
  // Taiwan (Wade-Giles).
  'Chen', 'Lin', 'Huang', 'Chang', 'Wang', 'Liu', 'Tsai', 'Yang', 'Hsu', 'Hsieh', 'Kuo', 'Tseng', 'Liao', 'Chou', 'Hsiao', 'Yeh',
  'Su', 'Chuang', 'Lu', 'Chiang', 'Kao', 'Pan', 'Chien', 'Tu', 'Fan', 'Peng', 'Tsao', 'Hsueh', 'Shih', 'Weng', 'Chao', 'Sung',
  // The mainland (pinyin).
  'Zhang', 'Zhao', 'Zhou', 'Xu', 'Sun', 'Hu', 'Zhu', 'Gao', 'He', 'Guo', 'Luo', 'Zheng', 'Liang', 'Xie', 'Song', 'Han', 'Deng',
  'Feng', 'Cao', 'Zeng', 'Xiao', 'Tian', 'Dong', 'Yuan', 'Cai', 'Jiang', 'Ye', 'Du', 'Wei', 'Xue', 'Ding', 'Shen', 'Jiao',
];

/** A name's other word: a capital and small letters, all capitals, or after a hyphen small letters (`Tai-man`). */
const ROMAN_WORD = '(?:[A-Z][a-z]{1,7}|[A-Z]{2,8})(?:-[A-Za-z][a-z]{1,7})?';
/** A surname as written in a name: `Chan` or `CHAN`. */
const ROMAN_SURNAME = `(?:${ROMANIZED_SURNAMES.flatMap((name) => [name, name.toUpperCase()]).join('|')})`;
/** A word after the surname, never a label (`Phone:` after the name). */
const ROMAN_NEXT_WORD = `(?![A-Za-z-]*:)${ROMAN_WORD}`;
/**
 * A romanized name of up to `words` other words before or after the surname: the surname first
 * (`CHAN Tai Man`, `Chan Tai-man`), or after them (`Tai Man Chan`, `Peter Chan`), maybe followed by
 * up to two more, as Hong Kong writes an English given name and the Chinese one (`Peter CHAN Tai
 * Man`); and nothing of a longer word after it. After a label in free text two other words at
 * most, and never a label (`Chan Tai Man Phone: ...`). One alternative for the surname after words,
 * whatever follows it: a second one, for the English given name alone, cost the customer CSV 1.5%.
 */
const romanName = (words: number): string =>
  `(?:${ROMAN_SURNAME}(?: ${ROMAN_NEXT_WORD}){1,${words}}|(?:${ROMAN_WORD} ){1,${words}}${ROMAN_SURNAME}(?: ${ROMAN_NEXT_WORD}){0,2})(?![0-9A-Za-z-])`;
/** Labels a romanized name may follow: the Chinese name labels, and English ones. */
const ROMAN_LABELS = [...LABELS, '英文姓名', '英文名', '姓名拼音', '拼音姓名', 'Name', 'name', 'NAME', 'English Name', 'Full Name', 'Customer Name', 'Contact Name'];
/** Where a romanized name starts: a word of two to eight letters, then a space or a hyphen. */
const ROMAN_START = { run: 'alnum', first: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', lengths: [[2, 8]], next: ' -' } as const;

/** The patterns whose names need not start with a common surname of Chinese characters. */
const ANY_FIRST_PATTERNS = new Set(['romanized', 'romanized-column', 'dotted', 'dotted-column']);

/**
 * True when text[start, end), a run after a role that starts with a surname, reads as a chat's
 * reply: one of CHAT_CHARS in its given name, or one of CHAT_WORDS whole.
 */
function isReply(text: string, start: number, end: number): boolean {
  const given = end - start >= 3 && startsWithAny(text, start, 2, COMPOUNDS) ? start + 2 : start + 1;
  for (let i = given; i < end; i++) if (CHAT_CHARS.has(text[i])) return true;
  return CHAT_WORDS.has(text.slice(start, end));
}

/**
 * A name of Chinese characters starts with a surname, and after a role is no chat's reply; a
 * romanized name's surname is checked by its expression; a dotted name has none to check.
 */
function validateName(text: string, start: number, end: number, pattern: string): Verdict {
  if (ANY_FIRST_PATTERNS.has(pattern)) return undefined;
  if (!startsWithSurname(text, start, end)) return false;
  return pattern === 'after-role' && isReply(text, start, end) ? false : undefined;
}

/** Chinese name detector: `cn_name`, surname table, reported only with context. */
export const cnNameDetector: Detector = {
  id: 'cn_name.surname',
  type: 'cn_name',
  strength: 0.1,
  patterns: [
    // A 2-4 character Han run that is not a label (followed by a colon); the surname is checked in
    // validate. Starting on the Han range and looking behind only after it is several times faster
    // than a 100-character first class.
    // Both end where the Han run ends, 2-4 characters after their start.
    {
      name: 'standalone',
      regex: globalRegex(`${HAN}(?<!${HAN}.)${HAN}{1,3}${NOT_LABEL}${NOT_HONORIFIC_END}`),
      score: 0.2,
      // Only a surname can start a name (startsWithSurname): other runs are not even matched.
      triggers: [{ run: 'han', lengths: [[2, 4]], first: SURNAME_FIRSTS }],
    },
    {
      name: 'after-label',
      regex: globalRegex(`${HAN}(?<=(?:${LABELS.join('|')}).)${HAN}{1,3}${NOT_LABEL}${NOT_HONORIFIC_END}`),
      score: 0.2,
      triggers: [{ run: 'han', inside: true, lengths: [[2, 4]], after: LABELS }],
    },
    {
      name: 'after-role',
      // A whole run of 2-4 characters right after a role and its colon (ROLE_LABELS), not before a
      // question or an exclamation mark (a reply's: `客户：方便吗？`): the role is the match's
      // context (labelled), not a context word searched in every window.
      regex: globalRegex(`${HAN}(?<=(?:${ROLE_LABELS.join('|')})\\)?: ?.)${HAN}{1,3}${NOT_LABEL}(?![?!~])(?<!${NOT_NAME_ENDS.join('|')})`),
      score: 0.2,
      labelled: true,
      triggers: [{ run: 'han', lengths: [[2, 4]], first: SURNAME_FIRSTS, after: ROLE_LABELS.flatMap((role) => ROLE_GAPS.map((gap) => role + gap)) }],
    },
    {
      name: 'salutation',
      // A whole name between a letter's greeting and the comma or colon after it (`尊敬的张伟：`,
      // `亲爱的王芳，`), not a surname and a title (`尊敬的王总：`): the greeting is the match's context
      // (labelled), not a context word searched in every window.
      regex: globalRegex(`${HAN}(?<=(?:${SALUTATIONS.join('|')}).)${HAN}{1,3}(?= ?[:,])(?<!${NOT_NAME_ENDS.join('|')})`),
      score: 0.2,
      labelled: true,
      // Its labels' common character is 的: the greetings themselves are the text's first check.
      requires: SALUTATIONS,
      triggers: [{ run: 'han', inside: true, lengths: [[2, 4]], after: SALUTATIONS }],
    },
    {
      name: 'spaced',
      // Right after a name label, and a gap or none (`姓名：王　芳`, `姓名王 芳`).
      regex: globalRegex(afterLabel(LABELS), SPACED_NAME, NOT_LABEL),
      score: 0.2,
      triggers: [
        { ...SPACED_START, first: SURNAMES, after: labelGaps(LABELS) },
        { ...SPACED_START, inside: true, after: LABELS },
      ],
    },
    {
      name: 'spaced-column',
      // A whole field under a name column header.
      regex: globalRegex(FIELD_START, SPACED_NAME, FIELD_END),
      score: 0.2,
      headerOnly: true,
      triggers: fieldTriggers({ ...SPACED_START, first: SURNAMES }),
    },
    {
      name: 'dotted',
      // Right after a name label, and a gap or none (`姓名：阿依古丽·买买提`).
      regex: globalRegex(afterLabel(LABELS), DOTTED_NAME, NOT_LABEL),
      score: 0.2,
      triggers: [
        { ...DOTTED_START, after: labelGaps(LABELS) },
        { ...DOTTED_START, inside: true, after: LABELS },
      ],
    },
    {
      name: 'dotted-column',
      // A whole field under a name column header.
      regex: globalRegex(FIELD_START, DOTTED_NAME, FIELD_END),
      score: 0.2,
      headerOnly: true,
      triggers: [DOTTED_START],
    },
    {
      name: 'honorific',
      // A surname's character, one to three more, then an honorific, anywhere in a run; not 向 or
      // 于 before a surname (请向张三先生咨询: prepositions as often as surnames), nor the 谢 of
      // thanks, in either form (谢谢张伟先生, 感謝陳大文先生, 多谢…; 谢文东先生 is a name).
      regex: globalRegex(`(?![向于][${SURNAME_FIRSTS}])(?![谢謝][谢謝])(?!(?<=[感多致答鸣鳴谢謝])[谢謝])[${SURNAME_FIRSTS}]${HAN}{1,3}(?=${HONORIFICS.join('|')})`),
      score: 0.2,
      // Only 2-4 characters before an honorific (a pair held in the run: `生` after `先`, ...).
      triggers: [{ run: 'han', inside: true, lengths: [[4, Infinity]], holds: { chars: '生士姐', after: '先女小', starts: [2, 4] } }],
    },
    {
      name: 'romanized',
      // Only where the triggers try it: right after a name label and a colon or a space.
      regex: globalRegex(afterLabel(ROMAN_LABELS), '(?<![0-9A-Za-z])', romanName(2)),
      score: 0.2,
      triggers: [{ ...ROMAN_START, after: labelGaps(ROMAN_LABELS) }],
    },
    {
      name: 'romanized-column',
      // A whole field under a name column header (`姓名`, `Name`, `英文姓名`).
      regex: globalRegex(FIELD_START, romanName(3), FIELD_END),
      score: 0.2,
      headerOnly: true,
      triggers: fieldTriggers(ROMAN_START),
    },
  ],
  context: [...LABELS, 'name', ...HONORIFICS],
  contextNotAfter: { name: NOT_PERSON_NAMES },
  contextAfterValue: HONORIFICS,
  headerContext: HEADER_ROLES,
  // 姓名 as a table of a Chinese system abbreviates it (beside xb 性别, csrq 出生日期, sfzh 身份证号):
  // too short to count inside a header.
  headerNames: ['xm'],
  // Any two Chinese characters can be a name: validate never confirms one. A column of names
  // without a header is one by its values.
  requiresContext: true,
  columnOfValues: true,
  notColumnHeaders: THING_HEADERS,
  validate: (value, pattern) => validateName(value, 0, value.length, pattern),
  validateAt: validateName,
  mask: (value) => value[0] + '*'.repeat(value.length - 1),
};
