/**
 * Amounts in words, as Vietnamese invoices and bank forms write them ("Một triệu đồng").
 *
 * Rules:
 * - 10 is "mười", 20–90 are "<digit> mươi";
 * - after "mươi" a 1 is "mốt" (21 "hai mươi mốt"), after "mười" it stays "một" (11 "mười một");
 * - after "mươi"/"mười" a 5 is "lăm" (15 "mười lăm", 25 "hai mươi lăm"), elsewhere "năm";
 * - a zero ten inside a group is "lẻ" (or "linh", the northern usage): 105 "một trăm lẻ năm";
 * - a group after a higher one is read in full: 1.005.000 "một triệu không trăm lẻ năm nghìn";
 * - groups that are all zeros are skipped; above "tỷ" the count of tỷ is read recursively
 *   (1.000.000.000.000 "một nghìn tỷ").
 */
const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;
const SCALES = ['', 'nghìn', 'triệu'] as const;
const BILLION = 1_000_000_000;

export interface VietnameseWordsOptions {
  /** The word for a zero ten before a unit: "lẻ" (default) or "linh". */
  zeroTen?: 'lẻ' | 'linh';
  /** Appended unit; default "đồng". Pass "" for the bare number. */
  unit?: string;
}

/** One group of three digits. `full` reads a leading zero hundred ("không trăm"), as after a higher group. */
function readGroup(n: number, full: boolean, zeroTen: string): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor(n / 10) % 10;
  const units = n % 10;
  const words: string[] = [];
  if (hundreds > 0 || full) words.push(DIGITS[hundreds]!, 'trăm');
  if (tens === 0) {
    if (units > 0 && words.length) words.push(zeroTen);
  } else if (tens === 1) {
    words.push('mười');
  } else {
    words.push(DIGITS[tens]!, 'mươi');
  }
  if (units > 0) {
    if (units === 1 && tens >= 2) words.push('mốt');
    else if (units === 5 && tens >= 1) words.push('lăm');
    else words.push(DIGITS[units]!);
  }
  return words;
}

/** A number below one billion; `full` when a higher part was read before it. */
function readBelowBillion(n: number, full: boolean, zeroTen: string): string[] {
  const groups = [n % 1000, Math.floor(n / 1000) % 1000, Math.floor(n / 1_000_000)];
  const words: string[] = [];
  let started = full;
  for (let i = 2; i >= 0; i--) {
    const group = groups[i]!;
    if (group === 0) continue;
    words.push(...readGroup(group, started, zeroTen));
    if (SCALES[i]) words.push(SCALES[i]!);
    started = true;
  }
  return words;
}

function readNumber(n: number, full: boolean, zeroTen: string): string[] {
  if (n >= BILLION) {
    const high = Math.floor(n / BILLION);
    const rest = n % BILLION;
    const words = [...readNumber(high, full, zeroTen), 'tỷ'];
    if (rest > 0) words.push(...readBelowBillion(rest, true, zeroTen));
    return words;
  }
  return readBelowBillion(n, full, zeroTen);
}

/** `1005000` → "Một triệu không trăm lẻ năm nghìn đồng". Whole, non-negative, safe integers only. */
export function vndToWords(amount: number, options: VietnameseWordsOptions = {}): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError('amount must be a safe integer');
  const unit = options.unit ?? 'đồng';
  const zeroTen = options.zeroTen ?? 'lẻ';
  const negative = amount < 0;
  const n = Math.abs(amount);
  const words = n === 0 ? ['không'] : readNumber(n, false, zeroTen);
  if (negative) words.unshift('âm');
  if (unit) words.push(unit);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const EN_SMALL = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['', 'thousand', 'million', 'billion', 'trillion', 'quadrillion'];

function enBelowThousand(n: number): string {
  const parts: string[] = [];
  if (n >= 100) parts.push(`${EN_SMALL[Math.floor(n / 100)]} hundred`);
  const rest = n % 100;
  if (rest >= 20) parts.push(EN_TENS[Math.floor(rest / 10)]! + (rest % 10 ? `-${EN_SMALL[rest % 10]}` : ''));
  else if (rest > 0 || !parts.length) parts.push(EN_SMALL[rest]!);
  return parts.join(' ');
}

/** The English reading for the English toggle: `1005000` → "One million five thousand dong". */
export function vndToEnglishWords(amount: number, unit = 'dong'): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError('amount must be a safe integer');
  let n = Math.abs(amount);
  const parts: string[] = [];
  if (n === 0) parts.push('zero');
  for (let scale = 0; n > 0; scale++) {
    const group = n % 1000;
    if (group) parts.unshift(enBelowThousand(group) + (EN_SCALES[scale] ? ` ${EN_SCALES[scale]}` : ''));
    n = Math.floor(n / 1000);
  }
  if (amount < 0) parts.unshift('minus');
  if (unit) parts.push(unit);
  const text = parts.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
