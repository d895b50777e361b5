/**
 * A small XML writer: elements, attributes in the order given, text escaped, two-space indents.
 * It is hand-written rather than a builder library because the report function's bundle has a
 * size budget and this is all the IATI file needs; the XSD validation in the tests checks it.
 *
 * Text is normalised to NFC (Vietnamese typed on different keyboards compares equal) and stripped
 * of characters XML 1.0 cannot carry, so no input can make the document ill-formed.
 */
export type AttrValue = string | number | boolean | undefined;
export type Attrs = Readonly<Record<string, AttrValue>>;

export interface XmlElement {
  name: string;
  attrs: Attrs;
  children: readonly XmlElement[];
  text?: string;
}

type Child = XmlElement | undefined | false | readonly (XmlElement | undefined | false)[];

/** An element with child elements; `undefined` and `false` children are left out. */
export function el(name: string, attrs: Attrs = {}, ...children: Child[]): XmlElement {
  const kept: XmlElement[] = [];
  for (const child of children.flat()) if (child) kept.push(child);
  return { name, attrs, children: kept };
}

/** An element holding only text. */
export function textEl(name: string, attrs: Attrs, text: string): XmlElement {
  return { name, attrs, children: [], text };
}

/** Characters outside XML 1.0's Char production: C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function cleanText(text: string): string {
  return text.normalize('NFC').replace(NOT_XML_CHAR, '');
}

export function escapeText(text: string): string {
  return cleanText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes and keep whitespace characters from being normalised to spaces. */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function openTag(element: XmlElement): string {
  let tag = `<${element.name}`;
  for (const [name, value] of Object.entries(element.attrs)) {
    if (value === undefined) continue;
    const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    tag += ` ${name}="${escapeAttr(text)}"`;
  }
  return tag;
}

function write(element: XmlElement, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const tag = openTag(element);
  if (element.text !== undefined) {
    out.push(`${indent}${tag}>${escapeText(element.text)}</${element.name}>\n`);
  } else if (element.children.length === 0) {
    out.push(`${indent}${tag}/>\n`);
  } else {
    out.push(`${indent}${tag}>\n`);
    for (const child of element.children) write(child, depth + 1, out);
    out.push(`${indent}</${element.name}>\n`);
  }
}

/** The whole document, with its UTF-8 declaration and a final newline. */
export function xmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, 0, out);
  return out.join('');
}
