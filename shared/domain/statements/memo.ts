/**
 * Finding `UH`/`GN` reference codes (DESIGN §5) in bank memos as people and banks mangle them:
 * `uh 4ewm wnp`, `UH-4EWMWNP`, `UHKEMOKTN` (O for 0), `...073317.UH628XGG2` (glued to the
 * bank's trace numbers), a line break from the bank's own wrapping in the middle.
 *
 * The check character is what keeps this safe: a candidate whose check fails is never a code,
 * only a near miss. Candidates that could as well be ordinary text are "weak": glued to other
 * letters or digits (a bank's trace number), all digits (`UH 500000`), or split into groups
 * none of which mixes letters and digits (`UH dong bao`, `uh-so-nghin`, `UH 2024 bao`; a
 * split code like `UH V6E 9WJR` almost always has one). A weak candidate counts, as a code
 * or as a near miss, only when a known reference backs it, because 1 in 32 random strings
 * passes the check by chance and `UH` is also how people abbreviate "ủng hộ".
 */
import { CROCKFORD, type RefPrefix, hasValidCheckChar, normalizeCodeChars } from '../refs';

export interface NearMiss {
  /** The text as it was typed in the memo. */
  raw: string;
  prefix: RefPrefix;
  /** Valid codes one substitution (or one swap of neighbours) away; only known ones when known refs are given. */
  suggestions: string[];
}

export interface MemoCodes {
  /** Valid, canonical codes (`UHV1EWZE1`), in memo order, without duplicates. */
  codes: string[];
  nearMisses: NearMiss[];
}

export interface FindCodesOptions {
  /** The refs that exist (pledges, disbursements). Narrows suggestions and lets weak candidates count. */
  isKnown?: (ref: string) => boolean;
}

export interface Candidate {
  start: number;
  end: number;
  raw: string;
  prefix: RefPrefix;
  /** The seven characters after the prefix, normalised (`O`→`0`, `I`/`L`→`1`). */
  body: string;
  valid: boolean;
  weak: boolean;
}

// Crockford's alphabet plus the look-alikes people type for it (O, I, L); U is never part of a code.
const CODE_CHAR = '[0-9A-TV-Z]';
// Sticky, so every position can be tried: a failed candidate must not hide one that overlaps it.
const AT = new RegExp(`(UH|GN)([\\s-]{0,3}${CODE_CHAR}(?:[\\s-]?${CODE_CHAR}){6})`, 'iy');
const ALNUM = /[0-9A-Za-z]/;
const mixesLettersAndDigits = (s: string) => /[0-9]/.test(s) && /[A-Z]/i.test(s);

/** Strips diacritics one character at a time so that positions in the result are positions in the memo. */
function asciiFold(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === 'đ') out += 'd';
    else if (ch === 'Đ') out += 'D';
    else {
      const base = ch.normalize('NFD')[0] ?? ch;
      out += base.length === ch.length ? base : ch;
    }
  }
  return out;
}

/** Every place in the memo that could be a code, valid or not, overlapping ones included. */
export function codeCandidates(memo: string): Candidate[] {
  const text = asciiFold(memo);
  const found: Candidate[] = [];
  for (let i = 0; i < text.length - 8; i++) {
    const c0 = text.charCodeAt(i) | 0x20;
    // Only 'u' or 'g' can start a prefix; checking that first keeps long memos cheap.
    if (c0 !== 0x75 && c0 !== 0x67) continue;
    AT.lastIndex = i;
    const m = AT.exec(text);
    if (!m) continue;
    const end = i + m[0].length;
    const typedBody = m[2]!.replace(/[\s-]/g, '');
    const body = normalizeCodeChars(typedBody);
    const before = text[i - 1];
    const after = text[end];
    const glued = (before !== undefined && ALNUM.test(before)) || (after !== undefined && ALNUM.test(after));
    // `UH dong bao` (words after the abbreviation of "ủng hộ"), `uh-so-nghin`, `UH 500 000` (an
    // amount) and `UH 2024 bao` have the shape of a spaced-out code; in a real one some group
    // mixes letters and digits. A dash right after the prefix (`UH-DAXHZBA`) is how codes are written.
    const afterPrefix = m[2]!.replace(/^[\s-]+/, '');
    const split = /[\s-]/.test(afterPrefix) || /^\s/.test(m[2]!);
    const mixedGroup = afterPrefix.split(/[\s-]+/).some(mixesLettersAndDigits);
    const allDigits = /^[0-9]+$/.test(typedBody);
    found.push({
      start: i,
      end,
      raw: memo.slice(i, end),
      prefix: m[1]!.toUpperCase() as RefPrefix,
      body,
      valid: hasValidCheckChar(body),
      weak: glued || allDigits || (split && !mixedGroup),
    });
  }
  return found;
}

/** Valid bodies one substitution, or one swap of neighbouring characters, away from `body`. */
export function oneEditAway(body: string): string[] {
  const out = new Set<string>();
  for (let p = 0; p < body.length; p++) {
    for (const c of CROCKFORD) {
      if (c === body[p]) continue;
      const candidate = body.slice(0, p) + c + body.slice(p + 1);
      if (hasValidCheckChar(candidate)) out.add(candidate);
    }
    if (p + 1 < body.length && body[p] !== body[p + 1]) {
      const swapped = body.slice(0, p) + body[p + 1] + body[p] + body.slice(p + 2);
      if (hasValidCheckChar(swapped)) out.add(swapped);
    }
  }
  return [...out].sort();
}

const overlaps = (a: Candidate, b: Candidate) => a.start < b.end && b.start < a.end;

/**
 * The codes in a memo and the near misses. A near miss is never a code; with `isKnown` its
 * suggestions are only known refs (possibly none), since an unknown suggestion cannot be matched anyway.
 */
export function findCodes(memo: string, options: FindCodesOptions = {}): MemoCodes {
  const { isKnown } = options;
  const candidates = codeCandidates(memo);
  const accepted: Candidate[] = [];
  const codes: string[] = [];
  for (const c of candidates) {
    if (!c.valid) continue;
    const ref = c.prefix + c.body;
    if (c.weak && !isKnown?.(ref)) continue;
    accepted.push(c);
    if (!codes.includes(ref)) codes.push(ref);
  }
  const nearMisses: NearMiss[] = [];
  const reported: Candidate[] = [];
  for (const c of candidates) {
    if (c.valid || accepted.some((a) => overlaps(a, c)) || reported.some((r) => overlaps(r, c))) continue;
    if (c.weak && !isKnown) continue;
    let suggestions = oneEditAway(c.body).map((body) => c.prefix + body);
    if (isKnown) suggestions = suggestions.filter(isKnown);
    if (c.weak && suggestions.length === 0) continue;
    reported.push(c);
    nearMisses.push({ raw: c.raw, prefix: c.prefix, suggestions });
  }
  return { codes, nearMisses };
}
