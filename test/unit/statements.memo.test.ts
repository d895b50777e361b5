import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CROCKFORD, generateRef, isValidRef } from '../../shared/domain/refs';
import { findCodes, oneEditAway } from '../../shared/domain/statements/memo';
import { maskAccountNumbers } from '../../shared/domain/statements/privacy';

const known = (...refs: string[]) => {
  const set = new Set(refs);
  return { isKnown: (ref: string) => set.has(ref) };
};

/** Replaces the character at `at` (counted in the 7 after the prefix) with another that breaks the check. */
function typo(ref: string, at: number): string {
  const i = 2 + at;
  const replacement = CROCKFORD[(CROCKFORD.indexOf(ref[i]!) + 1) % 32]!;
  return ref.slice(0, i) + replacement + ref.slice(i + 1);
}

describe('finding codes in memos', () => {
  it.each([
    ['VO XUAN LONG mong dong bao binh an UH45RNDNQ', 'UH45RNDNQ'],
    ['uh45rndnq', 'UH45RNDNQ'],
    ['UH-45RNDNQ ung ho', 'UH45RNDNQ'],
    ['UH - 45RNDNQ', 'UH45RNDNQ'],
    ['UH-45RN-DNQ', 'UH45RNDNQ'],
    ['ung ho UH 45RN DNQ dong bao', 'UH45RNDNQ'],
    ['uh 45r ndnq', 'UH45RNDNQ'],
    ['747000.010924.073317.ung ho nhan dan Cuba UH628XGG2', 'UH628XGG2'],
    ['262263.010924.075232.mong dong bao binh an UHIA4AP8D', 'UH1A4AP8D'],
    ['443088.020924.022611.UHKEMOKTN ung ho nhan dan Cuba', 'UHKEM0KTN'],
    ['UHlA4AP8D', 'UH1A4AP8D'],
    ['ma UHGN6R78Q Ung ho', 'UHGN6R78Q'],
    ['CT nhanh 247 den: TRAN NGOC VY chuyen\ntien UHXNCHSCR UNG HO', 'UHXNCHSCR'],
    ['Chuyen kinh phi ho tro an sinh theo GN8N4A91A', 'GN8N4A91A'],
    ['MBVCB.3747814233.DINH THI AN chuyen tien theo GN5D4PHB9.CT tu 8341192232678 DINH THI AN', 'GN5D4PHB9'],
    ['theo GN-9EBSAHG', 'GN9EBSAHG'],
    ['Ủng hộ đồng bào UH628XGG2 ạ', 'UH628XGG2'],
    ['(UH628XGG2)', 'UH628XGG2'],
  ])('%j → %s', (memo, code) => {
    expect(isValidRef(code)).toBe(true);
    expect(findCodes(memo)).toEqual({ codes: [code], nearMisses: [] });
  });

  it('finds several codes, once each, in memo order', () => {
    expect(findCodes('UH628XGG2 va GN8N4A91A, lai UH628XGG2 va uh45rndnq').codes).toEqual(['UH628XGG2', 'GN8N4A91A', 'UH45RNDNQ']);
  });

  it('needs a known ref to trust a code spread over letter-only words or glued to other text', () => {
    for (const [memo, code] of [
      ['UH DJT GZXS ung ho', 'UHDJTGZXS'],
      ['GN JKV SJMY', 'GNJKVSJMY'],
      ['chuyen tienUH628XGG2', 'UH628XGG2'],
      ['UH628XGG2ung ho', 'UH628XGG2'],
      ['FT2024UH628XGG2', 'UH628XGG2'],
    ] as const) {
      expect(isValidRef(code)).toBe(true);
      expect(findCodes(memo).codes, memo).toEqual([]);
      expect(findCodes(memo, known(code)).codes, memo).toEqual([code]);
    }
  });

  it('never matches a code whose check character fails, and reports it as a near miss with the right suggestion', () => {
    const memo = 'ung ho UH628XGG3';
    const result = findCodes(memo);
    expect(result.codes).toEqual([]);
    expect(result.nearMisses).toHaveLength(1);
    expect(result.nearMisses[0]).toMatchObject({ raw: 'UH628XGG3', prefix: 'UH' });
    expect(result.nearMisses[0]!.suggestions).toContain('UH628XGG2');
    expect(result.nearMisses[0]!.suggestions.every(isValidRef)).toBe(true);
    expect(findCodes(memo, known('UH628XGG2', 'UH45RNDNQ')).nearMisses).toEqual([
      { raw: 'UH628XGG3', prefix: 'UH', suggestions: ['UH628XGG2'] },
    ]);
  });

  it('suggests the intended code for any single wrong character, and for swapped neighbours the check catches', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 31 }), { minLength: 6, maxLength: 6 }), fc.nat({ max: 6 }), (digits, at) => {
        const ref = generateRef('UH', (() => { let i = 0; return () => digits[i++]!; })());
        const wrong = typo(ref, at);
        expect(findCodes(`ung ho ${wrong}`, known(ref))).toEqual({ codes: [], nearMisses: [{ raw: wrong, prefix: 'UH', suggestions: [ref] }] });
        // All-digit codes are weak (they read as amounts), so only a known ref brings their near misses up.
        if (!/^UH\d+$/.test(wrong)) expect(findCodes(`ung ho ${wrong} dong bao`).nearMisses[0]!.suggestions).toContain(ref);
      }),
      { numRuns: 300 },
    );
    const body = 'V1EWZE1';
    const swapped = 'UH1VEWZE1';
    expect(isValidRef(`UH${body}`)).toBe(true);
    expect(isValidRef(swapped)).toBe(false);
    expect(oneEditAway(swapped.slice(2)).map((b) => `UH${b}`)).toContain(`UH${body}`);
  });

  it('reports near misses of weak candidates only when a known ref is one edit away', () => {
    // `UH 2024 BAO` has the shape of a spaced code and fails its check: noise, unless it is one edit from a real pledge.
    expect(findCodes('UH 2024 BAO LU').nearMisses).toEqual([]);
    const nearby = oneEditAway('2024BA0').map((b) => `UH${b}`)[0]!;
    expect(findCodes('UH 2024 BAO LU', known(nearby)).nearMisses).toEqual([{ raw: 'UH 2024 BAO', prefix: 'UH', suggestions: [nearby] }]);
  });

  it.each([
    'ung ho',
    'UNG HO DONG BAO',
    'UNG HO DONG BAO KHAC PHUC HAU QUA BAO SO 3',
    'chuyen tien',
    'chuyen tien ung ho',
    'UH dong bao mien Bac',
    'uh dong bao bao lu',
    'UH 500000',
    'UH 1.000.000',
    'UH 2024 BAO LU',
    'Ủng hộ đồng bào lũ lụt',
    'CT tu 1071054451631 DINH BAO NHUNG toi 0011001932418 UY BAN MTTQ VN - QUY CUU TRO',
    'MBVCB.2692481286.DINH BAO NHUNG chuyen tien Ung ho',
    '336252182313091866392024BQ0A865662.51973.102014.DO HUU KHANH ung ho bao yagi',
    '453586949583841803242024GNCH879699.24456.212547.PHAM KIM DUNG',
    'PARTNER.DIRECT_DEBITS_VCB.MSE.6671001896.Chuyen kinh phi',
    'SDT 0912345678 ung ho',
    'GNOME DESIGN SIGNAL',
    'HUYNH THI NGUYET',
  ])('no code and no near miss in %j', (memo) => {
    expect(findCodes(memo)).toEqual({ codes: [], nearMisses: [] });
  });

  it('finds nothing in random memos made of ordinary words and numbers', () => {
    const words = fc.constantFrom(
      'ung', 'ho', 'Ủng', 'hộ', 'UH', 'uh', 'dong', 'bao', 'đồng', 'bào', 'mien', 'Bac', 'Trung', 'chuyen', 'tien',
      'khac', 'phuc', 'hau', 'qua', 'so', '3', 'bao', 'lu', 'yagi', 'nhan', 'dan', 'Cuba', 'NGUYEN', 'THI', 'HUONG',
      'TRAN', 'VAN', 'AN', 'BINH', 'HOA', 'NGHIN', 'trieu', 'CT', 'tu', 'toi', 'MBVCB', 'QUY', 'CUU', 'TRO', 'MTTQ',
      '500000', '1.000.000', '2024', '01/09/2024', '0912345678', '0011001932418', '1071054451631', '542842.010924.070552',
    );
    const seps = fc.constantFrom(' ', ' ', ' ', '.', '-', '\n', ', ');
    fc.assert(
      fc.property(fc.array(fc.tuple(words, seps), { maxLength: 25 }), (parts) => {
        const memo = parts.map(([w, s]) => w + s).join('');
        expect(findCodes(memo)).toEqual({ codes: [], nearMisses: [] });
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a valid code wherever it sits in a random memo', () => {
    const filler = fc.array(fc.constantFrom('ung ho', 'dong bao', 'chuyen tien', '0011001932418', 'NGUYEN VAN AN', 'MBVCB.2692481286'), {
      maxLength: 5,
    });
    fc.assert(
      fc.property(
        filler,
        filler,
        fc.array(fc.nat({ max: 31 }), { minLength: 6, maxLength: 6 }),
        fc.constantFrom('UH', 'GN'),
        fc.constantFrom('plain', 'lower', 'dash', 'spaced', 'dotted'),
        (before, after, digits, prefix, style) => {
          const ref = generateRef(prefix as 'UH' | 'GN', (() => { let i = 0; return () => digits[i++]!; })());
          const written =
            style === 'lower' ? ref.toLowerCase() : style === 'dash' ? `${prefix}-${ref.slice(2)}` : style === 'spaced' ? `${prefix} ${ref.slice(2, 5)} ${ref.slice(5)}` : ref;
          const memo = style === 'dotted' ? `${before.join(' ')}.${written}.${after.join(' ')}` : [...before, written, ...after].join(' ');
          expect(findCodes(memo, known(ref)).codes).toEqual([ref]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('masking account numbers', () => {
  it('masks account and phone numbers but their last three digits, and e-mail addresses', () => {
    expect(maskAccountNumbers('MBVCB.2692481286.DINH BAO NHUNG chuyen tien Ung ho.CT tu 1071054451631 toi 0011001932418')).toBe(
      'MBVCB.*******286.DINH BAO NHUNG chuyen tien Ung ho.CT tu **********631 toi **********418',
    );
    expect(maskAccountNumbers('sdt 0912 345 678 hoac +84 912.345.678')).toBe('sdt **** *** 678 hoac +** ***.***.678');
    expect(maskAccountNumbers('lien he an.nguyen1990@gmail.com nhe')).toBe('lien he a***@gmail.com nhe');
  });

  it('leaves reference codes, amounts and short numbers alone', () => {
    expect(maskAccountNumbers('ung ho 1.000.000d UH628XGG2 bao so 3 nam 2024')).toBe('ung ho 1.000.000d UH628XGG2 bao so 3 nam 2024');
    expect(maskAccountNumbers('UH628XGG2 0011001932418')).toBe('UH628XGG2 **********418');
    expect(maskAccountNumbers('uh 4ewm wnp 12345')).toBe('uh 4ewm wnp 12345');
  });
});
