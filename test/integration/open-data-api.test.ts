/** The open-data read API on the twin: totals per fund, ward and day, as JSON and CSV, cacheable and readable from any origin. */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { journalEntry, seedTestFund, writeJournal } from '../support/reports';
import { request, startTestTwin } from '../support/twin';

let twin: Twin;
let fundId: string;

const at = (day: string, time: string) => new Date(`${day}T${time}+07:00`).toISOString();

beforeAll(async () => {
  twin = await startTestTwin({ streams: true });
  fundId = `mo-${randomUUID().slice(0, 8)}`;
  await seedTestFund(twin, fundId);
  await writeJournal(twin, [
    journalEntry(fundId, at('2025-09-01', '08:00:00'), { type: 'PLEDGE_MADE', entityRef: 'UHV1EWZE1', entityType: 'pledge', actor: 'public', deltas: { pledged: 500_000, pledgeCount: 1, donorCount: 1 }, publicDetails: { donor: 'Nhà hảo tâm' } }),
    journalEntry(fundId, at('2025-09-01', '09:00:00'), { type: 'RECEIPT_RECORDED', entityRef: 'r-1', entityType: 'receipt', deltas: { received: 500_000, receiptCount: 1 }, publicDetails: { pledgeRef: 'UHV1EWZE1' } }),
    journalEntry(fundId, at('2025-09-02', '10:00:00'), { type: 'RECEIPT_RECORDED', entityRef: 'r-2', entityType: 'receipt', deltas: { received: 1_250_000, receiptCount: 1 }, publicDetails: {} }),
    journalEntry(fundId, at('2025-09-02', '11:00:00'), {
      type: 'DISBURSEMENT_APPROVED',
      entityRef: 'GN4EWMWNP',
      entityType: 'disbursement',
      wardCode: '26734',
      deltas: { approved: 300_000 },
      publicDetails: { wardName: 'Phường Sài Gòn', purpose: 'Hỗ trợ, "quà" Tết' },
    }),
  ]);
  await twin.waitForTotals(30_000);
}, 120_000);

afterAll(async () => {
  await twin?.stop();
});

const base = () => `/v1/open-data/funds/${fundId}`;

describe('the open-data read API', () => {
  it('answers a fund’s totals as JSON, cacheable, readable from any origin', async () => {
    const response = await request<{ fundId: string; currency: string; totals: Record<string, number> }>(twin, 'GET', `${base()}/totals`, { headers: { origin: 'https://example.org' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ fundId, currency: 'VND', totals: { pledged: 500_000, received: 1_750_000, approved: 300_000, available: 1_450_000, receiptCount: 2 } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answers the same rows as CSV: UTF-8 with a BOM, the JSON’s field names as headers, amounts in whole đồng', async () => {
    const response = await fetch(`${twin.url}${base()}/wards?format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="${fundId}-wards.csv"`);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(Buffer.from(bytes), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toEqual([expect.objectContaining({ fundId, wardCode: '26734', approved: '300000', pledged: '0' })]);

    const json = await request<{ items: { wardCode: string; totals: Record<string, number> }[] }>(twin, 'GET', `${base()}/wards`);
    expect(json.body.items.map((w) => [w.wardCode, w.totals.approved])).toEqual([['26734', 300_000]]);
  });

  it('answers totals per day, within a range, in both formats', async () => {
    const json = await request<{ items: { day: string; totals: Record<string, number> }[] }>(twin, 'GET', `${base()}/days?from=2025-09-02&to=2025-09-30`);
    expect(json.body.items.map((d) => [d.day, d.totals.received])).toEqual([['2025-09-02', 1_250_000]]);
    const csv = await (await fetch(`${twin.url}${base()}/days?format=csv`)).text();
    const rows = parse(csv, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.day, r.received, r.pledgeCount])).toEqual([
      ['2025-09-01', '500000', '1'],
      ['2025-09-02', '1250000', '0'],
    ]);
    const totals = parse(await (await fetch(`${twin.url}${base()}/totals?format=csv`)).text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(totals).toEqual([expect.objectContaining({ fundId, currency: 'VND', received: '1750000', balance: '1750000' })]);
  });

  it('refuses a format it does not know and a reversed range with problem+json naming the field; an unknown fund is 404', async () => {
    const format = await request<{ errors: { path: string }[] }>(twin, 'GET', `${base()}/totals?format=xml`);
    expect(format.status).toBe(400);
    expect(format.headers.get('content-type')).toContain('application/problem+json');
    expect(format.body.errors.map((e) => e.path)).toContain('query.format');
    const range = await request<{ errors: { path: string }[] }>(twin, 'GET', `${base()}/days?from=2025-09-02&to=2025-09-01`);
    expect(range.status).toBe(400);
    expect(range.body.errors.map((e) => e.path)).toContain('query.to');
    expect((await request(twin, 'GET', '/v1/open-data/funds/khong-co-quy/wards?format=csv')).status).toBe(404);
  });
});
