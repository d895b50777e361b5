import { describe, expect, it } from 'vitest';
import { encodeVietQr } from '../../shared/domain/vietqr';
import {
  MASKS,
  chooseVersion,
  dataCapacity,
  dataCodewords,
  encodeQr,
  formatBits,
  gfMultiply,
  interleave,
  qrPath,
  qrSvg,
  rsEncode,
  rsGenerator,
  versionBits,
  type QrCode,
} from '../../web/src/qr';

const bin = (text: string) => parseInt(text, 2);

describe('GF(256) and Reed–Solomon', () => {
  it('multiplies modulo 0x11D', () => {
    expect(gfMultiply(0x80, 2)).toBe(0x1d); // α^8 = α^4 + α^3 + α^2 + 1
    expect(gfMultiply(0x53, 0xca)).toBe(gfMultiply(0xca, 0x53));
    expect(gfMultiply(7, 1)).toBe(7);
    expect(gfMultiply(0, 0xff)).toBe(0);
  });

  it('builds the degree-7 generator polynomial of the standard (α exponents 87, 229, 146, 149, 238, 102, 21)', () => {
    const exp: number[] = [1];
    for (let i = 1; i < 255; i++) exp.push(gfMultiply(exp[i - 1]!, 2));
    expect(rsGenerator(7)).toEqual([87, 229, 146, 149, 238, 102, 21].map((e) => exp[e]));
  });

  it('reproduces the EC codewords of the well-known 1-M "HELLO WORLD" symbol', () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
    expect(rsEncode(data, 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
  });

  it('reproduces the EC codewords of the ISO/IEC 18004 Annex example "01234567" (1-M)', () => {
    const data = [16, 32, 12, 86, 97, 128, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17];
    expect(rsEncode(data, 10)).toEqual([165, 36, 212, 193, 237, 54, 199, 135, 44, 85]);
  });

  it('makes codewords whose syndromes are all zero (the codeword polynomial has α^0…α^(n−1) as roots)', () => {
    const data = Array.from({ length: 43 }, (_, i) => (i * 37 + 11) & 0xff);
    const codeword = [...data, ...rsEncode(data, 26)];
    for (let root = 0, alpha = 1; root < 26; root++, alpha = gfMultiply(alpha, 2)) {
      let value = 0;
      for (const c of codeword) value = gfMultiply(value, alpha) ^ c;
      expect(value).toBe(0);
    }
  });
});

describe('format and version information', () => {
  it('matches the level-M rows of the format information table', () => {
    const table = [
      '101010000010010',
      '101000100100101',
      '101111001111100',
      '101101101001011',
      '100010111111001',
      '100000011001110',
      '100111110010111',
      '100101010100000',
    ];
    expect(table.map((_, mask) => formatBits(mask))).toEqual(table.map(bin));
  });

  it('matches the version information table for versions 7–10', () => {
    expect([7, 8, 9, 10].map(versionBits)).toEqual([0x07c94, 0x085bc, 0x09a99, 0x0a4d3]);
  });
});

describe('data codewords', () => {
  it('holds the byte-mode capacities of level M', () => {
    const capacities = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213];
    capacities.forEach((bytes, i) => {
      expect(chooseVersion(bytes)).toBe(i + 1);
      if (i < 9) expect(chooseVersion(bytes + 1)).toBe(i + 2);
    });
    expect(() => chooseVersion(214)).toThrow(RangeError);
    expect([1, 5, 8, 10].map(dataCapacity)).toEqual([16, 86, 154, 216]);
  });

  it('writes mode, count, bytes, terminator and alternating pad codewords', () => {
    const codewords = dataCodewords(new TextEncoder().encode('hello'), 1);
    // 0100 | 00000101 | 'h' 0x68 ...
    expect(codewords.slice(0, 3)).toEqual([0x40, 0x56, 0x86]);
    expect(codewords).toHaveLength(16);
    expect(codewords.slice(7)).toEqual([0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec]);
  });

  it('uses a 16-bit character count from version 10', () => {
    const codewords = dataCodewords(new Uint8Array(200).fill(0x41), 10);
    expect(codewords.slice(0, 3)).toEqual([0x40, 0x0c, 0x84]);
  });

  it('interleaves blocks of different lengths: data column by column, then EC', () => {
    const data = Array.from({ length: 154 }, (_, i) => i & 0xff); // 8-M: 2×38 + 2×39
    const out = interleave(data, 8);
    expect(out).toHaveLength(242);
    expect(out.slice(0, 4)).toEqual([0, 38, 76, 115]);
    expect(out.slice(4 * 38, 4 * 38 + 2)).toEqual([114, 153]); // the longer blocks' last codewords
  });
});

