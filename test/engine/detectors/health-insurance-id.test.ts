// Health insurance numbers (医保卡号, 社保卡号, Taiwan's 健保卡號): before engine 0.3.15 no type,
// and a list of them alone (a hospital's or an HR department's) came out public.
import { describe, expect, it } from 'vitest';
import { healthInsuranceIdDetector } from '../../../lambdas/engine/detectors/health-insurance-id.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { canonicalValue } from '../../../lambdas/seal/identity.js';
import { csvText } from '../../../synthetic/files.js';
import { bankCard, healthInsuranceId, residentId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource } from '../formats/read-parts.js';
import { findType, onlyFinding } from './find.js';

const rng = new Rng('health-insurance-id');
const CITY = healthInsuranceId(rng, { form: 'digits' });
const CARD = healthInsuranceId(rng, { form: 'card' });
const NHI = healthInsuranceId(rng, { form: 'taiwan' });

describe('health_insurance_id detector', () => {
  it.each([
    [`医保卡号：${CITY}`, CITY, 'digits'],
    [`医保个人编号 ${CITY}`, CITY, 'digits'],
    [`社保卡号：${CARD}`, CARD, 'card'],
    [`社会保障卡号 ${CARD}`, CARD, 'card'],
    [`社保电脑号:${CITY}`, CITY, 'digits'],
    [`健保卡號：${NHI}`, NHI, 'digits'],
    [`健保卡号 ${NHI.replace(/ /g, '')}`, NHI.replace(/ /g, ''), 'digits'],
    [`醫保卡號：${CITY}`, CITY, 'digits'],
    [`醫療保險編號：${CITY}`, CITY, 'digits'],
  ])('finds %j by its label', (text, value, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'health_insurance_id', detector: healthInsuranceIdDetector.id, pattern, basis: 'context', value });
  });

  it.each([
    ['医保卡号', CITY],
    ['社保卡号', CARD],
    ['健保卡號', NHI],
    ['ybkh', CITY],
    ['shebao_no', CITY],
    ['Medical Insurance No.', CITY],
    ['NHI Card No', NHI],
  ])('finds a whole field under a %j column', (header, value) => {
    expect(findType(value, 'health_insurance_id', header)).toHaveLength(1);
  });

  it('needs its label: a number alone, or after 社保 or 医保 alone (a contribution, an amount), is none', () => {
    expect(findType(`订单号 ${CITY} 已发货`, 'health_insurance_id')).toEqual([]);
    expect(findType(CARD, 'health_insurance_id')).toEqual([]);
    expect(findType('社保缴费基数 12000000 元', 'health_insurance_id')).toEqual([]);
    expect(findType('医保统筹支付 20231201', 'health_insurance_id')).toEqual([]);
  });

  it('refuses a placeholder of one repeated digit, and a number too short', () => {
    expect(findType('医保卡号：00000000', 'health_insurance_id')).toEqual([]);
    expect(findType('医保卡号：1234567', 'health_insurance_id')).toEqual([]);
  });

  it('a resident ID or a bank card under the label keeps its own type', () => {
    const id = residentId(rng);
    expect(onlyFinding(`社保卡号：${id}`)).toMatchObject({ type: 'cn_resident_id', value: id });
    const card = bankCard(rng);
    expect(onlyFinding(`社保卡号：${card}`)).toMatchObject({ type: 'bank_card', value: card });
  });

  it('canonical form: a number however grouped, a card however cased, is one', () => {
    expect(canonicalValue('health_insurance_id', NHI)).toBe(canonicalValue('health_insurance_id', NHI.replace(/ /g, '')));
    expect(canonicalValue('health_insurance_id', CARD.toLowerCase())).toBe(canonicalValue('health_insurance_id', CARD));
  });

  it('a hospital list of patients numbers alone (no names, no IDs) is confidential, not public (it was public)', async () => {
    const rows = [['序号', '医保卡号', '科室'], ...Array.from({ length: 20 }, (_, i) => [String(i + 1), healthInsuranceId(rng), rng.pick(['内科', '外科', '儿科'])])];
    const report = await scanSource(bufferSource('patients.csv', Buffer.from(csvText(rows))), 'patients.csv');
    expect(report).toMatchObject({ sensitivity: 'confidential', counts: { health_insurance_id: 20 } });
  });

  it('generator: each form has its shape, and no other detector takes it under its label', () => {
    for (let i = 0; i < 50; i++) {
      const value = healthInsuranceId(rng);
      expect(value).toMatch(/^(?:[1-9]\d{9}|[1-9]\d{11}|[1-9]\d{15}|[ABD]\d{8}|0000 \d{4} \d{4})$/);
      expect(onlyFinding(`医保卡号：${value}`).type).toBe('health_insurance_id');
    }
  });
});
