import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidRef } from '../../shared/domain/refs';
import { decodeVietQr } from '../../shared/domain/vietqr';
import type { Twin } from '../../infra/local/twin';
import { allItems, countByKind, request, startTestTwin } from '../support/twin';

let twin: Twin;
beforeAll(async () => {
  twin = await startTestTwin();
});
afterAll(async () => twin?.stop());

const pledge = (overrides: Record<string, unknown> = {}) => ({
  fundId: 'cuba-2025',
  donor: { type: 'organisation', name: 'Công ty TNHH Hoa Sen', taxCode: '0301234567', email: 'ketoan@hoasen.vn' },
  amount: 2_000_000,
  publishName: true,
  message: 'Viva Cuba',
  ...overrides,
});

describe('POST /v1/pledges', () => {
  it('creates a pledge with a valid reference code and a VietQR payload that decodes to the fund account', async () => {
    const response = await request(twin, 'POST', '/v1/pledges', { body: pledge(), headers: { 'idempotency-key': randomUUID() } });
    expect(response.status).toBe(201);
    const body = response.body as { ref: string; status: string; payment: { vietQr: string; accountNumber: string; bankBin: string; memo: string } };
    expect(isValidRef(body.ref)).toBe(true);
    expect(body.status).toBe('PLEDGED');
    const decoded = decodeVietQr(body.payment.vietQr);
    expect(decoded).toEqual({ bankBin: '970436', accountNumber: '0071000000079', amount: 2_000_000, memo: body.payment.memo });
    expect(body.payment.memo).toContain(body.ref);
    expect(body.payment.memo.length).toBeLessThanOrEqual(25);
  });

  it('shows only public data and how to pay when a pledge is looked up by its code, in any case and with dashes', async () => {
    const created = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', {
      body: pledge({ publishName: false, dueDate: '2020-01-01' }),
      headers: { 'idempotency-key': randomUUID() },
    });
    const ref = created.body.ref;
    const typed = `${ref.slice(0, 2).toLowerCase()}-${ref.slice(2, 6).toLowerCase()} ${ref.slice(6)}`;
    const found = await request(twin, 'GET', `/v1/pledges/${encodeURIComponent(typed)}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ ref, amount: 2_000_000, received: 0, status: 'PLEDGED', donorName: 'Nhà hảo tâm', payment: { accountNumber: '0071000000079' } });
    expect(found.body).not.toHaveProperty('overdue');
    expect(found.body).not.toHaveProperty('dueDate');
    const text = JSON.stringify(found.body);
    expect(text).not.toContain('ketoan@hoasen.vn');
    expect(text).not.toContain('0301234567');
    expect(text).not.toContain('Hoa Sen');
  });

  it('answers 50 concurrent requests with one Idempotency-Key with one pledge and one journal entry', async () => {
    const key = randomUUID();
    const body = pledge({ amount: 777_000 });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => request<{ id: string; ref: string }>(twin, 'POST', '/v1/pledges', { body, headers: { 'idempotency-key': key } })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(new Set(responses.map((r) => r.body.ref)).size).toBe(1);
    const items = await allItems(twin);
    expect(items.filter((i) => i.kind === 'PLEDGE' && i.amount === 777_000)).toHaveLength(1);
    expect(items.filter((i) => i.kind === 'JOURNAL' && (i.deltas as { pledged?: number }).pledged === 777_000)).toHaveLength(1);
  });

  it('never answers an anonymous caller with another’s pledge: the same Idempotency-Key with a different body is a pledge of its own', async () => {
    const key = 'pledge-1';
    const first = await request<{ id: string; ref: string }>(twin, 'POST', '/v1/pledges', { body: pledge({ amount: 1000 }), headers: { 'idempotency-key': key } });
    const second = await request<{ id: string; ref: string; amount: number }>(twin, 'POST', '/v1/pledges', { body: pledge({ amount: 2000 }), headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.amount).toBe(2000);
    expect(second.body.ref).not.toBe(first.body.ref);
    expect(JSON.stringify(second.body)).not.toContain(first.body.ref);
    expect(JSON.stringify(second.body)).not.toContain(first.body.id);
  });

  it.each([
    ['malformed JSON', { rawBody: '{"fundId":', headers: { 'content-type': 'application/json' } }, 400, 'body'],
    ['a body over 64 KB', { body: pledge({ message: 'x'.repeat(70_000) }) }, 413, undefined],
    ['an unknown fund', { body: pledge({ fundId: 'no-such-fund' }) }, 422, 'body.fundId'],
    ['a negative amount', { body: pledge({ amount: -5 }) }, 400, 'body.amount'],
    ['a fractional amount', { body: pledge({ amount: 10.5 }) }, 400, 'body.amount'],
    ['an amount beyond a safe integer', { body: pledge({ amount: 2 ** 60 }) }, 400, 'body.amount'],
    ['an amount as a string', { body: pledge({ amount: '1000' }) }, 400, 'body.amount'],
    ['a missing donor name', { body: pledge({ donor: { type: 'individual' } }) }, 400, 'body.donor.name'],
    ['an unknown field', { body: pledge({ isAdmin: true }) }, 400, 'body'],
  ])('rejects %s with a problem that names the field and writes nothing', async (_label, options, status, path) => {
    const before = await allItems(twin);
    const response = await request<{ status: number; errors?: { path: string }[] }>(twin, 'POST', '/v1/pledges', {
      ...options,
      headers: { 'idempotency-key': randomUUID(), ...(options as { headers?: Record<string, string> }).headers },
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.status).toBe(status);
    if (path) expect(response.body.errors?.map((e) => e.path)).toContain(path);
    expect((await allItems(twin)).length).toBe(before.length);
  });

  it('requires an Idempotency-Key header', async () => {
    const response = await request<{ errors: { path: string }[] }>(twin, 'POST', '/v1/pledges', { body: pledge() });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]!.path).toBe('headers.Idempotency-Key');
  });
});

describe('routing', () => {
  it('answers an unknown route with 404 and a wrong method with 405, both as problem+json', async () => {
    const missing = await request(twin, 'GET', '/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const wrongMethod = await request(twin, 'PUT', '/v1/pledges', { body: {} });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const doc = await request<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>(
      twin,
      'GET',
      '/v1/openapi.json',
    );
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(JSON.stringify(doc.body.paths['/v1/pledges']!.post!.requestBody)).toContain('#/components/schemas/CreatePledge');
    expect(Object.keys(doc.body.components.schemas.CreatePledge!.properties!)).toContain('publishName');
  });
});

describe('funds', () => {
  it('lists at least the four seeded funds with totals', async () => {
    const list = await request<{ items: { fundId: string; totals: { pledged: number } }[] }>(twin, 'GET', '/v1/funds');
    expect(list.status).toBe(200);
    expect(list.body.items.map((f) => f.fundId).sort()).toEqual(['an-sinh-hcm-2025', 'cuba-2025', 'lu-lut-2024', 'vi-nguoi-ngheo']);
    expect(list.headers.get('cache-control')).toMatch(/max-age/);
  });

  it('answers an unknown fund with 404', async () => {
    expect((await request(twin, 'GET', '/v1/funds/khong-co')).status).toBe(404);
  });

  it('writes the pledge (under its code, with its idempotency data) and its journal entry, and nothing else per pledge', async () => {
    const key = randomUUID();
    const before = countByKind(await allItems(twin));
    const created = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', { body: pledge(), headers: { 'idempotency-key': key } });
    const items = await allItems(twin);
    const after = countByKind(items);
    expect(after.PLEDGE).toBe((before.PLEDGE ?? 0) + 1);
    expect(after.JOURNAL).toBe((before.JOURNAL ?? 0) + 1);
    expect(after.REF ?? 0).toBe(before.REF ?? 0);
    expect(after.IDEMPOTENCY ?? 0).toBe(before.IDEMPOTENCY ?? 0);
    const item = items.find((i) => i.pk === `PLEDGE#${created.body.ref}`)!;
    expect(item.creation).toMatchObject({ scope: 'CreatePledge#public', key, payTo: { accountNumber: '0071000000079' } });
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(1024);
  });
});
