/**
 * Long XML text nodes reach the handlers in pieces (xml.ts TextPieces): an empty comment between
 * them, put where saxes reads it as markup between two texts and nowhere else. Random documents,
 * cut into random chunks, must give saxes the same elements, attributes, texts (pieces joined),
 * comments, CDATA and instructions as the document as it came, with no piece longer than the limit
 * but for an entity's length; and what a reader keeps of a long node must be the same text.
 */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { stringChunks } from '../../../lambdas/engine/formats/text.js';
import { parseXml, TextPieces, XML_TEXT_PIECE_CHARS } from '../../../lambdas/engine/formats/xml.js';
import { docxBuffer, withParts } from '../../../synthetic/files.js';
import { residentId } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource } from './read-parts.js';

/** Pieces of text, some of them what a cut must not split: entities, a surrogate pair, a CRLF. */
const TEXTS = ['客户', 'abc', ' ', '&amp;', '&lt;p class=&quot;x&quot;&gt;', '&#x4e2d;', '&#20013;', '😀', '\r\n', '\n', '>', 'x;y', '&apos;'];
/** Attribute values that hold what ends markup elsewhere. */
const VALUES = ['a>b', "it's", 'say "hi"', '&amp;&gt;', '', '--', ']]>', '?>'];

/** A random well-formed document: nested elements with attributes, text, comments, CDATA and instructions. */
function randomDocument(rng: Rng): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<!-- a <comment> -->'];
  const element = (depth: number): void => {
    const name = rng.pick(['w:t', 'p', 'c', 'si']);
    const attributes = Array.from({ length: rng.int(0, 2) }, (_, i) => {
      const value = rng.pick(VALUES);
      return value.includes('"') ? ` a${i}='${value.replaceAll("'", '&apos;')}'` : ` a${i}="${value}"`;
    }).join('');
    if (rng.chance(0.15)) {
      out.push(`<${name}${attributes}/>`);
      return;
    }
    out.push(`<${name}${attributes}>`);
    for (let k = rng.int(0, 6); k > 0; k--) {
      const r = rng.next();
      if (r < 0.55) out.push(Array.from({ length: rng.int(1, 40) }, () => rng.pick(TEXTS)).join(''));
      else if (r < 0.65) out.push(`<!-- ${rng.pick(['<a>', '- x -', '>', ''])} -->`);
      else if (r < 0.75) out.push(`<![CDATA[${rng.pick(['<b>&amp;', ']] >', 'x]', ''])}]]>`);
      else if (r < 0.8) out.push(`<?pi ${rng.pick(['a>b', '?', ''])}?>`);
      else if (depth < 4) element(depth + 1);
    }
    out.push(`</${name}>`);
  };
  element(0);
  return out.join('');
}

/** What saxes reports of `chunks`: events in order, adjacent texts joined and empty comments left out. */
function events(chunks: readonly string[]): { events: string[]; longestText: number } {
  const parser = new SaxesParser({ xmlns: false });
  const out: string[] = [];
  let longestText = 0;
  parser.on('opentag', (tag) => out.push(`<${tag.name} ${JSON.stringify(tag.attributes)}>`));
  parser.on('closetag', (tag) => out.push(`</${tag.name}>`));
  parser.on('text', (text) => {
    longestText = Math.max(longestText, text.length);
    if (out.at(-1)?.startsWith('T:')) out[out.length - 1] += text;
    else out.push(`T:${text}`);
  });
  parser.on('comment', (text) => {
    if (text !== '') out.push(`C:${text}`);
  });
  parser.on('cdata', (text) => out.push(`D:${text}`));
  parser.on('processinginstruction', (pi) => out.push(`P:${pi.target} ${pi.body}`));
  for (const chunk of chunks) parser.write(chunk);
  parser.close();
  return { events: out, longestText };
}

/** `text` cut at random places into chunks of 1 to `max` characters (never inside a surrogate pair, as a decoder gives them). */
function randomChunks(rng: Rng, text: string, max: number): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + rng.int(1, max));
    const before = text.charCodeAt(end - 1);
    if (end < text.length && before >= 0xd800 && before <= 0xdbff) end += 1;
    chunks.push(text.slice(at, end));
    at = end;
  }
  return chunks;
}

describe('TextPieces: long text nodes broken for the parser', () => {
  it('random documents in random chunks: the same events, and texts in pieces of the limit', () => {
    const rng = new Rng('xml-text-pieces');
    let broken = 0;
    for (let trial = 0; trial < 400; trial++) {
      const doc = randomDocument(rng);
      const limit = rng.int(1, 24);
      const pieces = new TextPieces();
      const split = randomChunks(rng, doc, rng.int(1, 200)).map((chunk) => pieces.split(chunk, limit));
      if (split.join('') !== doc) broken += 1;
      const expected = events([doc]);
      const got = events(split);
      expect(got.events, doc).toEqual(expected.events);
      // A piece may pass the limit by an entity that was open where it was reached (and a pair or CRLF).
      expect(got.longestText, doc).toBeLessThanOrEqual(limit + 24);
    }
    expect(broken).toBeGreaterThan(200);
  });

  it('a document with a document type declaration is left as it came', () => {
    const doc = `<!DOCTYPE r [<!ENTITY e "x">]><r>${'y'.repeat(100)}</r>`;
    const pieces = new TextPieces();
    expect([doc.slice(0, 10), doc.slice(10)].map((chunk) => pieces.split(chunk, 8)).join('')).toBe(doc);
  });

  it('parseXml: a text node of 1 Mi characters reaches its handler in pieces that join to the text', async () => {
    const rng = new Rng('xml-long-node');
    const text = Array.from({ length: 200_000 }, () => rng.pick(TEXTS)).join('');
    const doc = `<r><t>${text}</t></r>`;
    const got: string[] = [];
    const batches = parseXml<string>(stringChunks(doc), 'test', (parser, out) => parser.on('text', (value) => out.push(value)));
    for await (const batch of batches) got.push(...batch);
    expect(got.length).toBeGreaterThan(2);
    expect(Math.max(...got.map((piece) => piece.length))).toBeLessThanOrEqual(XML_TEXT_PIECE_CHARS);
    expect(got.join('')).toBe(events([doc]).events[2].slice(2));
  });
});

describe("a package part's long text node", () => {
  it('is one line: an ID across two of its pieces is found', async () => {
    const id = residentId(new Rng('xml-part-id'));
    // The ID straddles the first break, XML_TEXT_PIECE_CHARS characters into the node.
    const text = `${'备注'.repeat((XML_TEXT_PIECE_CHARS - 10) / 2)} ${id} ${'说明'.repeat(1000)}`;
    const part = Buffer.from(`<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:ftr>`);
    const docx = await withParts(await docxBuffer(['本合同一式两份。']), [{ name: 'word/footer1.xml', data: part }]);
    const report = await scanSource(bufferSource('letter.docx', docx), 'letter.docx');
    expect(report.counts.cn_resident_id).toBe(1);
  });
});