/** Reads a symbol back (test-only): format bits, unmasking, zigzag, de-interleaving, RS check, bytes. */
function readBack(qr: QrCode): { mask: number; text: string } {
  const { size, modules } = qr;
  const get = (x: number, y: number) => modules[y]![x]!;
  let first = 0;
  for (let i = 0; i <= 5; i++) first |= Number(get(8, i)) << i;
  first |= (Number(get(8, 7)) << 6) | (Number(get(8, 8)) << 7) | (Number(get(7, 8)) << 8);
  for (let i = 9; i < 15; i++) first |= Number(get(14 - i, 8)) << i;
  let second = 0;
  for (let i = 0; i < 8; i++) second |= Number(get(size - 1 - i, 8)) << i;
  for (let i = 8; i < 15; i++) second |= Number(get(8, size - 15 + i)) << i;
  expect(second).toBe(first);
  const mask = [0, 1, 2, 3, 4, 5, 6, 7].find((m) => formatBits(m) === first);
  expect(mask).toBeDefined();

  // Function modules, recomputed independently of the encoder.
  const version = (size - 17) / 4;
  const reserved = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const mark = (x: number, y: number) => {
    if (x >= 0 && y >= 0 && x < size && y < size) reserved[y]![x] = true;
  };
  for (let i = 0; i < size; i++) {
    mark(6, i);
    mark(i, 6);
  }
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]]) for (let dy = -4; dy <= 4; dy++) for (let dx = -4; dx <= 4; dx++) mark(cx! + dx, cy! + dy);
  if (version >= 2) {
    const step = { 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38], 8: [6, 24, 42], 9: [6, 26, 46], 10: [6, 28, 50] }[version]!;
    for (const ay of step) for (const ax of step) {
      if ((ax === 6 && ay === 6) || (ax === 6 && ay === step.at(-1)) || (ax === step.at(-1) && ay === 6)) continue;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) mark(ax + dx, ay + dy);
    }
  }
  for (let i = 0; i < 9; i++) {
    mark(8, i);
    mark(i, 8);
  }
  for (let i = 0; i < 8; i++) {
    mark(size - 1 - i, 8);
    mark(8, size - 1 - i);
  }
  for (let i = 0; version >= 7 && i < 18; i++) {
    mark(size - 11 + (i % 3), Math.floor(i / 3));
    mark(Math.floor(i / 3), size - 11 + (i % 3));
  }

  const bits: number[] = [];
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      const y = ((right + 1) & 2) === 0 ? size - 1 - vert : vert;
      for (const x of [right, right - 1]) if (!reserved[y]![x]) bits.push(Number(get(x, y) !== MASKS[mask!]!(x, y)));
    }
  }
  const codewords: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  const layout = { 1: [10, 1, 16, 0, 0], 2: [16, 1, 28, 0, 0], 3: [26, 1, 44, 0, 0], 4: [18, 2, 32, 0, 0], 5: [24, 2, 43, 0, 0], 6: [16, 4, 27, 0, 0], 7: [18, 4, 31, 0, 0], 8: [22, 2, 38, 2, 39], 9: [22, 3, 36, 2, 37], 10: [26, 4, 43, 1, 44] }[version]!;
  const [ec, b1, d1, b2, d2] = layout as [number, number, number, number, number];
  const lengths = [...new Array(b1).fill(d1), ...new Array(b2).fill(d2)] as number[];
  const blocks = lengths.map(() => [] as number[]);
  let k = 0;
  for (let i = 0; i < Math.max(d1, d2); i++) lengths.forEach((len, b) => i < len && blocks[b]!.push(codewords[k++]!));
  const ecBlocks = lengths.map(() => [] as number[]);
  for (let i = 0; i < ec; i++) ecBlocks.forEach((block) => block.push(codewords[k++]!));
  blocks.forEach((block, b) => expect(rsEncode(block, ec)).toEqual(ecBlocks[b]));
  const data = blocks.flat();
  expect(data[0]! >> 4).toBe(0b0100);
  const countBits = version <= 9 ? 8 : 16;
  const stream = data.flatMap((byte) => [7, 6, 5, 4, 3, 2, 1, 0].map((i) => (byte >> i) & 1));
  const read = (from: number, n: number) => stream.slice(from, from + n).reduce((a, b) => (a << 1) | b, 0);
  const length = read(4, countBits);
  const bytes = Uint8Array.from({ length }, (_, i) => read(4 + countBits + 8 * i, 8));
  return { mask: mask!, text: new TextDecoder().decode(bytes) };
}

