import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CROCKFORD, generateRef, hasValidCheckChar, isValidRef, luhnCheckChar, parseRef, randomBelow } from '../../shared/domain/refs';

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

  it('takes only the prefixes a field asks for', () => {
    expect(parseRef('GNV1EWZE1', ['UH'])).toBeNull();
    expect(parseRef('gn v1ew-ze1', ['GN'])).toBe('GNV1EWZE1');
    expect(parseRef('UHVIEWZEL', ['UH'])).toBe('UHV1EWZE1');
  });

  it('rejects transposed characters and codes of the wrong length', () => {
    expect(parseRef('UHV1EWEZ1')).toBeNull();
    expect(parseRef('UHV1EWZE')).toBeNull();
    expect(parseRef('UHV1EWZE11')).toBeNull();
  });
});

describe('random characters for new codes (WebCrypto, as in the browser)', () => {
  it('draws every value below the bound, about equally often', () => {
    const counts = new Array<number>(32).fill(0);
    for (let i = 0; i < 32_000; i++) counts[randomBelow(32)]!++;
    // Expected 1,000 each, standard deviation about 31: 300 either side is never reached by chance.
    for (const count of counts) expect(count).toBeGreaterThan(700);
    for (const count of counts) expect(count).toBeLessThan(1300);
  });

  it('stays below bounds that do not divide 2^32', () => {
    for (let i = 0; i < 2_000; i++) {
      const value = randomBelow(3);
      expect(Number.isInteger(value) && value >= 0 && value < 3).toBe(true);
    }
    expect(randomBelow(1)).toBe(0);
  });

  it('refuses a bound that is not a positive integer up to 2^32', () => {
    for (const max of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN]) expect(() => randomBelow(max)).toThrow(RangeError);
  });
});
