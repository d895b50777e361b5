/** Organisations' API keys as use cases: expiry, rotation's overlap, revocation's trail, and the committee's scope. */
import { beforeEach, describe, expect, it } from 'vitest';
import { apiKeyState, type ApiKeyRecord } from '../../../shared/domain/organisations';
import { ConflictError, ForbiddenError } from '../../../shared/errors';
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from '../../../shared/usecases/api-keys';
import { createOrganisation } from '../../../shared/usecases/organisations';
import { ctx, memoryLedger, type MemoryLedger } from '../../support/memory-ledger';

const DAY = 86_400_000;
const T0 = new Date('2026-01-05T02:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const ADMIN = 'staff:quan';

let ledger: MemoryLedger;
let orgId: string;
beforeEach(async () => {
  ledger = memoryLedger();
  orgId = (await createOrganisation(ledger.stores, { name: 'Công đoàn Cấp nước' }, ctx(ADMIN, undefined, T0))).body.id;
});

const storedKey = (keyId: string): ApiKeyRecord => [...ledger.state.apiKeys.values()].find((key) => key.keyId === keyId)!;

describe('expiry', () => {
  it('counts a key issued before keys expired as lasting a year from its issue', () => {
    const legacy = { revoked: false, createdAt: T0.toISOString() };
    expect(apiKeyState(legacy, at(365 * DAY - 1))).toBe('active');
    expect(apiKeyState(legacy, at(365 * DAY))).toBe('expired');
    expect(apiKeyState({ ...legacy, revoked: true }, at(1))).toBe('revoked');
  });

  it('keeps only the hash of a new key, its last four characters and its expiry', async () => {
    const key = await createApiKey(ledger.stores, orgId, { label: 'ERP', expiresInDays: 10 }, ctx(ADMIN, undefined, T0));
    const stored = storedKey(key.body.keyId);
    expect(JSON.stringify(stored)).not.toContain(key.body.apiKey!);
    expect(stored).toMatchObject({ lastFour: key.body.apiKey!.slice(-4), validUntil: at(10 * DAY).toISOString(), version: 1 });
  });
});

describe('revoking', () => {
  it('records who revoked the key and when, as a new version of it', async () => {
    const key = await createApiKey(ledger.stores, orgId, { label: 'ERP' }, ctx(ADMIN, undefined, T0));
    const revoked = await revokeApiKey(ledger.stores, orgId, key.body.keyId, ctx('staff:lan', undefined, at(DAY)));
    expect(revoked.body).toMatchObject({ state: 'revoked', revokedBy: 'staff:lan', revokedAt: at(DAY).toISOString() });
    expect(storedKey(key.body.keyId)).toMatchObject({ revoked: true, revokedBy: 'staff:lan', version: 2 });
  });
});

describe('rotating', () => {
  it('never lets the overlap outlive the old key', async () => {
    const key = await createApiKey(ledger.stores, orgId, { label: 'ERP', expiresInDays: 1 }, ctx(ADMIN, undefined, T0));
    const rotated = await rotateApiKey(ledger.stores, orgId, key.body.keyId, {}, ctx(ADMIN, undefined, at(DAY - 3_600_000)));
    expect(rotated.body.previous.validUntil).toBe(at(DAY).toISOString());
    expect(rotated.body.validUntil).toBe(at(DAY - 3_600_000 + 365 * DAY).toISOString());
  });

  it('refuses to rotate an expired or a revoked key', async () => {
    const expiring = await createApiKey(ledger.stores, orgId, { label: 'ERP', expiresInDays: 1 }, ctx(ADMIN, undefined, T0));
    await expect(rotateApiKey(ledger.stores, orgId, expiring.body.keyId, {}, ctx(ADMIN, undefined, at(DAY)))).rejects.toBeInstanceOf(ConflictError);
    const revoked = await createApiKey(ledger.stores, orgId, { label: 'ERP' }, ctx(ADMIN, undefined, T0));
    await revokeApiKey(ledger.stores, orgId, revoked.body.keyId, ctx(ADMIN, undefined, T0));
    await expect(rotateApiKey(ledger.stores, orgId, revoked.body.keyId, {}, ctx(ADMIN, undefined, T0))).rejects.toThrow(/revoked/);
    expect(ledger.state.apiKeys.size).toBe(2);
  });
});

describe('scope', () => {
  it('keeps a ward’s admin away from the keys of an organisation the central committee registered', async () => {
    const ward = { kind: 'staff' as const, grants: [{ committeeId: 'vn-79-26740', role: 'admin' as const, children: true }], roles: ['admin' as const] };
    await expect(listApiKeys(ledger.stores, orgId, ward)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createApiKey(ledger.stores, orgId, { label: 'ERP' }, { ...ctx('staff:ward'), scope: ward })).rejects.toBeInstanceOf(ForbiddenError);
    expect(ledger.state.apiKeys.size).toBe(0);
  });
});
