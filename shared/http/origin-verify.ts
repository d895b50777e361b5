/**
 * CloudFront (with the WAF in front of it) adds a secret header to every request it sends to the
 * HTTP API; a request without it reached the API's own `execute-api` address, around the WAF's
 * rate limits and rule groups. HTTP APIs take neither a web ACL nor a resource policy, so the
 * functions turn such requests away themselves, before reading anything else of them.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ForbiddenError } from '../errors';
import type { OriginHeaderValues } from '../usecases/ports';

export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/** How long a container trusts the values it read; a rotation is picked up within this time. */
export const ORIGIN_VALUES_MAX_AGE_MS = 5 * 60_000;
/**
 * A header that matches nothing cached is checked once more against fresh values, if what is
 * cached is at least this old: the edge may already send a value rotated in since. Younger, it
 * is simply wrong, and a stream of wrong headers costs at most one read per container this often.
 */
export const ORIGIN_VALUES_RECHECK_AFTER_MS = 30_000;

const REFUSED = 'Yêu cầu phải đi qua địa chỉ công khai của Sổ Vàng / Requests must come through the public Sổ Vàng address';

/** SHA-256 first, so every comparison is of 32 bytes whatever was sent, in constant time. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function matchesAny(presented: Buffer, accepted: readonly Buffer[]): boolean {
  let matched = false;
  for (const value of accepted) matched = timingSafeEqual(presented, value) || matched;
  return matched;
}

/**
 * The check for one container: resolves when the header carries an accepted value, throws
 * ForbiddenError when it is missing or wrong, and lets ServiceUnavailableError through when the
 * accepted values cannot be read, so a failure never lets a request in.
 */
export function originVerifier(acceptedValues: OriginHeaderValues, now: () => number = Date.now) {
  let cached: { digests: Buffer[]; readAt: number } | undefined;

  async function read() {
    const values = await acceptedValues();
    cached = { digests: values.map(digest), readAt: now() };
    return cached;
  }

  return async function verifyOrigin(headers: Record<string, string>): Promise<void> {
    const presented = headers[ORIGIN_VERIFY_HEADER];
    if (!presented) throw new ForbiddenError(REFUSED);
    const wanted = digest(presented);
    let values = cached && now() - cached.readAt < ORIGIN_VALUES_MAX_AGE_MS ? cached : await read();
    if (matchesAny(wanted, values.digests)) return;
    if (now() - values.readAt >= ORIGIN_VALUES_RECHECK_AFTER_MS) {
      values = await read();
      if (matchesAny(wanted, values.digests)) return;
    }
    throw new ForbiddenError(REFUSED);
  };
}
