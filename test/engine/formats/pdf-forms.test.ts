/**
 * PDF forms and annotations (pdf.ts): a filled-in form's values are in its fields, not its page's
 * text, and a flattened form's fields are text of their own XObjects that pdfjs joins with nothing
 * between them; both came out public with an ID and a phone in them.
 */
import { PDFDocument, PDFHexString, PDFName, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pageText } from '../../../lambdas/engine/formats/page-layout.js';
import { annotationText, pdfPieces } from '../../../lambdas/engine/formats/pdf.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { mobile, residentId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { allText, bufferSource, readAll } from './read-parts.js';

const rng = new Rng('pdf-forms');
const id = residentId(rng);
const phone = mobile(rng);

/** An application form: labels on the page, the answers in text fields (and a check box). */
async function form(options: { flatten?: boolean; note?: string } = {}): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText('Account application form', { x: 50, y: 800, size: 14, font });
  page.drawText('ID number:', { x: 50, y: 700, size: 12, font });
  page.drawText('Mobile:', { x: 50, y: 650, size: 12, font });
  const fields = pdf.getForm();
  const idField = fields.createTextField('idcard');
  idField.setText(id);
  idField.addToPage(page, { x: 150, y: 690, width: 200, height: 20 });
  const phoneField = fields.createTextField('mobile');
  phoneField.setText(phone);
  phoneField.addToPage(page, { x: 150, y: 640, width: 200, height: 20 });
  const agreed = fields.createCheckBox('agreed');
  agreed.addToPage(page, { x: 50, y: 600, width: 12, height: 12 });
  agreed.check();
  if (options.note !== undefined) {
    const note = pdf.context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [400, 700, 420, 720], Contents: PDFHexString.fromText(options.note) });
    page.node.set(PDFName.of('Annots'), pdf.context.obj([...(page.node.Annots()?.asArray() ?? []), pdf.context.register(note)]));
  }
  if (options.flatten === true) fields.flatten();
  return Buffer.from(await pdf.save());
}

describe('a PDF form', () => {
  it('filled in: its fields\' values are read after the page\'s text, each after its field\'s name; a check box\'s is not', async () => {
    const bytes = await form();
    const text = allText((await readAll(bufferSource('form.pdf', bytes))).parts);
    expect(text).toContain(`idcard ${id}\n`);
    expect(text).toContain(`mobile ${phone}\n`);
    expect(text).not.toContain('agreed');
    const report = await scanSource(bufferSource('form.pdf', bytes), 'form.pdf');
    expect(report).toMatchObject({ sensitivity: 'confidential', counts: { cn_resident_id: 1, cn_mobile: 1 } });
  });

  it('flattened: each field\'s text apart from the others', async () => {
    const report = await scanSource(bufferSource('form.pdf', await form({ flatten: true })), 'form.pdf');
    expect(report).toMatchObject({ sensitivity: 'confidential', counts: { cn_resident_id: 1, cn_mobile: 1 } });
  });

  it('a note on the page: its contents read', async () => {
    const other = residentId(rng);
    const report = await scanSource(bufferSource('form.pdf', await form({ note: `客户身份证 ${other}` })), 'form.pdf');
    expect(report.counts.cn_resident_id).toBe(2);
  });
});

describe('pageText', () => {
  const item = (str: string, x: number, y: number, width: number, hasEOL = false) => ({ str, transform: [12, 0, 0, 12, x, y], width, height: 12, hasEOL });

  it.each<[string, object[], string]>([
    ['an item that goes on from the one before: joined (a phone in two pieces)', [item('138', 150, 650, 20), item('12345678', 170, 650, 53)], '13812345678'],
    ['apart on the same line: a space', [item('Mobile:', 50, 650, 39), item('13812345678', 150, 650, 73)], 'Mobile: 13812345678'],
    ['on another line: a newline', [item('41091319550927526X', 150, 690, 110), item('19673775424', 150, 640, 73)], '41091319550927526X\n19673775424'],
    ['back to the left on the same line: a space', [item('B', 150, 650, 8), item('A', 50, 650, 8)], 'B A'],
    ['a line pdfjs ended: no more', [item('a', 50, 650, 8, true), item('b', 50, 630, 8)], 'a\nb'],
    ['a space item between: no more', [item('a', 50, 650, 8), item(' ', 58, 650, 40), item('b', 150, 650, 8)], 'a b'],
  ])('%s', (_, items, expected) => {
    expect(pageText(pdfPieces(items))).toBe(expected);
  });

  it('annotationText: a list box\'s several values, a field without a name', () => {
    expect(annotationText([{ fieldName: '证件类型', fieldValue: ['身份证', '护照'], fieldType: 'Ch' }, { fieldValue: 'x', fieldType: 'Tx' }, { fieldName: 'ok', fieldValue: 'Yes', fieldType: 'Btn' }])).toBe('证件类型 身份证 护照\nx\n');
  });
});
