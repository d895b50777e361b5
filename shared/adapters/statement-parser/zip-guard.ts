/**
 * An XLSX workbook's zip, checked before the workbook reader inflates any of it (DESIGN §9,
 * limits in `shared/domain/uploads.ts`). The reader follows the local headers one after another
 * and inflates each part until its deflate stream ends, trusting neither directory: so the
 * directory is read, the parts must lie end to end exactly as it says (no part the directory
 * does not list), the declared sizes must be within the limits, and then each part is inflated
 * here, counting bytes and throwing them away, and stops as soon as it passes what it declared
 * or what the limits allow. A part that lies about its size is caught at the limit, not after it.
 */
import { createInflateRaw } from 'node:zlib';
import { statementFileError } from '../../domain/statements/file-error';
import { overLimit, UPLOAD_LIMITS } from '../../domain/uploads';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
/** The end record is 22 bytes, followed by a comment of at most 65,535. */
const END_SEARCH = 22 + 0xffff;
const STORED = 0;
const DEFLATED = 8;
/** Parts smaller than this inflated are not held to the ratio: tiny XML parts compress very well. */
const RATIO_FLOOR = 1024 * 1024;
const SHEET = /^xl\/worksheets\/[^/]+\.xml$/i;

export interface ZipPart {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

// Named as the readers name a file they cannot read at all: its first row.
const damaged = (message: string) => statementFileError('row 1', `the workbook is damaged: ${message}`);

function endOfDirectory(zip: Buffer): { entries: number; size: number; offset: number } {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - END_SEARCH); at--) {
    if (zip.readUInt32LE(at) !== END_OF_DIRECTORY) continue;
    const entries = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 12);
    const offset = zip.readUInt32LE(at + 16);
    if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw damaged('a ZIP64 archive, larger than any statement');
    if (offset + size > at) throw damaged('its directory points past its end');
    return { entries, size, offset };
  }
  throw damaged('no zip directory at its end (a cut-off file?)');
}

/** The parts the zip's central directory lists. */
export function zipDirectory(zip: Buffer): { parts: ZipPart[]; directoryOffset: number } {
  const end = endOfDirectory(zip);
  if (end.entries > UPLOAD_LIMITS.xlsxEntries) throw overLimit('xlsxEntries', 'file', `the workbook has ${end.entries} parts`);
  const parts: ZipPart[] = [];
  let at = end.offset;
  for (let i = 0; i < end.entries; i++) {
    if (at + 46 > end.offset + end.size || zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw damaged(`directory entry ${i + 1} is not where the directory says`);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const part: ZipPart = {
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      uncompressedSize: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if (part.compressedSize === 0xffffffff || part.uncompressedSize === 0xffffffff || part.localOffset === 0xffffffff) throw damaged(`part ${part.name} is ZIP64`);
    if (part.method !== STORED && part.method !== DEFLATED) throw damaged(`part ${part.name} uses compression method ${part.method}`);
    parts.push(part);
    at += 46 + skip;
  }
  return { parts, directoryOffset: end.offset };
}

/** Where each part's compressed data is, checking that the parts lie end to end from byte 0 to the directory. */
function partData(zip: Buffer, parts: readonly ZipPart[], directoryOffset: number): Map<ZipPart, Buffer> {
  const data = new Map<ZipPart, Buffer>();
  let expected = 0;
  for (const part of [...parts].sort((a, b) => a.localOffset - b.localOffset)) {
    const at = part.localOffset;
    if (at !== expected) throw damaged(`part ${part.name} starts at byte ${at}, not ${expected}`);
    if (at + 30 > directoryOffset || zip.readUInt32LE(at) !== LOCAL_HEADER) throw damaged(`part ${part.name} has no local header`);
    const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
    const end = start + part.compressedSize;
    if (end > directoryOffset) throw damaged(`part ${part.name} runs into the directory`);
    data.set(part, zip.subarray(start, end));
    expected = end;
    // A data descriptor (flag bit 3) follows the data: crc and both sizes, with or without its signature.
    if (part.flags & 0x8) expected += end + 4 <= directoryOffset && zip.readUInt32LE(end) === DATA_DESCRIPTOR ? 16 : 12;
  }
  if (expected !== directoryOffset) throw damaged(`${directoryOffset - expected} bytes between its last part and its directory`);
  return data;
}

/** Inflates `data`, counting and discarding, and stops once past `cap`: the inflated size, or cap + something. */
function inflatedSize(data: Buffer, cap: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        inflate.destroy();
        resolve(size);
      }
    });
    inflate.on('end', () => resolve(size));
    inflate.on('error', reject);
    inflate.end(data);
  });
}

const ratioCap = (compressed: number) => Math.max(RATIO_FLOOR, compressed * UPLOAD_LIMITS.xlsxInflateRatio);

/** Refuses a workbook over a limit (UploadLimitError) or with a damaged zip (ValidationError), inflating nothing past a limit. */
export async function checkWorkbookZip(zip: Buffer): Promise<void> {
  const { parts, directoryOffset } = zipDirectory(zip);
  const sheets = parts.filter((part) => SHEET.test(part.name)).length;
  if (sheets > UPLOAD_LIMITS.xlsxSheets) throw overLimit('xlsxSheets', 'file', `the workbook has ${sheets} sheets`);
  let declared = 0;
  for (const part of parts) {
    declared += part.uncompressedSize;
    if (part.uncompressedSize > ratioCap(part.compressedSize)) {
      throw overLimit('xlsxInflateRatio', 'file', `part ${part.name} inflates ${part.compressedSize} bytes to ${part.uncompressedSize}`);
    }
  }
  if (declared > UPLOAD_LIMITS.xlsxUncompressedBytes) throw overLimit('xlsxUncompressedBytes', 'file', `the workbook inflates to ${declared} bytes`);
  const data = partData(zip, parts, directoryOffset);
  let total = 0;
  for (const part of parts) {
    const bytes = data.get(part)!;
    if (part.method === STORED) {
      if (bytes.length !== part.uncompressedSize) throw damaged(`stored part ${part.name} is not its declared size`);
      total += bytes.length;
      continue;
    }
    const budget = UPLOAD_LIMITS.xlsxUncompressedBytes - total;
    // Not capped at the declared size: a part that lies is stopped at the limit it breaks, and named by it.
    const cap = Math.min(budget, ratioCap(part.compressedSize));
    let size: number;
    try {
      size = await inflatedSize(bytes, cap);
    } catch (error) {
      throw damaged(`part ${part.name} does not inflate (${(error as Error).message})`);
    }
    if (size > budget) throw overLimit('xlsxUncompressedBytes', 'file', `part ${part.name} inflates past the workbook's limit (its directory says ${part.uncompressedSize} bytes)`);
    if (size > ratioCap(part.compressedSize)) {
      throw overLimit('xlsxInflateRatio', 'file', `part ${part.name} inflates ${part.compressedSize} bytes to more than ${size} (its directory says ${part.uncompressedSize})`);
    }
    if (size !== part.uncompressedSize) throw damaged(`part ${part.name} inflates to ${size} bytes, not the ${part.uncompressedSize} its directory says`);
    total += size;
  }
}
