/**
 * The DOCX reader streams the body with mammoth's raw-text rules (docx-body.ts): on generated
 * documents that mix every element those rules name (and elements they skip), its text must be
 * exactly what mammoth.extractRawText gives, the reader it replaced.
 */
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { docxBodyText } from '../../../lambdas/engine/formats/docx-body.js';
import { stringChunks } from '../../../lambdas/engine/formats/text.js';
import { zipBuffer, zipMembers } from '../../../synthetic/files.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource, fileSource, readAll } from './read-parts.js';

const NAMESPACES = {
  w: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  w14: 'http://schemas.microsoft.com/office/word/2010/wordml',
  mc: 'http://schemas.openxmlformats.org/markup-compatibility/2006',
  v: 'urn:schemas-microsoft-com:vml',
  wp: 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing',
};
const STRICT_W = 'http://purl.oclc.org/ooxml/wordprocessingml/main';

const WORDS = ['客户', '张伟', '电话', '13812345678', 'Order', 'no.', '42', '  spaced  ', 'a&amp;b', '&lt;x&gt;', '地址：上海市', 'ID', ''];

/** Random document bodies built from the elements mammoth's body reader knows, and some it skips. */
class BodyWriter {
  constructor(private readonly rng: Rng) {}

  private text(): string {
    const { rng } = this;
    return Array.from({ length: rng.int(1, 3) }, () => rng.pick(WORDS)).join(rng.chance(0.5) ? ' ' : '');
  }

  private runContent(depth: number): string {
    const { rng } = this;
    const options = [
      () => `<w:t xml:space="preserve">${this.text()}</w:t>`,
      () => `<w:t>${this.text()}</w:t>`,
      () => '<w:t/>',
      () => '<w:tab/>',
      () => '<w:br/>',
      () => '<w:br w:type="page"/>',
      () => '<w:noBreakHyphen/>',
      () => '<w:softHyphen/>',
      () => '<w:sym w:font="Wingdings" w:char="F0FC"/>',
      () => '<w:sym w:font="Symbol" w:char="0041"/>',
      () => '<w:sym w:font="NoSuchFont" w:char="0041"/>',
      () => `<w:delText>${this.text()}</w:delText>`,
      () => '<w:instrText xml:space="preserve"> HYPERLINK "https://example.com" </w:instrText>',
      () => `<w:fldChar w:fldCharType="${rng.pick(['begin', 'separate', 'end'])}"/>`,
      () => '<w:lastRenderedPageBreak/>',
      () => '<w:footnoteReference w:id="1"/>',
      () => '<w:drawing><wp:inline><wp:docPr id="1" name="x"/></wp:inline></w:drawing>',
      () => `<w:foo><w:t>${this.text()}</w:t></w:foo>`,
      () => (depth > 0 ? `<w:pict><v:shape><v:textbox><w:txbxContent>${this.paragraphs(depth - 1)}</w:txbxContent></v:textbox></v:shape></w:pict>` : '<w:tab/>'),
      () =>
        `<mc:AlternateContent><mc:Choice Requires="w14"><w:t>${this.text()}</w:t></mc:Choice><mc:Fallback>${this.runContent(depth)}</mc:Fallback></mc:AlternateContent>`,
    ];
    return rng.pick(options)();
  }

  private run(depth: number): string {
    const { rng } = this;
    const props = rng.chance(0.3) ? '<w:rPr><w:b/><w:t>not text</w:t></w:rPr>' : '';
    return `<w:r>${props}${Array.from({ length: rng.int(1, 4) }, () => this.runContent(depth)).join('')}</w:r>`;
  }

  private inline(depth: number): string {
    const { rng } = this;
    const runs = () => Array.from({ length: rng.int(0, 3) }, () => this.run(depth)).join('');
    const options = [
      () => this.run(depth),
      () => this.run(depth),
      () => `<w:hyperlink w:anchor="a">${runs()}</w:hyperlink>`,
      () => `<w:hyperlink>${runs()}</w:hyperlink>`,
      () => `<w:ins w:id="1" w:author="a">${runs()}</w:ins>`,
      () => `<w:del w:id="2" w:author="a">${runs()}</w:del>`,
      () => `<w:smartTag>${runs()}</w:smartTag>`,
      () => `<w:customXml>${runs()}</w:customXml>`,
      () => `<w:moveTo>${runs()}</w:moveTo>`,
      () => `<w:moveFrom>${runs()}</w:moveFrom>`,
      () => `<w:sdt><w:sdtPr>${rng.chance(0.5) ? '<w14:checkbox><w14:checked w14:val="1"/></w14:checkbox>' : '<w:alias w:val="x"/>'}</w:sdtPr><w:sdtContent>${runs()}</w:sdtContent></w:sdt>`,
      () => `<w:bookmarkStart w:id="0" w:name="${rng.pick(['_GoBack', 'mark'])}"/><w:bookmarkEnd w:id="0"/>`,
      () => '<w:proofErr w:type="spellStart"/>',
    ];
    return rng.pick(options)();
  }

