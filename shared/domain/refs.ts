/**
 * Reference codes people type into bank memos (DESIGN §5):
 * a prefix (`UH` pledge, `GN` disbursement) + 6 Crockford base32 characters + 1 check character
 * (Luhn mod N, N = 32, over the Crockford values of the 6).
 *
 * The server and the browser share this module (the check page and the console check a typed
 * code before asking the API), so it uses only what both have: WebCrypto for randomness.
 */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export type RefPrefix = 'UH' | 'GN';
export const REF_PREFIXES: readonly RefPrefix[] = ['UH', 'GN'];
export const REF_PATTERN = /^(UH|GN)[0-9A-HJKMNP-TV-Z]{7}$/;

const N = CROCKFORD.length;
const UINT32_RANGE = 2 ** 32;

/** A uniform random integer in [0, max) from the platform's CSPRNG (`crypto.getRandomValues`: Node 20+ and browsers). */
export function randomBelow(max: number): number {
  if (!Number.isInteger(max) || max < 1 || max > UINT32_RANGE) throw new RangeError(`max must be an integer from 1 to 2^32, not ${max}`);
  // Draws at or above the largest multiple of max would favour the small values: draw again.
  const limit = UINT32_RANGE - (UINT32_RANGE % max);
  const draw = new Uint32Array(1);
  for (;;) {
    globalThis.crypto.getRandomValues(draw);
    if (draw[0]! < limit) return draw[0]! % max;
  }
}

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

export function generateRef(prefix: RefPrefix, random: (max: number) => number = randomBelow): string {
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
 * or returns null if it is not a well-formed code with a valid check character, or its prefix
 * is not one of `prefixes` (a pledge field takes only `UH`).
 */
export function parseRef(input: string, prefixes: readonly RefPrefix[] = REF_PREFIXES): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  const prefix = compact.slice(0, 2);
  if (!(prefixes as readonly string[]).includes(prefix)) return null;
  const body = normalizeCodeChars(compact.slice(2));
  if (!hasValidCheckChar(body)) return null;
  return `${prefix}${body}`;
}

export function isValidRef(ref: string): boolean {
  return REF_PATTERN.test(ref) && hasValidCheckChar(ref.slice(2));
}
