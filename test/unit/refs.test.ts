import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CROCKFORD, generateRef, hasValidCheckChar, isValidRef, luhnCheckChar, parseRef } from '../../shared/domain/refs';

describe('reference codes', () => {
  it('computes the check character of the design example UHV1EWZE1', () => {
    expect(luhnCheckChar('V1EWZE')).toBe('1');
    expect(isValidRef('UHV1EWZE1')).toBe(true);
  });

  it('generates codes whose check character is valid', () => {
    for (let i = 0; i < 2000; i++) {
      const ref = generateRef(i % 2 ? 'UH' : 'GN');
      expect(ref).toMatch(/^(UH|GN)[0-9A-HJKMNP-TV-Z]{7}$/);
      expect(isValidRef(ref)).toBe(true);
    }
  });

  it('rejects every single-character typo', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 31 }), (seed, position, shift) => {
        const ref = generateRef('UH', (max) => (seed * 7 + position * 13) % max);
        const body = ref.slice(2).split('');
        body[position] = CROCKFORD[(CROCKFORD.indexOf(body[position]!) + shift) % 32]!;
        return !hasValidCheckChar(body.join(''));
      }),
    );
  });

  it('accepts lower case, spaces, dashes and the confusable letters O, I and L', () => {
    expect(parseRef('uhv1ewze1')).toBe('UHV1EWZE1');
    expect(parseRef('UH-V1EW-ZE1')).toBe('UHV1EWZE1');
    expect(parseRef('uh v1ew zel')).toBe('UHV1EWZE1');
    expect(parseRef('UHIA4AP8D')).toBe('UH1A4AP8D');
    expect(parseRef('UHV1EWZE2')).toBeNull();
    expect(parseRef('XXV1EWZE1')).toBeNull();
  });
});