describe('the symbol', () => {
  const payload = encodeVietQr({ bankBin: '970418', accountNumber: '31410000168168', amount: 50_000_000, memo: 'UHV1EWZE1 ung ho' });

  it('encodes a real VietQR payload in a version of 1–10 and reads back the same payload', () => {
    const qr = encodeQr(payload);
    expect(qr.version).toBe(chooseVersion(payload.length));
    expect(qr.version).toBeLessThanOrEqual(10);
    expect(qr.size).toBe(17 + 4 * qr.version);
    expect(readBack(qr)).toEqual({ mask: qr.mask, text: payload });
  });

  it('reads back under every mask and in every version, with UTF-8 text', () => {
    for (const version of [1, 2, 6, 7, 8, 9, 10]) {
      for (let mask = 0; mask < 8; mask++) {
        const text = version === 1 ? 'Sổ Vàng' : `UH${'x'.repeat(version * 8)}`;
        const qr = encodeQr(text, { mask, version });
        expect(qr.version).toBe(version);
        expect(readBack(qr)).toEqual({ mask, text });
      }
    }
  });

  it('has finder patterns, timing patterns and the dark module where the standard puts them', () => {
    const qr = encodeQr(payload);
    const { size, modules } = qr;
    const finder = ['1111111', '1000001', '1011101', '1011101', '1011101', '1000001', '1111111'];
    for (const [ox, oy] of [[0, 0], [size - 7, 0], [0, size - 7]]) {
      for (let y = 0; y < 7; y++) expect(modules[oy! + y]!.slice(ox!, ox! + 7).map(Number).join('')).toBe(finder[y]);
      for (let i = -1; i <= 7; i++) {
        // The separator around each finder is light.
        const sx = ox === 0 ? 7 : size - 8;
        const sy = oy === 0 ? 7 : size - 8;
        if (oy! + i >= 0 && oy! + i < size) expect(modules[oy! + i]![sx]).toBe(false);
        if (ox! + i >= 0 && ox! + i < size) expect(modules[sy]![ox! + i]).toBe(false);
      }
    }
    for (let i = 8; i < size - 8; i++) {
      expect(modules[6]![i]).toBe(i % 2 === 0);
      expect(modules[i]![6]).toBe(i % 2 === 0);
    }
    expect(modules[size - 8]![8]).toBe(true);
  });

  it('writes both copies of the version information from version 7', () => {
    const qr = encodeQr('x'.repeat(140));
    expect(qr.version).toBe(8);
    let bottomLeft = 0;
    let topRight = 0;
    for (let i = 0; i < 18; i++) {
      const a = qr.size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      bottomLeft |= Number(qr.modules[a]![b]) << i;
      topRight |= Number(qr.modules[b]![a]) << i;
    }
    expect(bottomLeft).toBe(versionBits(8));
    expect(topRight).toBe(versionBits(8));
  });

  it('renders an SVG with a quiet zone and one path of dark runs', () => {
    const qr = encodeQr('hello');
    const svg = qrSvg(qr);
    expect(svg).toContain('viewBox="0 0 29 29"');
    expect(qrPath(qr).startsWith('M4 4h7v1h-7z')).toBe(true);
    const darkModules = qr.modules.flat().filter(Boolean).length;
    const pathModules = [...qrPath(qr).matchAll(/h(\d+)v1/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(pathModules).toBe(darkModules);
  });
});