  paragraph(depth: number): string {
    const { rng } = this;
    const deleted = rng.chance(0.15) ? '<w:rPr><w:del w:id="3" w:author="a"/></w:rPr>' : '';
    const pPr = rng.chance(0.5) ? `<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs>${deleted}</w:pPr>` : '';
    return `<w:p>${pPr}${Array.from({ length: rng.int(0, 4) }, () => this.inline(depth)).join('')}</w:p>`;
  }

  paragraphs(depth: number): string {
    return Array.from({ length: this.rng.int(1, 3) }, () => this.paragraph(depth)).join('');
  }

  private cell(depth: number): string {
    const { rng } = this;
    const span = rng.chance(0.2) ? '<w:gridSpan w:val="2"/>' : '';
    const merge = rng.pick(['', '', '<w:vMerge/>', '<w:vMerge w:val="restart"/>', '<w:vMerge w:val="continue"/>']);
    const content = depth > 0 && rng.chance(0.15) ? `${this.table(depth - 1)}<w:p/>` : this.paragraphs(depth);
    return `<w:tc><w:tcPr>${span}${merge}</w:tcPr>${content}</w:tc>`;
  }

  private row(depth: number): string {
    const { rng } = this;
    const trPr = rng.pick(['', '<w:trPr><w:tblHeader/></w:trPr>', '<w:trPr><w:del w:id="4" w:author="a"/></w:trPr>']);
    const stray = rng.chance(0.05) ? '<w:bookmarkStart w:id="5" w:name="inrow"/>' : '';
    const cells = Array.from({ length: rng.int(1, 3) }, () => this.cell(depth)).join('');
    return `<w:tr>${trPr}${stray}${rng.chance(0.1) ? `<w:sdt><w:sdtContent>${cells}</w:sdtContent></w:sdt>` : cells}</w:tr>`;
  }

  table(depth: number): string {
    const { rng } = this;
    const stray = rng.pick(['', '', '', '<w:bookmarkStart w:id="6" w:name="intable"/>', '<w:bookmarkStart w:id="6" w:name="_GoBack"/>', '<w:p><w:r><w:t>loose</w:t></w:r></w:p>']);
    const rows = Array.from({ length: rng.int(1, 4) }, () => this.row(depth)).join('');
    return `<w:tbl><w:tblPr><w:tblW w:w="0"/></w:tblPr><w:tblGrid><w:gridCol/></w:tblGrid>${stray}${rows}</w:tbl>`;
  }

  body(): string {
    const { rng } = this;
    const blocks = [
      () => this.paragraph(2),
      () => this.paragraph(2),
      () => this.table(1),
      () => `<w:sdt><w:sdtPr/><w:sdtContent>${this.paragraphs(1)}</w:sdtContent></w:sdt>`,
      () => `<w:sdt><w:sdtPr><w14:checkbox/></w:sdtPr><w:sdtContent>${this.paragraphs(1)}</w:sdtContent></w:sdt>`,
      () => `<w:customXml>${this.paragraphs(1)}</w:customXml>`,
    ];
    return `${Array.from({ length: rng.int(1, 8) }, () => rng.pick(blocks)()).join('')}<w:sectPr><w:pgSz w:w="1"/></w:sectPr>`;
  }
}

function documentXml(body: string, options: { prefix?: string; strict?: boolean; bom?: boolean } = {}): string {
  const prefix = options.prefix ?? 'w';
  const declarations = Object.entries(NAMESPACES)
    .map(([p, uri]) => `xmlns:${p === 'w' ? prefix : p}="${p === 'w' && options.strict ? STRICT_W : uri}"`)
    .join(' ');
  let xml = `<w:document ${declarations} mc:Ignorable="w14"><w:body>${body}</w:body></w:document>`;
  if (prefix !== 'w') xml = xml.replace(/(<\/?| )w:/g, `$1${prefix}:`);
  return `${options.bom ? '\uFEFF' : ''}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${xml}`;
}

