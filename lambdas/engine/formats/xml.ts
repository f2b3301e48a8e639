/**
 * Streaming XML for the OpenDocument and PPTX readers: saxes (ISC) parses decoded text as it
 * arrives and a handler turns its events into items, handed on after each chunk, so memory stays
 * bounded by one chunk's items whatever the part's size. saxes expands no DTD entities (an
 * entity bomb is an unknown entity, hence CORRUPT) and never fetches anything.
 */
import { SaxesParser } from 'saxes';
import { ScanError } from '../errors.js';

/** A saxes parser in plain (non-namespace) mode: element names keep their `text:` prefixes. */
export type XmlParser = SaxesParser<{ xmlns: false }>;
/** A saxes parser in namespace mode: each element and attribute has its namespace URI and local name. */
export type XmlNsParser = SaxesParser<{ xmlns: true }>;

/**
 * Parses `chunks` and yields the items `listen` pushes to `out` while each chunk is parsed.
 * Malformed XML throws CORRUPT naming `label` (never the parser's message, which quotes content),
 * after the items parsed before it.
 * With `close: false` a document that stops before its root element is closed is not an error
 * (the XLSX reader keeps exceljs's tolerance of that).
 */
export function parseXml<T>(
  chunks: AsyncIterable<string>,
  label: string,
  listen: (parser: XmlParser, out: T[]) => void,
  { close = true }: { readonly close?: boolean } = {},
): AsyncGenerator<T[]> {
  const parser: XmlParser = new SaxesParser({ xmlns: false });
  const out: T[] = [];
  listen(parser, out);
  return feed(parser, out, chunks, label, close);
}

/** parseXml with namespaces resolved (elements named by URI, whatever prefix a document uses). */
export function parseXmlNs<T>(chunks: AsyncIterable<string>, label: string, listen: (parser: XmlNsParser, out: T[]) => void): AsyncGenerator<T[]> {
  const parser: XmlNsParser = new SaxesParser({ xmlns: true });
  const out: T[] = [];
  listen(parser, out);
  return feed(parser, out, chunks, label, true);
}

async function* feed<T>(
  parser: { write(chunk: string): unknown; close(): unknown },
  out: T[],
  chunks: AsyncIterable<string>,
  label: string,
  close: boolean,
): AsyncGenerator<T[]> {
  /** False when the XML broke: what was parsed before it is handed on, then CORRUPT. */
  const write = (chunk: string | null): boolean => {
    try {
      if (chunk === null) parser.close();
      else parser.write(chunk);
      return true;
    } catch {
      return false;
    }
  };
  const corrupt = () => new ScanError('CORRUPT', `${label} is not well-formed XML`);
  for await (const chunk of chunks) {
    const ok = write(chunk);
    if (out.length > 0) yield out.splice(0);
    if (!ok) throw corrupt();
  }
  const ok = !close || write(null);
  if (out.length > 0) yield out.splice(0);
  if (!ok) throw corrupt();
}

/** Text of an XML stream, batched per chunk, for a TextPart. */
export async function* xmlText(batches: AsyncIterable<string[]>): AsyncGenerator<string> {
  for await (const batch of batches) yield batch.join('');
}
