/**
 * Text that waits for a person before the public reads it (DESIGN §7.4): abuse, and words that
 * make a stranger's text look official. One list, matched on folded words (`fold`: case and
 * diacritics ignored), so `Chủ tịch`, `CHU TICH` and `chủ  tịch` all wait. A match holds only the
 * text, never money: the pledge or flag is recorded at once and its text shows when released.
 */
import { fold } from './text';

/** Abuse, Vietnamese (folded, with the common abbreviations) and English. */
const ABUSIVE = ['dit me', 'dit ma', 'du ma', 'du me', 'dcm', 'dmm', 'vcl', 'vkl', 'cho chet', 'oc cho', 'thang cho', 'con cho', 'mat day', 'fuck', 'shit', 'bitch', 'asshole', 'bastard'];

/** Titles and bodies a stranger's text may not pass itself off as. */
const IMPERSONATION = [
  'chu tich',
  'bi thu',
  'bo truong',
  'thu tuong',
  'chinh phu',
  'uy ban',
  'mat tran to quoc',
  'mttq',
  'cong an',
  'quan tri vien',
  'ban quan ly quy',
  'admin',
  'official',
  'president',
  'minister',
  'government',
];

export const MODERATED_PHRASES: readonly string[] = [...ABUSIVE, ...IMPERSONATION];

/** The folded words of a text, each surrounded by single spaces, so a phrase matches whole words only. */
function foldedWords(text: string): string {
  return ` ${fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

/** The listed phrases the text holds, as whole words; empty when the text may show at once. */
export function moderatedPhrases(text: string): string[] {
  const words = foldedWords(text);
  return MODERATED_PHRASES.filter((phrase) => words.includes(` ${phrase} `));
}

export function needsModeration(text: string): boolean {
  return moderatedPhrases(text).length > 0;
}

/** A staff member's decision on held text: shown as written, or never shown. */
export type ModerationDecision = 'release' | 'reject';