function docx(document: string, mainPath = 'word/document.xml', others: { name: string; data: string }[] = []): Promise<Buffer> {
  return zipBuffer([
    ...others,
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${mainPath}"/></Relationships>`,
    },
    { name: mainPath.replace(/^\//, ''), data: document },
  ]);
}

/** The body's text by mammoth's rules (docxBodyText), its tables as text: what the reader reads, before it takes the body's tables as cells. */
async function streamed(buffer: Buffer): Promise<string> {
  const document = (await zipMembers(buffer)).find((member) => member.name === 'word/document.xml');
  let text = '';
  for await (const batch of docxBodyText(stringChunks(String(document?.data)))) text += batch.join('');
  return text;
}

async function mammothText(buffer: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer })).value;
}

describe('docx body text against mammoth', () => {
  const rng = new Rng('docx-body');
  const cases = Array.from({ length: 160 }, (_, i) => {
    const body = new BodyWriter(rng).body();
    const options = [{}, {}, {}, { prefix: 'ns0' }, { strict: true }, { bom: true }][i % 6];
    return [i, body, options] as const;
  });

  it.each(cases)('document %i reads as mammoth reads it', async (_i, body, options) => {
    const buffer = await docx(documentXml(body, options));
    expect(await streamed(buffer)).toBe(await mammothText(buffer));
  });

  it('the generated documents hold text of every kind the rules give', async () => {
    const all = (await Promise.all(cases.slice(0, 40).map(async ([, body, options]) => mammothText(await docx(documentXml(body, options)))))).join('');
    for (const piece of ['\t', '\u2011', '\u00AD', '13812345678', '\n\n', 'a&b', '<x>']) expect(all).toContain(piece);
  });

  it('reads the main document the package relationships point to', async () => {
    const other = { name: 'word/document.xml', data: documentXml('<w:p><w:r><w:t>not this one</w:t></w:r></w:p>') };
    const buffer = await docx(documentXml('<w:p><w:r><w:t>moved</w:t></w:r></w:p>'), '/word/main.xml', [other]);
    // The body is the part the relationships point to; the other part is read after it, as a part
    // of the package that holds text (package-parts.ts), where mammoth reads nothing of it.
    const { parts } = await readAll(bufferSource('doc.docx', buffer));
    // The body's tables come first, as cells: it has none.
    expect(parts.map((part) => [part.where.entry, part.kind === 'text' ? part.text : part.kind === 'cells' ? part.cells : part.kind])).toEqual([
      [undefined, []],
      [undefined, 'moved\n\n'],
      ['word/document.xml', 'not this one\n'],
    ]);
    expect(await mammothText(buffer)).toBe('moved\n\n');
  });

  it('keeps a merged cell out, and keeps it when the table holds something else', async () => {
    const merged = (stray: string) =>
      `<w:tbl>${stray}<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>top</w:t></w:r></w:p></w:tc></w:tr>` +
      '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>hidden</w:t></w:r></w:p></w:tc></w:tr></w:tbl>';
    const regular = await docx(documentXml(merged('')));
    expect(await streamed(regular)).toBe('top\n\n');
    const irregular = await docx(documentXml(merged('<w:bookmarkStart w:id="1" w:name="b"/>')));
    expect(await streamed(irregular)).toBe('top\n\nhidden\n\n');
    expect(await mammothText(irregular)).toBe('top\n\nhidden\n\n');
  });

  it('streams a document larger than maxBufferedBytes from disk', async () => {
    const body = Array.from({ length: 2000 }, (_, i) => `<w:p><w:r><w:t>row ${i} 13812345678</w:t></w:r></w:p>`).join('');
    const buffer = await docx(documentXml(body));
    const { parts, thrown } = await readAll(fileSource('big.docx', buffer), { maxBufferedBytes: 4096 });
    expect(thrown).toBeUndefined();
    expect(parts.map((part) => part.kind)).toEqual(['cells', 'text']);
    const text = (parts[1] as { text: string }).text;
    expect(text.startsWith('row 0 13812345678\n\nrow 1 ')).toBe(true);
    expect(text.endsWith('row 1999 13812345678\n\n')).toBe(true);
  });

  it('a document.xml that inflates past maxRatio is LIMIT_EXCEEDED (a DOCX bomb)', async () => {
    const buffer = await docx(documentXml('<w:p><w:r><w:t>x</w:t></w:r></w:p>'.repeat(200_000)));
    const { thrown } = await readAll(bufferSource('bomb.docx', buffer));
    expect(thrown?.code).toBe('LIMIT_EXCEEDED');
    expect(thrown?.message).toMatch(/maxRatio/);
  });

  it('malformed document XML is CORRUPT without quoting it', async () => {
    const buffer = await docx(documentXml('<w:p><w:r><w:t>13812345678</w:r></w:p>'));
    const { thrown } = await readAll(bufferSource('bad.docx', buffer));
    expect(thrown).toEqual({ code: 'CORRUPT', message: 'docx document.xml is not well-formed XML' });
  });
});
