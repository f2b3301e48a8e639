import { describe, expect, it } from 'vitest';
import { cnNameDetector } from '../../../lambdas/engine/detectors/cn-name.js';
import { canonicalValue } from '../../../lambdas/seal/identity.js';
import { chineseName, dottedName, romanizedName } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { findType, onlyFinding } from './find.js';

const detector = cnNameDetector.id;

/** Roles a person is named by whose characters are common in any text: labels only before a colon. */
const ROLES = ['客户', '乘客', '患者', '学生', '员工', '会员', '户主', '租客', '业主', '买家', '卖家', '签收人', '家长', '房东', '司机', '骑手', '顾客', '用户'];

describe('cn_name detector', () => {
  it.each([
    ['姓名：张三', '张三', 'standalone'],
    ['姓名: 王小明', '王小明', 'standalone'],
    ['联系人 欧阳娜娜', '欧阳娜娜', 'standalone'],
    ['客户名称:诸葛亮,', '诸葛亮', 'standalone'],
    ['name: 李四', '李四', 'standalone'],
    ['收件人张伟', '张伟', 'after-label'],
    ['户名李秀英，卡号', '李秀英', 'after-label'],
    // Hong Kong, Macau and Taiwan customers: Traditional characters, their surnames and labels.
    ['姓名：陳大文', '陳大文', 'standalone'],
    ['聯絡人：張志偉', '張志偉', 'standalone'],
    ['客戶名稱：歐陽娜娜', '歐陽娜娜', 'standalone'],
    ['收貨人賴美玲', '賴美玲', 'after-label'],
  ])('finds %j with context', (text, value, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_name', detector, pattern, basis: 'context', score: 0.55, value });
  });

  it('finds names under the columns of the roles people are named by (a policy list, a payment, a hotel stay)', () => {
    for (const header of ['投保人', '被保险人', '受益人', '收款人', '付款人', '借款人', '入住人', '乘机人', '监护人', '法定代表人', '被保險人', '監護人', '負責人', '擔保人']) {
      expect(onlyFinding('王芳', header), header).toMatchObject({ type: 'cn_name', basis: 'context', value: '王芳' });
    }
    expect(onlyFinding('投保人：李娜')).toMatchObject({ type: 'cn_name', value: '李娜' });
    // Roles whose characters are common in any text, and English ones: in a column's header only,
    // or in the label right before the value (text-labels.test.ts), not inside running Chinese.
    for (const header of ['乘客', '患者', '业主', '买家', 'Consignee', 'recipient', 'Guest', 'Policyholder']) {
      expect(onlyFinding('王芳', header), header).toMatchObject({ type: 'cn_name', basis: 'context', value: '王芳' });
    }
    expect(findType('乘客王芳', 'cn_name')).toEqual([]);
    expect(findType('consignee: 王芳', 'cn_name')).toMatchObject([{ value: '王芳' }]);
    expect(findType('consignee 王芳', 'cn_name')).toEqual([]);
    expect(onlyFinding('受益人张伟')).toMatchObject({ type: 'cn_name', pattern: 'after-label', value: '张伟' });
  });

  it.each(ROLES)('finds a name right after the role %s written as a label in text', (role) => {
    // Prepare: a colon, full-width or not, and a space after it or none; the field after the name.
    const rng = new Rng(`role ${role}`);
    const lines = [
      ['：', ''],
      [': ', ' 房号：3-201'],
      [':', '，已发货'],
      ['： ', '  航班：CA1234'],
    ].map(([colon, rest], i) => {
      const name = chineseName(rng, { traditional: i === 3 });
      return { text: `${role}${colon}${name}${rest}`, name };
    });

    // Act
    const found = lines.map(({ text }) => findType(text, 'cn_name').map((f) => [f.detector, f.pattern, f.basis, f.score, f.value]));

    // Assess
    expect(found).toEqual(lines.map(({ name }) => [[detector, 'after-role', 'context', 0.55, name]]));
  });

  it.each(['客戶', '會員', '學生', '員工', '戶主', '業主', '買家', '賣家', '簽收人', '家長', '房東', '司機', '騎手', '顧客', '用戶', '買方', '購買方名稱', '當事人', '記錄人'])(
    'finds a name after the role %s in Traditional characters (Hong Kong, Macau and Taiwan records)',
    (role) => {
      const name = chineseName(new Rng(`traditional role ${role}`), { traditional: true });
      expect(findType(`${role}：${name}，備註：已付款`, 'cn_name').map((f) => [f.pattern, f.value])).toEqual([['after-role', name]]);
    },
  );

  it.each(['甲方', '乙方', '出租方', '承租方', '法人代表', '租户', '医生', '主治医师', '就诊人', '护士', '老师', '班主任', '辅导员', '收款方', '买方', '购买方名称', '购方名称'])(
    'finds a name after the role %s of a contract, an invoice, a clinic or a school, and after it in brackets',
    (role) => {
      const rng = new Rng(`contract role ${role}`);
      const [name, traditional, bracketed] = [chineseName(rng), chineseName(rng, { traditional: true }), chineseName(rng)];
      expect(findType(`${role}：${name} 电话见附件`, 'cn_name').map((f) => [f.pattern, f.value])).toEqual([['after-role', name]]);
      expect(findType(`乙方（${role}）：${bracketed}`, 'cn_name').map((f) => [f.pattern, f.value])).toEqual([['after-role', bracketed]]);
      expect(findType(`說明\n${role.replace('医', '醫').replace('师', '師').replace('辅导员', '輔導員').replace('户', '戶')}：${traditional}`, 'cn_name').map((f) => f.value)).toEqual([traditional]);
    },
  );

  it('finds the names of minutes, sign-offs and complaints (参会人员：A、B、C, 审核人：, 投诉人：); not after a count (参会人数)', () => {
    const rng = new Rng('minutes');
    const [a, b, c, host, clerk, reviewer, complainant] = Array.from({ length: 7 }, () => chineseName(rng));
    const minutes = `会议纪要\n参会人员：${a}、${b}、${c}\n缺席人员：${host} 填表人：${clerk}\n审核人：${reviewer}\n投诉人：${complainant}，内容：快递慢`;
    expect(findType(minutes, 'cn_name').map((f) => f.value)).toEqual([a, b, c, host, clerk, reviewer, complainant]);
    expect(findType('参会人数：35人，会议室：三楼', 'cn_name')).toEqual([]);
  });

  it('finds the chair, the clerk, a witness and a party before their colon (主持人：, 记录人：, 证明人：, 当事人：), not in a sentence or as a title', () => {
    const rng = new Rng('minutes-roles');
    const [chair, clerk, witness, party] = Array.from({ length: 4 }, () => chineseName(rng));
    const minutes = `会议记录\n主持人：${chair}\n记录人：${clerk}\n证明人：${witness} 当事人：${party}`;
    expect(findType(minutes, 'cn_name').map((f) => [f.pattern, f.value])).toEqual([chair, clerk, witness, party].map((name) => ['after-role', name]));
    expect(findType('主持人表示同意，记录人整理后发出', 'cn_name')).toEqual([]);
    expect(findType('主持人：王总', 'cn_name')).toEqual([]);
  });

  it('finds a given name that ends as an event does (国庆) after a greeting and a role', () => {
    expect(findType('尊敬的李国庆：', 'cn_name').map((f) => f.value)).toEqual(['李国庆']);
    expect(findType('乙方：王国庆', 'cn_name').map((f) => f.value)).toEqual(['王国庆']);
  });

  it('finds a romanized name after 姓名拼音 (a visa form)', () => {
    expect(findType('姓名拼音：ZHANG WEI', 'cn_name').map((f) => [f.pattern, f.value])).toEqual([['romanized', 'ZHANG WEI']]);
  });

  it('finds the name a letter is addressed to after its greeting (尊敬的张伟：), in either script', () => {
    const rng = new Rng('salutations');
    for (const [greeting, after, traditional] of [['尊敬的', '：', false], ['亲爱的', '，', false], ['親愛的', '：', true], ['尊敬的', ' :', false]] as const) {
      const name = chineseName(rng, { traditional });
      expect(findType(`${greeting}${name}${after}您的账单已出`, 'cn_name').map((f) => [f.pattern, f.value])).toEqual([['salutation', name]]);
    }
  });

  it.each([
    '尊敬的客户：', '尊敬的王总：', '尊敬的李经理：', '亲爱的张老师，', '尊敬的王先生：', '亲爱的刘姐：', '尊敬的金卡会员：', '尊敬的万科业主：',
    '亲爱的同学们，', '尊敬的常客：', '尊敬的华为用户：', '亲爱的周杰伦粉丝：', '尊敬的各位领导：', '亲爱的小明：', '尊敬的张伟先生来信', '尊敬的张伟',
    '尊敬的万科物业：', '尊敬的石油集团：', '尊敬的高新区：', '尊敬的王府井店：',
  ])('finds no name addressed in %j (a role, a title, a group, no colon or comma after it)', (text) => {
    expect(findType(text, 'cn_name').filter((f) => f.pattern === 'salutation')).toEqual([]);
  });

  it('finds the names of a text file of role-labelled lines, and each once beside a name label', () => {
    // Prepare
    const rng = new Rng('role lines');
    const [owner, customer, passenger, contact] = [chineseName(rng), chineseName(rng), chineseName(rng), chineseName(rng)];
    const text = `业主：${owner} 房号：3-201\n订单备注 客户：${customer}，已发货\n乘客：${passenger}  航班：CA1234`;

    // Act
    const alone = findType(text, 'cn_name').map((f) => f.value);
    const labelled = findType(`联系人：${contact} ${text}`, 'cn_name').map((f) => f.value);

    // Assess
    expect(alone).toEqual([owner, customer, passenger]);
    expect(labelled).toEqual([contact, owner, customer, passenger]);
  });

  it.each([
    ['客户：你好，请问什么时候发货', 'a greeting'],
    ['司机：马上到', 'a surname\'s character, then a reply\'s verb'],
    ['用户：我要退货', 'no surname'],
    ['客户：好的谢谢', 'no surname'],
    ['买家：已收到', 'no surname'],
    ['会员：积分怎么用', 'five characters'],
    ['学生：老师好', 'no surname'],
    ['患者：头疼三天了', 'five characters'],
    ['顾客：多少钱', 'no surname'],
    ['骑手：已送达', 'no surname'],
    ['房东：下个月涨租', 'five characters'],
    ['家长：孩子发烧了', 'five characters'],
    ['员工：明天请假', 'no surname'],
    ['买家：付了', 'a reply\'s particle'],
    ['骑手：马上下楼', 'a place word'],
    ['患者：高烧', 'a trouble'],
    ['租客：关窗', 'a thing'],
    ['客户：方便吗？', 'a question'],
    ['用户：高兴', 'an everyday word, whole'],
    ['顾客：谢谢老板', 'thanks'],
    ['乘客：王芳?', 'a question mark after the run'],
    ['乘客：王芳已登机', 'not a whole run: more Chinese after it'],
    ['乘客王芳', 'no colon'],
    ['乘客:  王芳', 'two spaces after the colon'],
    ['乘客：王芳：', 'a label (followed by a colon)'],
    ['医生：高血压', 'a diagnosis'],
    ['老师：周末休息', 'a reply of a school'],
    ['医生：张医生', 'a surname and a title'],
    ['客户：王总', 'a surname and a title'],
    ['甲方：北京某某科技有限公司', 'a company'],
    ['购买方名称：北京某某科技有限公司', 'a company (an invoice\'s buyer)'],
    ['购买方：个人', 'no name'],
    ['乙方：万科物业', 'a company by its kind'],
  ])('does not find %j after a role (%s)', (text) => {
    expect(findType(text, 'cn_name')).toEqual([]);
  });

  it('finds a name under a column header', () => {
    expect(onlyFinding('张三', '姓名')).toMatchObject({ type: 'cn_name', basis: 'context' });
    expect(onlyFinding('王小明', 'Customer Name')).toMatchObject({ type: 'cn_name', basis: 'context' });
  });

  it.each([
    ['姓名：王\u3000芳', '王\u3000芳', 'spaced'],
    ['姓名：王  芳', '王  芳', 'spaced'],
    ['联系人 李 娜', '李 娜', 'spaced'],
    ['聯絡人：陳 大文', '陳 大文', 'spaced'],
    ['收货人王 芳，电话另询', '王 芳', 'spaced'],
  ])('finds %j, a name spaced apart, right after a name label', (text, value, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_name', detector, pattern, value, basis: 'context' });
    // The same person as the name written together (sealing and notices match people by it).
    expect(canonicalValue('cn_name', value)).toBe(canonicalValue('cn_name', value.replace(/[\u3000 ]/g, '')));
  });

  it('finds a name spaced apart as a whole field under a name column, and not under another', () => {
    for (const value of ['王\u3000芳', '李 娜', '张  伟', '王 小明']) {
      expect(onlyFinding(value, '姓名')).toMatchObject({ type: 'cn_name', pattern: 'spaced-column', value });
      expect(findType(value, 'cn_name', '备注')).toEqual([]);
    }
  });

  it.each([
    ['姓名：阿依古丽·买买提', '阿依古丽·买买提'],
    ['联系人 约翰·史密斯', '约翰·史密斯'],
    ['收货人热依拉•艾力，电话另询', '热依拉•艾力'],
    ['姓名：努尔‧艾力‧买买提', '努尔‧艾力‧买买提'],
  ])('finds %j, a name of parts a middle dot joins, right after a name label', (text, value) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'cn_name', detector, pattern: 'dotted', value, basis: 'context' });
  });

  it('finds every generated dotted name as a whole field under a name column, and not under another', () => {
    const rng = new Rng('dotted-names');
    for (let i = 0; i < 40; i++) {
      const value = dottedName(rng);
      expect(onlyFinding(value, '姓名')).toMatchObject({ type: 'cn_name', pattern: 'dotted-column', value });
      expect(findType(value, 'cn_name', '备注')).toEqual([]);
    }
  });

  it.each([
    ['客户阿依古丽·买买提来电', 'no label, no column'],
    ['备注：第一章·第二节', 'another label'],
    ['姓名：阿依古丽·', 'no part after the dot'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_name')).toEqual([]);
  });

  it.each([
    ['客户 王 芳 来电', 'no label, no column'],
    ['姓名：王    芳', 'four spaces'],
    ['姓名：王 芳芳芳', 'three characters after the space'],
    ['姓名：测 试', 'no common surname'],
    ['备注：王 芳', 'another label'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_name')).toEqual([]);
  });

  it.each([
    ['张三', 'no context'],
    ['王小明', 'no context'],
    ['姓名：测试', 'no common surname'],
    ['姓名：张', 'one character'],
    ['姓名：张三丰李四', 'five characters'],
    ['姓名 我们张三', 'not at the start of a run of Chinese text'],
    ['id,姓名,金额,余额,付款方式,手机', 'header words that start with a surname'],
    ['陳大文', 'no context, in Traditional characters'],
    ['姓名,金額,餘額,關於,簡介,溫度', 'header words in Traditional characters that start with a surname'],
    ['姓名：   高度：', 'a label (followed by a colon)'],
  ])('does not find %j (%s)', (text) => {
    expect(findType(text, 'cn_name')).toEqual([]);
  });

  it.each([
    ['客户张三先生来电咨询', '张三'],
    ['尊敬的王小明先生：您好', '王小明'],
    ['聯絡人：陳大文先生', '陳大文'],
    ['李四女士', '李四'],
    ['欧阳修先生', '欧阳修'],
    ['已通知黄晓丽小姐，联系人张三先生', '黄晓丽,张三'],
    ['请向张三先生咨询', '张三'],
    ['已于李四女士处确认', '李四'],
    ['向阳先生', '向阳'],
    // The 谢 of thanks is no surname; a 谢 that starts a name is.
    ['感谢张伟先生的支持', '张伟'],
    ['谢谢张伟先生', '张伟'],
    ['多谢王小明先生', '王小明'],
    ['谢文东先生来电', '谢文东'],
    ['感謝陳大文先生', '陳大文'],
    ['謝謝陳大文先生', '陳大文'],
  ])('finds a name right before an honorific, inside any run of Chinese text: %j', (text, names) => {
    expect(findType(text, 'cn_name').map((f) => [f.pattern, f.value])).toEqual(names.split(',').map((name) => ['honorific', name]));
  });

  it.each([
    ['王先生来电', 'a surname alone'],
    ['陈太太', 'a surname alone'],
    ['各位女士们先生们', 'no surname'],
    ['白领女士专享', 'an everyday word'],
    ['黄金先生', 'an everyday word'],
  ])('does not find %j before an honorific (%s)', (text) => {
    expect(findType(text, 'cn_name')).toEqual([]);
  });

  it.each([
    ['姓名：CHAN Tai Man', 'CHAN Tai Man'],
    ['Name: Chan Tai-man', 'Chan Tai-man'],
    ['English Name: Tai Man Chan', 'Tai Man Chan'],
    ['Name: Chan Tai Man Phone: 91234567', 'Chan Tai Man'],
    ['Name: Chen Chih-hao', 'Chen Chih-hao'],
    // An English given name, then the Chinese name, as Hong Kong writes both.
    ['Name: Peter Chan Tai Man', 'Peter Chan Tai Man'],
    ['Name: Peter CHAN Tai Man Phone: 91234567', 'Peter CHAN Tai Man'],
    ['Name: Peter Chan Phone: 91234567', 'Peter Chan'],
    ['English Name: Tai Man Chan Phone: 91234567', 'Tai Man Chan'],
  ])('finds a romanized name right after a name label: %j', (text, value) => {
    expect(findType(text, 'cn_name').map((f) => [f.pattern, f.value])).toEqual([['romanized', value]]);
  });

  it('finds a romanized name as a whole field under a name column, and not under another', () => {
    expect(onlyFinding('CHAN Tai Man', '英文姓名')).toMatchObject({ pattern: 'romanized-column', value: 'CHAN Tai Man' });
    expect(onlyFinding('Wong Siu Ming', 'Customer Name')).toMatchObject({ pattern: 'romanized-column' });
    expect(findType('CHAN Tai Man', 'cn_name', '备注')).toEqual([]);
    expect(findType('Alpha Beta', 'cn_name', 'Name')).toEqual([]);
  });

  it('finds every generated romanized name after a label and under a header; its spellings are one person', () => {
    const rng = new Rng('romanized');
    for (let i = 0; i < 40; i++) {
      const value = romanizedName(rng);
      expect([value, findType(`Name: ${value}`, 'cn_name').map((f) => f.value)]).toEqual([value, [value]]);
      expect([value, findType(value, 'cn_name', 'English Name').map((f) => f.value)]).toEqual([value, [value]]);
      const english = romanizedName(rng, { english: true });
      expect([english, findType(`Name: ${english}`, 'cn_name').map((f) => f.value)]).toEqual([english, [english]]);
      expect([english, findType(english, 'cn_name', 'Name').map((f) => f.value)]).toEqual([english, [english]]);
    }
    expect(canonicalValue('cn_name', 'CHAN Tai Man')).toBe(canonicalValue('cn_name', 'Chan Tai-man'));
  });

  it.each([
    ['Name: Product Alpha', 'no surname'],
    ['Chan Tai Man', 'no label'],
    ['name server ns1 ok', 'a word after name, not a label and a name'],
  ])('does not find %j as a romanized name (%s)', (text) => {
    expect(findType(text, 'cn_name')).toEqual([]);
  });

  it('reports the name but not the labels of a one-line form', () => {
    expect(findType('姓名：张三 金额：100 付款方式：现金 联系人：李四', 'cn_name').map((f) => f.value)).toEqual(['张三', '李四']);
  });

  it('masks all but the surname character', () => {
    expect(onlyFinding('姓名：王小明').masked).toBe('王**');
  });
});
