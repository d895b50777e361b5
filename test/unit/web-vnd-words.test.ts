import { describe, expect, it } from 'vitest';
import { vndToEnglishWords, vndToWords } from '../../web/src/vnd-words';

describe('vndToWords: amounts in Vietnamese words', () => {
  it.each([
    [0, 'Không đồng'],
    [5, 'Năm đồng'],
    [10, 'Mười đồng'],
    [11, 'Mười một đồng'],
    [15, 'Mười lăm đồng'],
    [20, 'Hai mươi đồng'],
    [21, 'Hai mươi mốt đồng'],
    [24, 'Hai mươi bốn đồng'],
    [25, 'Hai mươi lăm đồng'],
    [55, 'Năm mươi lăm đồng'],
    [101, 'Một trăm lẻ một đồng'],
    [105, 'Một trăm lẻ năm đồng'],
    [110, 'Một trăm mười đồng'],
    [115, 'Một trăm mười lăm đồng'],
    [121, 'Một trăm hai mươi mốt đồng'],
    [1_000, 'Một nghìn đồng'],
    [1_001, 'Một nghìn không trăm lẻ một đồng'],
    [10_500, 'Mười nghìn năm trăm đồng'],
    [500_000, 'Năm trăm nghìn đồng'],
    [1_000_000, 'Một triệu đồng'],
    [1_000_001, 'Một triệu không trăm lẻ một đồng'],
    [1_005_000, 'Một triệu không trăm lẻ năm nghìn đồng'],
    [2_050_000, 'Hai triệu không trăm năm mươi nghìn đồng'],
    [12_345_678, 'Mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám đồng'],
    [1_000_000_000, 'Một tỷ đồng'],
    [1_000_000_005, 'Một tỷ không trăm lẻ năm đồng'],
    [1_005_000_000, 'Một tỷ không trăm lẻ năm triệu đồng'],
    [4_500_000_000, 'Bốn tỷ năm trăm triệu đồng'],
    [68_000_000_000, 'Sáu mươi tám tỷ đồng'],
    [1_000_000_000_000, 'Một nghìn tỷ đồng'],
    [1_234_567_891_011, 'Một nghìn hai trăm ba mươi bốn tỷ năm trăm sáu mươi bảy triệu tám trăm chín mươi mốt nghìn không trăm mười một đồng'],
  ])('%i → %s', (amount, words) => {
    expect(vndToWords(amount)).toBe(words);
  });

  it('uses "linh" on request and reads a bare number without the unit', () => {
    expect(vndToWords(105, { zeroTen: 'linh' })).toBe('Một trăm linh năm đồng');
    expect(vndToWords(21, { unit: '' })).toBe('Hai mươi mốt');
  });

  it('reads negatives and refuses non-integers', () => {
    expect(vndToWords(-5)).toBe('Âm năm đồng');
    expect(() => vndToWords(1.5)).toThrow(RangeError);
    expect(() => vndToWords(Number.MAX_SAFE_INTEGER + 2)).toThrow(RangeError);
  });

  it('reads the largest safe integer without losing a group', () => {
    expect(vndToWords(Number.MAX_SAFE_INTEGER)).toBe(
      'Chín triệu không trăm lẻ bảy nghìn một trăm chín mươi chín tỷ hai trăm năm mươi bốn triệu bảy trăm bốn mươi nghìn chín trăm chín mươi mốt đồng',
    );
  });
});

describe('vndToEnglishWords: the English toggle', () => {
  it.each([
    [0, 'Zero dong'],
    [15, 'Fifteen dong'],
    [21, 'Twenty-one dong'],
    [105, 'One hundred five dong'],
    [1_005_000, 'One million five thousand dong'],
    [12_345_678, 'Twelve million three hundred forty-five thousand six hundred seventy-eight dong'],
    [1_000_000_000, 'One billion dong'],
  ])('%i → %s', (amount, words) => {
    expect(vndToEnglishWords(amount)).toBe(words);
  });
});
