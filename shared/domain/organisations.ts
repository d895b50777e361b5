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

export interface ApiKeyRecord {
  keyId: string;
  orgId: string;
  keyHash: string;
  label: string;
  createdAt: string;
  createdBy: string;
  revoked: boolean;
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
