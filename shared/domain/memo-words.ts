/**
 * Names in bank memos (DESIGN §7.1). Banks without a sender column (VCB) put the sender's name
 * in the memo, in capitals or not, glued to a channel code or not, so no rule can find a name in
 * a memo; what can be known is what transfer memos are made of. A memo shown to a stranger keeps
 * only those words, and every other word becomes its initial: when in doubt, mask.
 *
 * Many memo words are also Vietnamese names (Bảo and bão, Hồ and ủng hộ, Trung and miền Trung,
 * Tiến and chuyển tiền, Tú and từ), so most are kept only beside the word that makes them a memo
 * word: `ung ho`, `mien trung`, `chuyen tien`. Alone they are masked like any name.
 */
import { fold } from './text';

/** Folded words that are nobody's name: channel codes, words of transfers, and those words glued as some banks write them. */
const MEMO_WORDS = new Set(
  'ck tk nd stk ibft mbvcb vcb ft vietqr qr napas khoan giup gui lut cuu tro nguoi xin ungho chuyentien chuyenkhoan dongbao baolu mientrung'.split(' '),
);

/** Pairs of folded words that together are memo words, whatever each is alone. */
const MEMO_PHRASES = new Set([
  'ung ho', 'chuyen tien', 'chuyen khoan', 'gui tien', 'dong bao', 'ba con', 'nguoi dan', 'bao lu', 'lu lut', 'vung lu', 'bi lu',
  'bi bao', 'con bao', 'sau bao', 'bao so', 'mien trung', 'mien bac', 'mien nam', 'tu thien', 'cuu tro', 'quy cuu', 'ho tro',
  'giup do', 'thien tai', 'khac phuc', 'tu tk', 'kinh phi', 'cam on',
]);

/**
 * Every word transfer memos are made of, alone or in a pair: the search index keeps no key for
 * them (DESIGN §7.1), since nearly every gift of a campaign has them.
 */
export const MEMO_VOCABULARY: ReadonlySet<string> = new Set([...MEMO_WORDS, ...[...MEMO_PHRASES].flatMap((phrase) => phrase.split(' '))]);

const WORD = /[\p{L}\p{M}]+/gu;

export const initialOf = (word: string) => `${word[0]!.toLocaleUpperCase('vi')}.`;

/**
 * Each word of the memo that is not a memo word, or is one of `namedWords` (folded: the sender's
 * name as the bank wrote it elsewhere), becomes its initial.
 */
export function maskNamesInMemo(memo: string, namedWords: ReadonlySet<string> = new Set()): string {
  const words = [...memo.matchAll(WORD)].map((match) => ({ text: match[0], folded: fold(match[0]), start: match.index, end: match.index + match[0].length }));
  // Two words make a phrase only with nothing but spaces between them.
  const pairs = (left: number) => {
    const a = words[left];
    const b = words[left + 1];
    return Boolean(a && b && /^\s+$/.test(memo.slice(a.end, b.start)) && MEMO_PHRASES.has(`${a.folded} ${b.folded}`));
  };
  let out = '';
  let last = 0;
  words.forEach((word, i) => {
    const kept = !namedWords.has(word.folded) && (MEMO_WORDS.has(word.folded) || pairs(i - 1) || pairs(i));
    out += memo.slice(last, word.start) + (kept ? word.text : initialOf(word.text));
    last = word.end;
  });
  return out + memo.slice(last);
}
