/** Organisations' API keys through the twin: they expire, are listed without secrets, revoked and rotated, and a dead key is refused at once. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { allItems, idem, request, staff, startTestTwin } from '../support/twin';

let twin: Twin;
let admin: Record<string, string>;
let orgId: string;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface KeyView {
  keyId: string;
  prefix: string;
  lastFour?: string;
  label: string;
  state: string;
  createdAt: string;
  validUntil: string;
  revokedAt?: string;
  revokedBy?: string;
  replacedBy?: string;
  rotatedBy?: string;
  replaces?: string;
  apiKey?: string;
  previous?: KeyView;
}

beforeAll(async () => {
  twin = await startTestTwin();
  admin = await staff(twin, 'quan', 'admin');
  const org = await request<{ id: string }>(twin, 'POST', '/v1/organisations', { body: { name: 'Công đoàn Cấp nước' }, headers: { ...admin, ...idem() } });
  orgId = org.body.id;
});
afterAll(async () => twin?.stop());
afterEach(() => {
  vi.useRealTimers();
});

/** Moves every clock of this process (the twin's handlers run in it) to `at`; timers keep running. */
function clockAt(at: number) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
}

const keysPath = () => `/v1/organisations/${orgId}/api-keys`;

async function issue(body: Record<string, unknown> = { label: 'ERP' }) {
  const response = await request<KeyView>(twin, 'POST', keysPath(), { body, headers: { ...admin, ...idem() } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const useKey = (apiKey: string) => request<{ detail?: string }>(twin, 'GET', '/v1/org/pledges', { headers: { 'x-api-key': apiKey } });
const list = async () => (await request<{ items: KeyView[] }>(twin, 'GET', keysPath(), { headers: await staff(twin, 'quan', 'admin') })).body.items;
const listed = async (keyId: string) => (await list()).find((key) => key.keyId === keyId);

describe('issuing', () => {
  it('gives a key an expiry: a year by default, or the days asked for, at most two years', async () => {
    const before = Date.now();
    const yearly = await issue();
    expect(Date.parse(yearly.validUntil) - before).toBeGreaterThanOrEqual(365 * DAY - 60_000);
    expect(Date.parse(yearly.validUntil) - before).toBeLessThanOrEqual(365 * DAY + 60_000);
    const monthly = await issue({ label: 'thử', expiresInDays: 30 });
    expect(Date.parse(monthly.validUntil) - Date.parse(monthly.createdAt)).toBe(30 * DAY);

    const itemsBefore = (await allItems(twin)).length;
    const tooLong = await request<{ errors: { path: string }[] }>(twin, 'POST', keysPath(), { body: { label: 'mãi mãi', expiresInDays: 731 }, headers: { ...admin, ...idem() } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors.map((e) => e.path)).toEqual(['body.expiresInDays']);
    expect((await allItems(twin)).length).toBe(itemsBefore);
  });

  it('lists the keys with their prefix, last four characters, expiry and state, never the secret or its hash', async () => {
    const key = await issue({ label: 'Kế toán' });
    const response = await request(twin, 'GET', keysPath(), { headers: admin });
    expect(response.status).toBe(200);
    const text = JSON.stringify(response.body);
    expect(text).not.toContain(key.apiKey!);
    expect(text).not.toMatch(/keyHash|[0-9a-f]{64}/);
    expect(await listed(key.keyId)).toEqual(
      expect.objectContaining({ prefix: `sv_${key.keyId}_`, lastFour: key.apiKey!.slice(-4), label: 'Kế toán', state: 'active', validUntil: key.validUntil, createdBy: 'staff:quan' }),
    );
  });
});

describe('revoking', () => {
  it('refuses a revoked key from the very next request: nothing about a key is cached', async () => {
    const key = await issue();
    expect((await useKey(key.apiKey!)).status).toBe(200);
    const revoked = await request<KeyView>(twin, 'POST', `${keysPath()}/${key.keyId}/revoke`, { headers: { ...admin, ...idem() } });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ keyId: key.keyId, state: 'revoked', revokedBy: 'staff:quan' });
    const refused = await useKey(key.apiKey!);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/revoked/);
    expect(await listed(key.keyId)).toMatchObject({ state: 'revoked', revokedAt: revoked.body.revokedAt });

    const again = await request<KeyView>(twin, 'POST', `${keysPath()}/${key.keyId}/revoke`, { headers: { ...admin, ...idem() } });
    expect(again.status).toBe(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('answers 404 for a key the organisation does not have', async () => {
    const response = await request(twin, 'POST', `${keysPath()}/0123456789ab/revoke`, { headers: { ...admin, ...idem() } });
    expect(response.status).toBe(404);
  });
});

describe('expiry', () => {
  it('refuses a key once its expiry has passed, and lists it as expired', async () => {
    const key = await issue({ label: 'một ngày', expiresInDays: 1 });
    expect((await useKey(key.apiKey!)).status).toBe(200);
    clockAt(Date.parse(key.validUntil) - 60_000);
    expect((await useKey(key.apiKey!)).status).toBe(200);
    clockAt(Date.parse(key.validUntil) + 1_000);
    const refused = await useKey(key.apiKey!);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/expired/);
    expect(await listed(key.keyId)).toMatchObject({ state: 'expired' });
  });
});

describe('rotating', () => {
  it('issues a new key and lets the old one work for a day beside it, then only the new one', async () => {
    const old = await issue({ label: 'Cổng thu' });
    const rotation = await request<KeyView>(twin, 'POST', `${keysPath()}/${old.keyId}/rotate`, { body: {}, headers: { ...admin, ...idem() } });
    expect(rotation.status, JSON.stringify(rotation.body)).toBe(201);
    const fresh = rotation.body;
    expect(fresh).toMatchObject({ label: 'Cổng thu', state: 'active', replaces: old.keyId, previous: { keyId: old.keyId, replacedBy: fresh.keyId, rotatedBy: 'staff:quan', state: 'active' } });
    expect(Date.parse(fresh.previous!.validUntil) - Date.parse(fresh.createdAt)).toBe(DAY);

    expect((await useKey(fresh.apiKey!)).status).toBe(200);
    expect((await useKey(old.apiKey!)).status).toBe(200);
    clockAt(Date.parse(fresh.createdAt) + DAY + 1_000);
    expect((await useKey(old.apiKey!)).status).toBe(401);
    expect((await useKey(fresh.apiKey!)).status).toBe(200);
  });

  it('revokes the old key at once with an overlap of 0, and refuses to rotate it again', async () => {
    const old = await issue();
    const rotation = await request<KeyView>(twin, 'POST', `${keysPath()}/${old.keyId}/rotate`, { body: { overlapHours: 0 }, headers: { ...admin, ...idem() } });
    expect(rotation.status).toBe(201);
    expect(rotation.body.previous).toMatchObject({ state: 'revoked', revokedBy: 'staff:quan', replacedBy: rotation.body.keyId });
    expect((await useKey(old.apiKey!)).status).toBe(401);
    expect((await useKey(rotation.body.apiKey!)).status).toBe(200);

    const again = await request(twin, 'POST', `${keysPath()}/${old.keyId}/rotate`, { body: {}, headers: { ...admin, ...idem() } });
    expect(again.status).toBe(409);
  });

  it('does not show the new secret again on a replay, and makes no second key', async () => {
    const old = await issue();
    const headers = { ...admin, ...idem() };
    const first = await request<KeyView>(twin, 'POST', `${keysPath()}/${old.keyId}/rotate`, { body: { overlapHours: 2 }, headers });
    const replay = await request<KeyView>(twin, 'POST', `${keysPath()}/${old.keyId}/rotate`, { body: { overlapHours: 2 }, headers });
    expect(first.status).toBe(201);
    expect(first.body.apiKey).toMatch(/^sv_/);
    expect(replay.status).toBe(201);
    expect(replay.body.keyId).toBe(first.body.keyId);
    expect(replay.body.apiKey).toBeUndefined();
    expect((await list()).filter((key) => key.replaces === old.keyId)).toHaveLength(1);
  });

  it('refuses an overlap longer than a week, naming the field', async () => {
    const old = await issue();
    const response = await request<{ errors: { path: string }[] }>(twin, 'POST', `${keysPath()}/${old.keyId}/rotate`, { body: { overlapHours: 169 }, headers: { ...admin, ...idem() } });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => e.path)).toEqual(['body.overlapHours']);
  });
});
