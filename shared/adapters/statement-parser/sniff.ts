/**
 * What a statement file is, told from its first bytes: an XLSX workbook (a zip), CSV text in
 * UTF-8 or UTF-16LE, or something a clerk uploaded by mistake (an old .xls, a PDF, binary
 * data, nothing at all).
 */
import { statementFileError } from '../../domain/statements/file-error';
import type { StatementSource } from '../../usecases/ports/statement-parser';
import { bytes } from './source';

export const SNIFF_BYTES = 4096;

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);

export interface Sniffed {
  /** At least the first SNIFF_BYTES bytes (fewer only when the file is shorter). */
  head: Buffer;
  /** The whole file, from byte 0 again. */
  stream: AsyncGenerator<Buffer>;
}

/** Reads just enough to recognise the file type, then hands back a stream that still starts at byte 0. */
export async function sniff(source: StatementSource): Promise<Sniffed> {
  const iterator = bytes(source);
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    size += next.value.length;
  }
  const head = taken.length === 1 ? taken[0]! : Buffer.concat(taken);
  async function* stream(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (!done) yield* iterator;
  }
  return { head, stream: stream() };
}

const startsWith = (head: Buffer, magic: Buffer) => head.length >= magic.length && head.subarray(0, magic.length).equals(magic);

export const isZip = (head: Buffer): boolean => startsWith(head, ZIP);

export function looksLikeXlsx(head: Uint8Array): boolean {
  return isZip(Buffer.from(head.buffer, head.byteOffset, head.byteLength));
}

/** Refuses a head that cannot be CSV text, saying what the file is instead. */
export function checkTextHead(head: Buffer): void {
  if (head.length === 0) throw statementFileError('row 1', 'the file is empty (0 bytes)');
  if (startsWith(head, ZIP)) throw statementFileError('row 1', 'this is an XLSX (zip) file, not CSV text');
  if (startsWith(head, OLE2)) throw statementFileError('row 1', 'this is an old Excel .xls file; save it as XLSX or CSV');
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') throw statementFileError('row 1', 'this is a PDF, not a CSV statement');
  if (!startsWith(head, UTF16LE_BOM) && head.subarray(0, SNIFF_BYTES).includes(0)) {
    throw statementFileError('row 1', 'the file holds binary data, not CSV text');
  }
}

/** The head as text, without its byte order mark: UTF-16LE when it starts with that BOM, else UTF-8. */
export function headText(head: Buffer): string {
  if (startsWith(head, UTF16LE_BOM)) return head.subarray(2).toString('utf16le');
  return head.subarray(startsWith(head, UTF8_BOM) ? 3 : 0).toString('utf8');
}
