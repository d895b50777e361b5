/**
 * Zip archives built by hand, for the upload limits' tests: parts whose directory may say
 * anything about their sizes (a zip bomb that lies), which no zip library writes.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface HandPart {
  name: string;
  /** The bytes the part inflates to; deflated unless `compressed` is given. */
  content?: Buffer;
  /** Compressed bytes to store as they are (with `declaredSize`), for a part that lies. */
  compressed?: Buffer;
  /** The inflated size the headers declare; the real one by default. */
  declaredSize?: number;
}

export function handZip(parts: HandPart[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const data = part.compressed ?? deflateRawSync(part.content ?? Buffer.alloc(0));
    const size = part.declaredSize ?? part.content?.length ?? 0;
    const crc = part.content ? crc32(part.content) : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    directory.push(entry, name);
    offset += 30 + name.length + data.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

/** A workbook's sheet that inflates to `size` bytes of zeros: a zip bomb's payload, deflated at about 1,000 to 1. */
export function zeroSheet(size: number): Buffer {
  return deflateRawSync(Buffer.alloc(size), { level: 9 });
}
