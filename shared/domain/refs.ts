/**
 * Reference codes people type into bank memos (DESIGN §5):
 * a prefix (`UH` pledge, `GN` disbursement) + 6 Crockford base32 characters + 1 check character
 * (Luhn mod N, N = 32, over the Crockford values of the 6).
 */
import { randomInt } from 'node:crypto';

export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export type RefPrefix = 'UH' | 'GN';
export const REF_PATTERN = /^(UH|GN)[0-9A-HJKMNP-TV-Z]{7}$/;

const N = CROCKFORD.length;

function value(char: string): number {
  const index = CROCKFORD.indexOf(char);
  if (index < 0) throw new RangeError(`not a Crockford base32 character: ${char}`);
  return index;
}

export function luhnCheckChar(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * value(body[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return CROCKFORD[(N - (sum % N)) % N]!;
}

export function hasValidCheckChar(bodyWithCheck: string): boolean {
  if (!/^[0-9A-HJKMNP-TV-Z]{7}$/.test(bodyWithCheck)) return false;
  return luhnCheckChar(bodyWithCheck.slice(0, 6)) === bodyWithCheck[6];
}

export function generateRef(prefix: RefPrefix, random: (max: number) => number = randomInt): string {
  let body = '';
  for (let i = 0; i < 6; i++) body += CROCKFORD[random(N)];
  return `${prefix}${body}${luhnCheckChar(body)}`;
}

/** Maps the characters people confuse onto Crockford's: `O`→`0`, `I`/`L`→`1`; drops spaces and dashes. */
export function normalizeCodeChars(text: string): string {
  return text
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/**
 * Parses a code typed by a person (`uh 4ewm-wnp`, `UHIA4AP8D`) into its canonical form,
 * or returns null if it is not a well-formed code with a valid check character.
 */
export function parseRef(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  const prefix = compact.slice(0, 2);
  if (prefix !== 'UH' && prefix !== 'GN') return null;
  const body = normalizeCodeChars(compact.slice(2));
  if (!hasValidCheckChar(body)) return null;
  return `${prefix}${body}`;
}

export function isValidRef(ref: string): boolean {
  return REF_PATTERN.test(ref) && hasValidCheckChar(ref.slice(2));
}
