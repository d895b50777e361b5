/**
 * The VietQR image. shared/domain/vietqr.ts builds the payload; lean-qr encodes it (error
 * correction M or better, the smallest version that holds it) and outlines the dark modules as
 * one SVG path, so the code is crisp at any size and prints.
 */
import { toSvgPath } from 'lean-qr/extras/svg';
import { correction, generate } from 'lean-qr/nano';

/** The light margin scanners need around a code, in modules (ISO/IEC 18004 asks for 4). */
export const QUIET_ZONE = 4;

export interface QrImage {
  /** The QR version, 1–40. */
  version: number;
  /** Modules per side, without the quiet zone. */
  size: number;
  /** The dark modules, in module units from the code's top-left corner. */
  path: string;
  /** The SVG `viewBox` that shows the code with its quiet zone. */
  viewBox: string;
}

export function qrImage(payload: string): QrImage {
  const code = generate(payload, { minCorrectionLevel: correction.M });
  const side = code.size + 2 * QUIET_ZONE;
  return {
    version: (code.size - 17) / 4,
    size: code.size,
    path: toSvgPath(code),
    viewBox: `${-QUIET_ZONE} ${-QUIET_ZONE} ${side} ${side}`,
  };
}
