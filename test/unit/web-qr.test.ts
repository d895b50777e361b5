import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { decodeVietQr, encodeVietQr } from '../../shared/domain/vietqr';
import { QUIET_ZONE, qrImage } from '../../web/src/qr-image';

/**
 * Rasterises an SVG path of axis-aligned polygons, as a browser fills it (nonzero winding), at
 * `scale` pixels per module, with the quiet zone white around it: a bitmap a camera could see.
 */
function rasterise(path: string, size: number, scale = 4): { data: Uint8ClampedArray; width: number } {
  const edges: [number, number, number][] = []; // vertical edges: x, y from, y to
  for (const subpath of path.split(/Z/i).filter((p) => p.trim())) {
    const points = [...subpath.matchAll(/(-?\d+(?:\.\d+)?)[ ,]+(-?\d+(?:\.\d+)?)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    for (let i = 0; i < points.length; i++) {
      const [x1, y1] = points[i]!;
      const [x2, y2] = points[(i + 1) % points.length]!;
      if (x1 === x2 && y1 !== y2) edges.push([x1, y1, y2]);
      else if (y1 !== y2) throw new Error(`not an axis-aligned outline: ${x1},${y1} → ${x2},${y2}`);
    }
  }
  const dark = (mx: number, my: number) => {
    const [px, py] = [mx + 0.5, my + 0.5];
    let winding = 0;
    for (const [x, from, to] of edges) if (x > px && Math.min(from, to) < py && py < Math.max(from, to)) winding += to > from ? 1 : -1;
    return winding !== 0;
  };
  const modules = size + 2 * QUIET_ZONE;
  const width = modules * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let my = 0; my < size; my++) {
    for (let mx = 0; mx < size; mx++) {
      if (!dark(mx, my)) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const offset = (((my + QUIET_ZONE) * scale + dy) * width + (mx + QUIET_ZONE) * scale + dx) * 4;
          data.fill(0, offset, offset + 3);
        }
      }
    }
  }
  return { data, width };
}

function scan(payload: string): string | undefined {
  const image = qrImage(payload);
  const { data, width } = rasterise(image.path, image.size);
  return jsQR(data, width, width)?.data;
}

describe('the VietQR image on the pledge result page', () => {
  const transfer = { bankBin: '970436', accountNumber: '0071001262626', amount: 2_500_000, memo: 'UHV1EWZE1 ung ho' };
  const payload = encodeVietQr(transfer);

  it('scans back to the payload, and the payload to the transfer', () => {
    const scanned = scan(payload);
    expect(scanned).toBe(payload);
    expect(decodeVietQr(scanned!)).toMatchObject(transfer);
  });

  it('scans back for the longest account numbers and memos a bank takes', () => {
    const long = encodeVietQr({ bankBin: '970418', accountNumber: '1234567890123456789', amount: 9_999_999_999_999, memo: 'UHV1EWZE1 ung ho Cuba 2025' });
    expect(scan(long)).toBe(long);
  });

  it('is a version whose size the standard fixes, with its quiet zone in the view box', () => {
    const image = qrImage(payload);
    expect(Number.isInteger(image.version) && image.version >= 1 && image.version <= 40).toBe(true);
    expect(image.size).toBe(17 + 4 * image.version);
    const side = image.size + 2 * QUIET_ZONE;
    expect(image.viewBox).toBe(`-4 -4 ${side} ${side}`);
  });

  it('draws a different code for a different payload', () => {
    const other = encodeVietQr({ ...transfer, memo: 'UHCDWXEP2 ung ho' });
    expect(qrImage(other).path).not.toBe(qrImage(payload).path);
    expect(scan(other)).toBe(other);
  });
});
