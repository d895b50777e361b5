import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export interface Organisation {
  id: string;
  name: string;
  taxCode?: string;
  contactEmail?: string;
  /** The committee that registered it; its staff manage the organisation's keys (DESIGN §12.2). */
  committeeId?: string;
  createdAt: string;
  createdBy: string;
}

/**
 * A key's own record is its audit trail: who issued, rotated and revoked it, and when. Keys are
 * about no fund's money, so they stay out of the funds' journals (§10).
 */
export interface ApiKeyRecord {
  keyId: string;
  orgId: string;
  keyHash: string;
  label: string;
  createdAt: string;
  createdBy: string;
  revoked: boolean;
  /** Absent on a key issued before keys expired: it counts as version 1. */
  version?: number;
  /** The instant the key stops working; absent on a key issued before keys expired (see `keyValidUntil`). */
  validUntil?: string;
  /** The secret's last four characters, so a person can tell which key a system holds. */
  lastFour?: string;
  revokedAt?: string;
  revokedBy?: string;
  /** Set when it was rotated: the key that replaces it, and who rotated it when. */
  replacedBy?: string;
  rotatedAt?: string;
  rotatedBy?: string;
  /** The key this one replaced, if it was issued by a rotation. */
  replaces?: string;
}

export const API_KEY_DEFAULT_DAYS = 365;
export const API_KEY_MAX_DAYS = 730;
/** How long a rotated key keeps working beside its successor, so callers can switch without an outage. */
export const ROTATION_OVERLAP_DEFAULT_HOURS = 24;
export const ROTATION_OVERLAP_MAX_HOURS = 168;

const DAY_MS = 86_400_000;

export function validUntilAfter(now: Date, days: number): string {
  return new Date(now.getTime() + days * DAY_MS).toISOString();
}

/** A key issued before keys expired lasts the default lifetime from its issue. */
export function keyValidUntil(record: Pick<ApiKeyRecord, 'validUntil' | 'createdAt'>): string {
  return record.validUntil ?? validUntilAfter(new Date(record.createdAt), API_KEY_DEFAULT_DAYS);
}

export type ApiKeyState = 'active' | 'revoked' | 'expired';

export function apiKeyState(record: Pick<ApiKeyRecord, 'revoked' | 'validUntil' | 'createdAt'>, now: Date): ApiKeyState {
  if (record.revoked) return 'revoked';
  return Date.parse(keyValidUntil(record)) <= now.getTime() ? 'expired' : 'active';
}

/** What a key shows once issued: its id and the ends of the secret, never the secret. */
export function apiKeyPrefix(keyId: string): string {
  return `sv_${keyId}_`;
}

/** Unpadded base64url, with the platform's `btoa` (Node and browsers both have it). */
function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Keys are shown once and stored only as SHA-256: a leaked table holds nothing usable. */
export function newApiKey(): { keyId: string; secret: string } {
  const keyId = bytesToHex(randomBytes(6));
  return { keyId, secret: `sv_${keyId}_${base64url(randomBytes(24))}` };
}

export function hashApiKey(secret: string): string {
  return bytesToHex(sha256(utf8ToBytes(secret)));
}
