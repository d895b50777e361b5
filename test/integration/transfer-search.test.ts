/**
 * "Find my transfer" (DESIGN §7.1): a donor finds their own gift among a day's statement lines by
 * the day, the exact amount and a name fragment, the account's last digits or memo words; sees
 * it masked; and, once the day's report is out, gets its leaf with an inclusion proof that checks.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNightly } from '../../functions/reports/nightly';
import type { Twin } from '../../infra/local/twin';
import { funds, receipts } from '../../shared/adapters/dynamo';
import { dynamo } from '../../shared/adapters/dynamo/table';
import { dynamoTransferIndex } from '../../shared/adapters/dynamo/transfer-index';
import { reportStore } from '../../shared/adapters/s3/report-store';
import { matchesTransfer, parseTransferQuery, type TransferEntry } from '../../shared/domain/transfers';
import { findTransfers } from '../../shared/usecases/transfers';
import { fromHex } from '../../shared/reports/bytes';
import { leafHash, verifyInclusion } from '../../shared/reports/merkle';
import { utf8 } from '../../shared/reports/bytes';
import type { TransferSearchResult } from '../../shared/usecases/transfers';
import { allLines, seedFund, upload, processToEnd, type Json } from '../support/statements';
import { idem, request, staff, startTestTwin } from '../support/twin';

const FUND = `tim-gd-${randomUUID().slice(0, 8)}`;
const ACCOUNT = '19031932418099';
const DAY = '2024-09-15';
const IMPORTED = '2024-09-16';
let twin: Twin;
let clerk: Record<string, string>;
let statementId: string;

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
    { name: 'PHAN VĂN TUẤN', memo: 'PHAN VAN TUAN ung ho', amount: 300_000, ref: 'FT24000000000003' },
    ...Array.from({ length: 25 }, (_, i) => ({ name: 'LE VAN HUNG', memo: `ung ho lan ${i + 1}`, amount: 200_000, ref: `FT2410000000${String(i).padStart(4, '0')}` })),
  ];
  const uploaded = await upload(twin, { ...clerk, ...idem() }, FUND, techcombankCsv(rows));
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBeLessThan(300);
  statementId = String(uploaded.body.id);
  await processToEnd(twin, clerk, statementId);
  await drained();
}, 120_000);

const drained = () => Promise.all([...twin.pollers.values()].map((poller) => poller.drain(30_000)));
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

describe('a gift whose money was taken back', () => {
  it('does not offer a receipt reversed later as the donor’s transfer', async () => {
    const approver = await staff(twin, 'binh', 'finance-approver');
    const recorded = await request<Json>(twin, 'POST', '/v1/receipts', {
      headers: { ...clerk, ...idem() },
      body: { fundId: FUND, amount: 750_000, receivedAt: '2024-09-15T09:00:00+07:00', method: 'bank', payerName: 'HOÀNG THỊ MAI' },
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    await drained();
    expect((await search({ day: DAY, amount: '750000', q: 'hoang mai' })).body.results.map((r) => r.receiptId)).toEqual([recorded.body.id]);
    const reversed = await request<Json>(twin, 'POST', `/v1/receipts/${String(recorded.body.id)}/reverse`, { headers: { ...approver, ...idem() }, body: { reason: 'nhập nhầm / entered twice' } });
    expect(reversed.status, JSON.stringify(reversed.body)).toBe(200);
    await drained();
    const found = await search({ day: DAY, amount: '750000', q: 'hoang mai' });
    expect(found.status).toBe(200);
    expect(found.body.results).toEqual([]);
    expect(found.body.more).toBe(false);
  });

  it('does not offer a counted line a clerk discarded, its receipt reversed', async () => {
    expect((await search({ day: DAY, amount: '300000', q: 'phan tuan' })).body.results).toHaveLength(1);
    const line = (await allLines(twin, clerk, statementId)).find((l) => l.amount === 300_000)!;
    const discarded = await request<Json>(twin, 'POST', `/v1/statements/${statementId}/lines/${String(line.lineId)}/discard`, {
      headers: { ...clerk, ...idem() },
      body: { as: 'DUPLICATE', reason: 'trùng với biên nhận ghi tay / the same gift as a receipt recorded by hand' },
    });
    expect(discarded.status, JSON.stringify(discarded.body)).toBe(200);
    await drained();
    expect((await search({ day: DAY, amount: '300000', q: 'phan tuan' })).body.results).toEqual([]);
  });

  it('does not offer a line matched to a pledge by hand once the receipt that replaced its own is reversed', async () => {
    const pledge = await request<Json>(twin, 'POST', '/v1/pledges', {
      headers: idem(),
      body: { fundId: FUND, donor: { type: 'individual', name: 'Trần Thị Đào' }, amount: 500_000, publishName: false },
    });
    expect(pledge.status, JSON.stringify(pledge.body)).toBe(201);
    const line = (await allLines(twin, clerk, statementId)).find((l) => l.amount === 500_000 && String(l.memo).includes('vung lu'))!;
    const matched = await request<Json>(twin, 'POST', `/v1/statements/${statementId}/lines/${String(line.lineId)}/match`, {
      headers: { ...clerk, ...idem() },
      body: { pledgeRef: pledge.body.ref },
    });
    expect(matched.status, JSON.stringify(matched.body)).toBe(200);
    await drained();
    expect((await search({ day: DAY, amount: '500000', q: 'tran thi dao' })).body.results.map((r) => r.receiptId)).toEqual([matched.body.receiptId]);
    const approver = await staff(twin, 'binh', 'finance-approver');
    const reversed = await request<Json>(twin, 'POST', `/v1/receipts/${String(matched.body.receiptId)}/reverse`, {
      headers: { ...approver, ...idem() },
      body: { reason: 'khớp nhầm cam kết / matched to the wrong pledge' },
    });
    expect(reversed.status, JSON.stringify(reversed.body)).toBe(200);
    await drained();
    const found = await search({ day: DAY, amount: '500000', q: 'tran thi dao' });
    expect(found.body.results).toEqual([]);
    expect(found.body.more).toBe(false);
    // The other gift of the amount is still offered.
    expect((await search({ day: DAY, amount: '500000', q: 'nguyen van' })).body.results).toHaveLength(1);
  });

  it('counts and caps only the gifts it offers when many hand-matched lines had their receipts reversed', async () => {
    const approver = await staff(twin, 'binh', 'finance-approver');
    const day = '2024-09-22';
    const receiptIds: string[] = [];
    for (let i = 0; i < 30; i++) {
      const recorded = await request<Json>(twin, 'POST', '/v1/receipts', {
        headers: { ...clerk, ...idem() },
        body: { fundId: FUND, amount: 130_000, receivedAt: '2024-09-15T10:00:00+07:00', method: 'bank', payerName: 'Nhà hảo tâm' },
      });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
      receiptIds.push(String(recorded.body.id));
    }
    // Lines of another day, each standing for one of these receipts as a hand-matched line does.
    const lines = receiptIds.map((receiptId, i): TransferEntry => {
      const giftId = `MATCHED${String(i).padStart(19, '0')}`;
      return { fundId: FUND, day, amount: 130_000, reportDate: day, giftId, receiptId, source: 'statement', name: 'ĐINH THỊ QUYÊN' };
    });
    await dynamoTransferIndex().put(lines);
    const deps = { funds, transfers: dynamoTransferIndex(), receipts, reports: reportStore() };
    const before = await findTransfers(deps, { fundId: FUND, day, amount: 130_000, q: 'dinh quyen' });
    expect(before.results).toHaveLength(20);
    expect(before.more).toBe(true);
    const reversedIds = receiptIds.filter((_, i) => i % 5 < 2);
    for (const receiptId of reversedIds) {
      const reversed = await request<Json>(twin, 'POST', `/v1/receipts/${receiptId}/reverse`, { headers: { ...approver, ...idem() }, body: { reason: 'khớp nhầm / matched wrongly' } });
      expect(reversed.status, JSON.stringify(reversed.body)).toBe(200);
    }
    const after = await findTransfers(deps, { fundId: FUND, day, amount: 130_000, q: 'dinh quyen' });
    expect(after.results.map((r) => r.receiptId).sort()).toEqual(receiptIds.filter((id) => !reversedIds.includes(id)).sort());
    expect(after.more).toBe(false);
  });

  it('keeps the later of a gift put twice in one call, as a stream batch holding a receipt and its reversal does', async () => {
    const day = '2024-09-21';
    const receipt = (i: number): TransferEntry => {
      const id = `TWICE${String(i).padStart(21, '0')}`;
      return { fundId: FUND, day, amount: 120_000, reportDate: day, giftId: id, receiptId: id, source: 'receipt', name: 'VƯƠNG THỊ YẾN' };
    };
    const gifts = Array.from({ length: 60 }, (_, i) => receipt(i));
    // The even ones recorded and reversed within the one call, in stream order; the odd ones only recorded.
    await dynamoTransferIndex().put(gifts.flatMap((gift, i) => (i % 2 === 0 ? [gift, { ...gift, reversed: true as const }] : [gift])));
    const deps = { funds, transfers: dynamoTransferIndex(), receipts, reports: reportStore() };
    const found = await findTransfers(deps, { fundId: FUND, day, amount: 120_000, q: 'vuong yen' });
    expect(found.more).toBe(true);
    expect(found.results.map((r) => r.receiptId)).toEqual(gifts.filter((_, i) => i % 2 === 1).slice(0, 20).map((gift) => gift.receiptId));
  });
});

describe('a round amount’s search reads only the gifts that can match', () => {
  const ROUND_DAY = '2024-09-20';
  const SURNAMES = ['NGUYỄN', 'TRẦN', 'LÊ', 'PHẠM', 'HOÀNG', 'VŨ', 'ĐẶNG', 'BÙI', 'ĐỖ', 'NGÔ'];
  const GIVEN = ['VĂN AN', 'THỊ HOA', 'ĐỨC MINH', 'THU HÀ', 'QUỐC BẢO', 'NGỌC LAN', 'MINH TUẤN', 'THANH HƯƠNG', 'HỮU NGHĨA'];
  const MEMOS = ['ung ho dong bao', 'chuyen tien ung ho', 'giup ba con vung lu', 'ung ho quy cuu tro', 'UNG HO BAO LU'];
  const gift = (i: number, name: string | undefined, memo: string): TransferEntry => ({
    fundId: FUND,
    day: ROUND_DAY,
    amount: 100_000,
    reportDate: ROUND_DAY,
    giftId: `ROUND${String(i).padStart(21, '0')}`,
    receiptId: `ROUND${String(i).padStart(21, '0')}`,
    source: 'statement',
    ...(name ? { name } : {}),
    memo,
  });
  const gifts: TransferEntry[] = [];
  let scanned = 0;

  beforeAll(async () => {
    for (let i = 0; i < 600; i++) {
      const name = `${SURNAMES[i % SURNAMES.length]} ${GIVEN[(i * 7) % GIVEN.length]}`;
      // Every third sender is a VCB line: no sender column, the name only in the memo.
      gifts.push(i % 3 === 0 ? gift(i, undefined, `${name} ${MEMOS[i % MEMOS.length]} TK 00710${String(i).padStart(8, '0')}`) : gift(i, name, `${MEMOS[i % MEMOS.length]}`));
    }
    gifts.push(gift(600, undefined, 'MBVCB.7788123.Quach Thi Xuan ung ho dong bao mien Trung sau bao Yagi TK 0071000555999'));
    await dynamoTransferIndex().put(gifts);
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        const answer = await next(args);
        if (context.commandName === 'QueryCommand') scanned += (answer.output as { ScannedCount?: number }).ScannedCount ?? 0;
        return answer;
      },
      { step: 'initialize', name: 'countTransferReads' },
    );
  });

  const find = async (q: string) => {
    scanned = 0;
    const found = await findTransfers({ funds, transfers: dynamoTransferIndex(), receipts, reports: reportStore() }, { fundId: FUND, day: ROUND_DAY, amount: 100_000, q });
    return { found, scanned };
  };

  it.each([
    ['a name fragment', 'quach xuan'],
    ['the account’s last digits', '5999'],
    ['memo words', 'trung yagi'],
  ])('finds one gift among 601 of 100,000 ₫ by %s, reading a few items, not the partition', async (_how, q) => {
    const { found, scanned: read } = await find(q);
    expect(found.results.map((r) => r.receiptId)).toEqual([`ROUND${String(600).padStart(21, '0')}`]);
    expect(read).toBeLessThan(50);
  });

  it('finds a gift by memo words alone, all of them memo vocabulary, reading every gift of the day and amount once', async () => {
    const { found, scanned: read } = await find('mien trung');
    expect(found.results.map((r) => r.receiptId)).toEqual([`ROUND${String(600).padStart(21, '0')}`]);
    expect(read).toBeGreaterThanOrEqual(gifts.length);
    expect(read).toBeLessThan(gifts.length + 50);
  });

  it('answers exactly what the documented matcher picks from the whole partition, up to 20 and more', async () => {
    const queries = ['nguyen', 'nguyen van', 'tran thi hoa', 'ngh', 'ngu', 'huu nghia', 'le minh', 'ung ho', 'vung lu', 'mien trung', 'bao', 'quoc bao lu', '0042', '123', 'do du', 'hai', 'tu', 'yagi'];
    for (const q of queries) {
      const query = parseTransferQuery(q)!;
      const expected = gifts.filter((entry) => matchesTransfer(entry, query)).map((entry) => entry.receiptId);
      const { found } = await find(q);
      const ids = found.results.map((r) => r.receiptId);
      expect(ids.length, q).toBe(Math.min(expected.length, 20));
      for (const id of ids) expect(expected, q).toContain(id);
      expect(found.more, q).toBe(expected.length > 20);
    }
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
