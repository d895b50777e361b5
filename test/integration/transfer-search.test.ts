/**
 * "Find my transfer" (DESIGN §7.1): a donor finds their own gift among a day's statement lines by
 * the day, the exact amount and a name fragment, the account's last digits or memo words; sees
 * it masked; and, once the day's report is out, gets its leaf with an inclusion proof that checks.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNightly } from '../../functions/reports/nightly';
import type { Twin } from '../../infra/local/twin';
import { fromHex } from '../../shared/reports/bytes';
import { leafHash, verifyInclusion } from '../../shared/reports/merkle';
import { utf8 } from '../../shared/reports/bytes';
import type { TransferSearchResult } from '../../shared/usecases/transfers';
import { seedFund, upload, processToEnd, type Json } from '../support/statements';
import { idem, request, staff, startTestTwin } from '../support/twin';

const FUND = `tim-gd-${randomUUID().slice(0, 8)}`;
const ACCOUNT = '19031932418099';
const DAY = '2024-09-15';
const IMPORTED = '2024-09-16';
let twin: Twin;
let clerk: Record<string, string>;

function techcombankCsv(rows: { name: string; memo: string; amount: number; ref: string }[]): string {
  const money = (n: number) => `"${n.toLocaleString('en-US')}"`;
  return [
    'Techcombank',
    'ACCOUNT STATEMENT / SAO KÊ TÀI KHOẢN',
    `Số tài khoản / Account: ${ACCOUNT},,Chủ tài khoản: UY BAN MTTQ VN - QUY CUU TRO`,
    'Từ ngày 15/09/2024 đến ngày 15/09/2024',
    '',
    'Date,Remitter,Remitter bank,Details,Transaction No,Debit,Credit,Balance',
    ...rows.map((r) => ['15/09/2024', r.name, 'VCB', r.memo, r.ref, '', money(r.amount), ''].join(',')),
  ].join('\r\n');
}

const search = (query: Record<string, string>, fundId = FUND) =>
  request<TransferSearchResult & Json>(twin, 'GET', `/v1/funds/${fundId}/transfers?${new URLSearchParams(query)}`);

beforeAll(async () => {
  // The day after the gifts, past its close: the night of the 15th may be reported.
  twin = await startTestTwin({ streams: true, startAt: '2024-09-16T09:00:00+07:00' });
  clerk = await staff(twin, 'an', 'finance-clerk');
  await seedFund(twin, FUND, ACCOUNT, { bankBin: '970407', bankName: 'Techcombank' });
  const rows = [
    { name: 'NGUYỄN VĂN AN', memo: 'NGUYEN VAN AN ung ho dong bao tu TK 0071000123456', amount: 500_000, ref: 'FT24000000000001' },
    { name: 'TRẦN THỊ ĐÀO', memo: 'chuyen tien giup ba con vung lu', amount: 500_000, ref: 'FT24000000000002' },
    ...Array.from({ length: 25 }, (_, i) => ({ name: 'LE VAN HUNG', memo: `ung ho lan ${i + 1}`, amount: 200_000, ref: `FT2410000000${String(i).padStart(4, '0')}` })),
  ];
  const uploaded = await upload(twin, { ...clerk, ...idem() }, FUND, techcombankCsv(rows));
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBeLessThan(300);
  await processToEnd(twin, clerk, String(uploaded.body.id));
  await Promise.all([...twin.pollers.values()].map((poller) => poller.drain(30_000)));
}, 120_000);
afterAll(async () => twin?.stop());

describe('finding a transfer by day, amount and what the donor remembers', () => {
  it('finds the gift by a fragment of the name typed without diacritics, and shows only initials and the account’s last digits', async () => {
    const found = await search({ day: DAY, amount: '500000', q: 'nguyen van' });
    expect(found.status).toBe(200);
    expect(found.body.results).toHaveLength(1);
    const [gift] = found.body.results;
    expect(gift).toMatchObject({ amount: 500_000, day: DAY, nameInitials: 'N. V. A.', accountTail: '…3456', source: 'statement' });
    const text = JSON.stringify(found.body);
    expect(text).not.toMatch(/NGUY[ỄE]N V[ĂA]N AN/i);
    expect(text).not.toContain('0071000123456');
    expect(gift!.memo).toBe('N. V. A. ung ho dong bao tu TK ***');
  });

  it('finds it by the last digits of the sending account', async () => {
    const found = await search({ day: DAY, amount: '500000', q: '3456' });
    expect(found.body.results.map((r) => r.nameInitials)).toEqual(['N. V. A.']);
  });

  it('finds a gift by words of its memo, and đ as d in the name', async () => {
    const byMemo = await search({ day: DAY, amount: '500000', q: 'vung lu' });
    expect(byMemo.body.results.map((r) => r.nameInitials)).toEqual(['T. T. Đ.']);
    const byName = await search({ day: DAY, amount: '500000', q: 'tran thi dao' });
    expect(byName.body.results).toHaveLength(1);
  });

  it('finds nothing with another amount or day: only exact candidates are read', async () => {
    expect((await search({ day: DAY, amount: '500001', q: 'nguyen' })).body.results).toEqual([]);
    expect((await search({ day: '2024-09-14', amount: '500000', q: 'nguyen' })).body.results).toEqual([]);
  });

  it('lists at most 20 and says more matched', async () => {
    const found = await search({ day: DAY, amount: '200000', q: 'hung' });
    expect(found.body.results).toHaveLength(20);
    expect(found.body.more).toBe(true);
  });

  it('says which report a gift will be in, and when it is published, before the night is reported', async () => {
    const found = await search({ day: DAY, amount: '500000', q: 'nguyen' });
    // Imported on the 16th: its journal entry is in the report of the 16th, not of its value date.
    expect(found.body.results[0]!.report).toEqual({ status: 'pending', date: IMPORTED, publishedAt: '2024-09-17T00:30:00+07:00' });
  });

  it('gives the gift’s leaf and an inclusion proof that checks against the signed root once the report is out', async () => {
    const run = await runNightly({ date: IMPORTED, fundIds: [FUND] }, new Date('2024-09-17T01:00:00+07:00'));
    expect(run.failures).toEqual([]);
    const found = await search({ day: DAY, amount: '500000', q: 'nguyen' });
    const place = found.body.results[0]!.report;
    if (place.status !== 'published') throw new Error(`expected a published place, got ${JSON.stringify(place)}`);
    const [leaf] = place.proof.entries;
    expect(leaf!.leafIndex).toBe(place.leafIndex);
    expect(leaf!.entry.entityRef).toBe(found.body.results[0]!.receiptId);
    const ok = verifyInclusion(leafHash(utf8(leaf!.line)), leaf!.leafIndex, place.proof.treeSize, leaf!.auditPath.map(fromHex), fromHex(place.proof.rootHash));
    expect(ok).toBe(true);
    expect(place.proof.manifest.rootHash).toBe(place.proof.rootHash);
  });
});

describe('no enumeration, and no 500 for any input', () => {
  it('answers 400 naming the day when it is missing, and the amount when it is missing', async () => {
    const noDay = await search({ amount: '500000', q: 'nguyen' });
    expect(noDay.status).toBe(400);
    expect(noDay.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(noDay.body.errors)).toContain('query.day');
    const noAmount = await search({ day: DAY, q: 'nguyen' });
    expect(noAmount.status).toBe(400);
    expect(JSON.stringify(noAmount.body.errors)).toContain('query.amount');
  });

  it('refuses a query too short to point at one donor', async () => {
    for (const q of ['', 'a', '12', '  ']) {
      const refused = await search({ day: DAY, amount: '500000', q });
      expect(refused.status, q).toBe(400);
      expect(JSON.stringify(refused.body.errors)).toContain('query.q');
    }
  });

  it.each([
    ['an impossible date', { day: '2024-02-30', amount: '1', q: 'an' }],
    ['a word for an amount', { day: DAY, amount: 'nam tram', q: 'an' }],
    ['a negative amount', { day: DAY, amount: '-5', q: 'an' }],
    ['a huge amount', { day: DAY, amount: '1e400', q: 'an' }],
    ['a control character', { day: DAY, amount: '500000', q: 'an\u0000\u202e' }],
    ['a very long query', { day: DAY, amount: '500000', q: 'a'.repeat(5000) }],
    ['regex characters', { day: DAY, amount: '500000', q: '.*(+[' }],
  ])('answers %s with a 4xx or an empty list, never a 500', async (_name, query) => {
    const answer = await search(query);
    expect(answer.status).toBeLessThan(500);
  });

  it('answers 404 for a fund that does not exist, and 400 for a malformed fund id', async () => {
    expect((await search({ day: DAY, amount: '500000', q: 'nguyen' }, 'khong-co-quy-nay')).status).toBe(404);
    expect((await search({ day: DAY, amount: '500000', q: 'nguyen' }, 'KHÔNG%20HỢP%20LỆ')).status).toBe(400);
  });
});

describe('the anonymous rate limit', () => {
  it('answers 429 with Retry-After once a client has searched more than the route allows', async () => {
    const limited = await startTestTwin({ rateLimits: true });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const answer = await request(limited, 'GET', `/v1/funds/${FUND}/transfers?day=${DAY}&amount=500000&q=nguyen`);
        statuses.push(answer.status);
      }
      expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(statuses[30]).toBe(429);
    } finally {
      await limited.stop();
    }
  });
});
