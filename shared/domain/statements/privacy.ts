/**
 * Masking for reports that leave the finance office (published statements, exports): memos
 * carry senders' account numbers, phone numbers and e-mail addresses.
 */
import { codeCandidates } from './memo';

// Runs of digits, allowing up to three of the spaces, dots, dashes and brackets people group them
// with (`0912 345 678`, `0912.345.678`, `+84 912-345-678`, `0912 - 345 - 678`, `(+84) 912 345 678`).
const DIGIT_RUN = /\(?\+?\d(?:[ .()-]{0,3}\d)*/g;
const EMAIL_SPLIT = /([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/;
// `1.000.000` in a memo is an amount; phone and account numbers do not group by thousands from a non-zero digit.
const AMOUNT = /^[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*$/;
const MIN_DIGITS = 6;
const KEEP_DIGITS = 3;

function maskDigits(run: string): string {
  const total = run.replace(/\D/g, '').length;
  if (total < MIN_DIGITS) return run;
  let seen = 0;
  return run.replace(/\d/g, (d) => (++seen > total - KEEP_DIGITS ? d : '*'));
}

/**
 * Masks every run of six or more digits but its last three, and the local part of e-mail
 * addresses. Any such run is masked, not only those that parse as a bank account or phone
 * number: account formats differ per bank and a missed one is a leak, while a masked trace
 * number costs nothing. Reference codes (`UH…`, `GN…`) are left intact, as reports need them.
 */
export function maskAccountNumbers(memo: string): string {
  const codes = codeCandidates(memo)
    .filter((c) => c.valid || !c.weak)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let from = 0;
  // Codes are copied as they are; the text between them is masked piece by piece, so a number
  // right after a code is still masked.
  for (const code of codes) {
    if (code.start < from) continue;
    out += maskText(memo.slice(from, code.start)) + code.raw;
    from = code.end;
  }
  return out + maskText(memo.slice(from));
}

// E-mails first: masking their digits first would leave the rest of the local part showing.
function maskText(text: string): string {
  return text
    .split(EMAIL_SPLIT)
    .map((part, i) =>
      i % 2 === 1
        ? `${part[0]}***${part.slice(part.indexOf('@'))}`
        : part.replace(DIGIT_RUN, (run) => (AMOUNT.test(run) ? run : maskDigits(run))),
    )
    .join('');
}
