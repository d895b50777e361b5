/**
 * What a caller without an organisation key may write into the public record (DESIGN §8): a
 * pledge of at most ANONYMOUS_PLEDGE_CAP_VND (500.000.000 ₫ unless configured). Above it the
 * answer is 422 naming `body.amount`, and nothing is written; an organisation's key pledges more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { allItems, idem, request, staff, startTestTwin } from '../support/twin';

const CAP = 500_000_000;
let twin: Twin;
let orgKey: Record<string, string>;

const pledge = (amount: number) => ({ fundId: 'cuba-2025', donor: { type: 'individual', name: 'Trần Văn Bình' }, amount, publishName: true });

beforeAll(async () => {
  twin = await startTestTwin();
  const admin = await staff(twin, 'quan', 'admin');
  const org = await request<{ id: string }>(twin, 'POST', '/v1/organisations', { body: { name: 'Tổng công ty Thép' }, headers: { ...admin, ...idem() } });
  const key = await request<{ apiKey: string }>(twin, 'POST', `/v1/organisations/${org.body.id}/api-keys`, { body: { label: 'cam kết lớn' }, headers: { ...admin, ...idem() } });
  orgKey = { 'x-api-key': key.body.apiKey };
});
afterAll(async () => twin?.stop());

describe('anonymous pledges are capped', () => {
  it('refuses an anonymous pledge one đồng over the cap with 422 naming body.amount, and writes nothing', async () => {
    const before = (await allItems(twin)).length;
    const refused = await request<{ status: number; errors: { path: string; message: string }[]; detail: string }>(twin, 'POST', '/v1/pledges', {
      body: pledge(CAP + 1),
      headers: idem(),
    });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.body.errors).toEqual([{ path: 'body.amount', message: expect.stringContaining('500.000.000 ₫') }]);
    expect(refused.body.detail).toMatch(/organisation key/);
    expect((await allItems(twin)).length).toBe(before);
  });

  it('takes an anonymous pledge of exactly the cap', async () => {
    const made = await request(twin, 'POST', '/v1/pledges', { body: pledge(CAP), headers: idem() });
    expect(made.status).toBe(201);
  });

  it('takes a pledge over the cap from an organisation’s API key', async () => {
    const made = await request<{ amount: number }>(twin, 'POST', '/v1/pledges', { body: pledge(5 * CAP), headers: { ...orgKey, ...idem() } });
    expect(made.status).toBe(201);
    expect(made.body.amount).toBe(5 * CAP);
  });
});

describe('anonymous pledges are rate-limited per client, as the WAF does in AWS', () => {
  let limited: Twin;
  beforeAll(async () => {
    limited = await startTestTwin({ rateLimits: true });
  });
  afterAll(async () => limited?.stop());

  it('answers the 101st request from one address in five minutes with 429 and Retry-After, writes nothing, and still serves keys and other addresses', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    // Every request counts, as at the edge: a bad body too.
    const answers = await Promise.all(Array.from({ length: 100 }, () => request(limited, 'POST', '/v1/pledges', { body: { fundId: 'cuba-2025' }, headers: { ...from('203.0.113.7'), ...idem() } })));
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(400));
    const before = (await allItems(limited)).length;
    const refused = await request<{ status: number; code: string; detail: string }>(limited, 'POST', '/v1/pledges', { body: pledge(100_000), headers: { ...from('203.0.113.7'), ...idem() } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.detail).toMatch(/More than 100 requests in 300 s from this address/);
    expect((await allItems(limited)).length).toBe(before);

    expect((await request(limited, 'POST', '/v1/pledges', { body: pledge(100_000), headers: { ...from('198.51.100.2'), ...idem() } })).status).toBe(201);
    expect((await request(limited, 'POST', '/v1/pledges', { body: pledge(100_000), headers: { ...from('203.0.113.7'), ...orgKey, ...idem() } })).status).toBe(201);
    // Reading is not limited.
    expect((await request(limited, 'GET', '/v1/funds/cuba-2025', { headers: from('203.0.113.7') })).status).toBe(200);
  });
});
