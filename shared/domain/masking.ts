/**
 * Masks for personal data in published text (DESIGN §7): the report's lines and whatever the
 * public reads. Pure, so the domain masks a donor's name where it enters the public record and
 * the report library masks every published string with the same rules.
 */
export const MASK = '***';

/** Reference codes are what donors look for, so they survive masking even when they are all digits. */
const REF_CODE = /\b(?:UH|GN)[0-9A-HJKMNP-TV-Z]{7}\b/gi;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/**
 * Digits with single separators in between: `0912 345 678`, `1071.054.451.631`, `+84-912-345-678`.
 * Frozen with line version 1: published lines are re-derived from the journal every night, so a
 * change here would change old leaves (`entries.ts`). Stricter masking goes where text enters the
 * journal (`maskContactDetails`).
 */
const DIGIT_RUN = /\+?\d(?:[ .\-/]?\d)*/g;
/** Also up to three separators at a time and brackets: `0912  345  678`, `0912 - 345 - 678`, `(+84) 912 345 678`. */
const GROUPED_DIGITS = /\(?\+?\d(?:[ .\-/()]{0,3}\d)*/g;
const MIN_MASKED_DIGITS = 6;

function maskSegment(text: string, digits: RegExp): string {
  return text.replace(EMAIL, MASK).replace(digits, (run) => (run.replace(/\D/g, '').length >= MIN_MASKED_DIGITS ? MASK : run));
}

function maskWith(text: string, digits: RegExp): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(REF_CODE)) {
    out += maskSegment(text.slice(last, match.index), digits) + match[0];
    last = match.index + match[0].length;
  }
  return out + maskSegment(text.slice(last), digits);
}

/** The mask of every published line's strings (line version 1). */
export function maskPersonalData(text: string): string {
  return maskWith(text, DIGIT_RUN);
}

/**
 * The stricter mask for text as it enters the public record (a donor's name as the journal keeps
 * it, the donor list, the public pledge view): phone and account numbers however they are grouped,
 * and e-mails. What it leaves, `maskPersonalData` leaves too, so a line's leaf is unchanged by it.
 */
export function maskContactDetails(text: string): string {
  return maskWith(text, GROUPED_DIGITS);
}

