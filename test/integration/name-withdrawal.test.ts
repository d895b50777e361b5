/**
 * Names only by consent (DESIGN §7), on DynamoDB Local and the S3 emulator: a donor pledges with
 * a name and an e-mail, pays, the day is reported in format 3 with the name only in names.jsonl;
 * the donor withdraws it with the code and the e-mail (a wrong contact writes nothing), and the
 * name is gone from the donor list, the pledge view and every names file, while every published
 * day still verifies. A walk over every public read and published file finds neither the
 * withdrawn name nor the name of a pledge that was never paid.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNightly } from '../../functions/reports/nightly';
import { urlSource } from '../../infra/local/verify-report';
import type { Twin } from '../../infra/local/twin';
import { PUBLISHED_FILES } from '../../shared/reports/manifest';
import { NAMES_FILE } from '../../shared/reports/names';
import { nodeHasher } from '../../shared/reports/node-hash';
import { verifyReport } from '../../shared/reports/verify';
import { seedTestFund } from '../support/reports';
import { idem, request, staff, startTestTwin } from '../support/twin';

const FUND = `names-${randomUUID().slice(0, 8)}`;
const DAY1 = '2025-10-05';
const DAY2 = '2025-10-06';
const PAID = 'Hoàng Minh Tuấn';
const UNPAID = 'Đỗ Thị Thanh Xuân';
const EMAIL = 'tuan.hoang@example.vn';
let twin: Twin;
let ref: string;

async function publicText(path: string): Promise<string> {
  const response = await fetch(`${twin.url}${path}`, { redirect: 'follow' });
  return response.ok ? Buffer.from(await response.arrayBuffer()).toString('utf8') : '';
}

/** Every public read of the fund and every file of every published day, as text. */
async function everythingPublic(): Promise<string[]> {
  const texts = [await publicText(`/v1/funds/${FUND}/donors`), await publicText(`/v1/pledges/${ref}`), await publicText(`/v1/funds/${FUND}`), await publicText(`/v1/reports/${FUND}`)];
  for (const date of [DAY1, DAY2, 'latest']) {
    for (const name of [...PUBLISHED_FILES, NAMES_FILE]) texts.push(await publicText(`/v1/reports/${FUND}/${date}/files/${name}`));
  }
  return texts;
}

beforeAll(async () => {
  twin = await startTestTwin({ startAt: `${DAY1}T20:00:00+07:00` });
  await seedTestFund(twin, FUND);
  const made = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', {
    body: { fundId: FUND, donor: { type: 'individual', name: PAID, email: EMAIL }, amount: 200_000, publishName: true },
    headers: idem(),
  });
  expect(made.status).toBe(201);
  ref = made.body.ref;
  const unpaid = await request(twin, 'POST', '/v1/pledges', { body: { fundId: FUND, donor: { type: 'individual', name: UNPAID, phone: '0987654321' }, amount: 300_000, publishName: true }, headers: idem() });
  expect(unpaid.status).toBe(201);
  const clerk = await staff(twin, 'thu', 'finance-clerk');
  const paid = await request(twin, 'POST', '/v1/receipts', {
    body: { fundId: FUND, amount: 200_000, receivedAt: `${DAY1}T20:30:00+07:00`, method: 'bank', pledgeRef: ref },
    headers: { ...clerk, ...idem() },
  });
  expect(paid.status).toBe(201);
  for (const [date, at] of [[DAY1, `${DAY2}T00:20:00+07:00`], [DAY2, '2025-10-07T00:20:00+07:00']] as const) {
    const run = await runNightly({ date, fundIds: [FUND] }, new Date(at));
    expect(run.failures).toEqual([]);
  }
}, 120_000);
afterAll(async () => twin?.stop());

describe('names only by consent', () => {
  it('publishes the paid donor’s name only in names.jsonl and the donor list, and never the unpaid one’s', async () => {
    const names = await publicText(`/v1/reports/${FUND}/${DAY1}/files/${NAMES_FILE}`);
    expect(names).toContain(PAID);
    expect(await publicText(`/v1/reports/${FUND}/${DAY1}/files/entries.jsonl`)).not.toContain(PAID);
    expect(await publicText(`/v1/funds/${FUND}/donors`)).toContain(PAID);
    for (const text of await everythingPublic()) expect(text).not.toContain(UNPAID);
  });

  it('refuses a wrong contact with 403 and writes nothing', async () => {
    const wrong = await request(twin, 'POST', `/v1/pledges/${ref}/withdraw-name`, { body: { contact: 'someone.else@example.vn' }, headers: idem() });
    expect(wrong.status).toBe(403);
    expect(await publicText(`/v1/reports/${FUND}/${DAY1}/files/${NAMES_FILE}`)).toContain(PAID);
    expect(await publicText(`/v1/funds/${FUND}/donors`)).toContain(PAID);
  });

  it('withdraws the name by code and contact: gone from every public read and names file, and every day still verifies', async () => {
    const done = await request<{ nameWithdrawn: boolean; namesFilesRewritten: number }>(twin, 'POST', `/v1/pledges/${ref}/withdraw-name`, { body: { contact: ` ${EMAIL.toUpperCase()} ` }, headers: idem() });
    expect(done.status).toBe(200);
    expect(done.body.nameWithdrawn).toBe(true);
    expect(done.body.namesFilesRewritten).toBe(3);
    for (const text of await everythingPublic()) {
      expect(text).not.toContain(PAID);
      expect(text).not.toContain(UNPAID);
    }
    for (const date of [DAY1, DAY2]) {
      const result = await verifyReport(urlSource(`${twin.url}/v1/reports/${FUND}/${date}/files/`), { hasher: nodeHasher });
      expect(result.failure, date).toBeUndefined();
      expect(result.names?.map((n) => n.shown), date).toEqual(['withdrawn']);
    }
  });
});

describe('guessing a pledge’s contact is rate-limited per address and per code, as the WAF does in AWS', () => {
  let limited: Twin;
  beforeAll(async () => {
    limited = await startTestTwin({ rateLimits: true });
  });
  afterAll(async () => limited?.stop());
  const guess = (code: string, address: string, headers: Record<string, string> = {}) =>
    request<{ status: number; code?: string }>(limited, 'POST', `/v1/pledges/${code}/withdraw-name`, {
      body: { contact: `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
      headers: { 'x-forwarded-for': address, ...headers, ...idem() },
    });

  it('answers the 11th try on one code in ten minutes with 429 problem+json, from any address, and a made-up token buys no more', async () => {
    const tries = [];
    for (let i = 0; i < 10; i += 1) tries.push(await guess(ref, `198.51.100.${i + 1}`));
    expect(tries.map((t) => t.status)).toEqual(Array(10).fill(403));
    const refused = await guess(ref, '198.51.100.200', { authorization: 'Bearer made-up' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers a client’s 11th try in ten minutes with 429 whatever the codes, and still serves another address', async () => {
    const codes = Array.from({ length: 11 }, (_, i) => `UH00000${i.toString(32).toUpperCase()}`);
    const statuses = [];
    for (const code of codes.slice(0, 10)) statuses.push((await guess(code, '203.0.113.77')).status);
    expect(statuses).not.toContain(429);
    const refused = await guess(codes[10]!, '203.0.113.77', { 'x-api-key': 'sv_made_up' });
    expect(refused.status).toBe(429);
    expect(refused.body.status).toBe(429);
    expect((await guess(codes[10]!, '203.0.113.78')).status).not.toBe(429);
  });
});
