import { createHash, randomBytes } from 'node:crypto';

export interface Organisation {
  id: string;
  name: string;
  taxCode?: string;
  contactEmail?: string;
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

/** Keys are shown once and stored only as SHA-256: a leaked table holds nothing usable. */
export function newApiKey(): { keyId: string; secret: string } {
  const keyId = randomBytes(6).toString('hex');
  return { keyId, secret: `sv_${keyId}_${randomBytes(24).toString('base64url')}` };
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
