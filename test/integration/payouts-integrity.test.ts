/**
 * Money out through the API, on DynamoDB Local and the S3 emulator (DESIGN §10): evidence is filed
 * once and its SHA-256 published, a bank reference pays one disbursement per account, and the
 * maker-checker rules hold for rejection and confirmation.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { allItems, idem, request, staff, startTestTwin } from '../support/twin';

type Json = Record<string, unknown>;
const FUND = 'an-sinh-hcm-2025';

let twin: Twin;
let clerk: Record<string, string>;
let approver: Record<string, string>;
let wardClerk: Record<string, string>;

const bearer = async (user: string, groups: string[]) => ({ authorization: `Bearer ${await twin.tokens.issue(user, groups)}` });
const post = (path: string, body: unknown, headers: Record<string, string>, key = idem()) => request<Json>(twin, 'POST', path, { body, headers: { ...headers, ...key } });

beforeAll(async () => {
  twin = await startTestTwin({ seedAdminUnits: true });
  clerk = await staff(twin, 'an', 'finance-clerk');
  approver = await staff(twin, 'lan', 'finance-approver');
  wardClerk = await bearer('phuong', ['scope:vn-79-26740:finance-clerk']);
  await post('/v1/receipts', { fundId: FUND, amount: 100_000_000, receivedAt: '2025-11-20T09:00:00+07:00', method: 'bank' }, clerk);
});
afterAll(async () => twin?.stop());

async function requested(amount = 1_000_000): Promise<string> {
  const made = await post('/v1/disbursements', { fundId: FUND, beneficiary: { wardCode: '26740' }, amount, purpose: 'Hỗ trợ hộ nghèo' }, clerk);
  expect(made.status).toBe(201);
  return made.body.ref as string;
}

async function approved(amount?: number): Promise<string> {
  const ref = await requested(amount);
  expect((await post(`/v1/disbursements/${ref}/approve`, {}, approver)).status).toBe(200);
  return ref;
}

const pay = (ref: string, bankRef: string) => post(`/v1/disbursements/${ref}/pay`, { bankRef, paidAt: '2025-11-21T10:00:00+07:00' }, clerk);

describe('evidence', () => {
  const pdf = Buffer.from('%PDF-1.4\n% quyết định chi hỗ trợ\n');
  const sha256 = createHash('sha256').update(pdf).digest('hex');

  it('keeps the first upload: a replay answers the same and writes nothing; another upload is a 409 problem saying evidence exists', async () => {
    const ref = await approved();
    const key = idem();
    const body = { fileName: 'quyet-dinh.pdf', contentType: 'application/pdf', size: pdf.length, sha256 };
    const first = await post(`/v1/disbursements/${ref}/evidence`, body, clerk, key);
    expect(first.status).toBe(201);
    const upload = first.body.upload as { url: string; headers: Record<string, string> };
    expect(upload.headers['x-amz-checksum-sha256']).toBe(Buffer.from(sha256, 'hex').toString('base64'));
    expect((await fetch(upload.url, { method: 'PUT', body: pdf, headers: upload.headers })).status).toBe(200);

    const before = await allItems(twin);
    const replay = await post(`/v1/disbursements/${ref}/evidence`, body, clerk, key);
    expect(replay.status).toBe(201);
    expect(replay.body.disbursement).toEqual(first.body.disbursement);
    expect(await allItems(twin)).toEqual(before);

    const other = await post(`/v1/disbursements/${ref}/evidence`, { ...body, fileName: 'khac.pdf', sha256: 'f'.repeat(64) }, clerk);
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body).toMatchObject({ code: 'evidence-exists', detail: expect.stringMatching(/Evidence already exists/) });
    const stored = await request<{ evidence: Json[] }>(twin, 'GET', `/v1/disbursements/${ref}`, { headers: clerk });
    expect(stored.body.evidence).toEqual([expect.objectContaining({ fileName: 'quyet-dinh.pdf', sha256 })]);
  });

  it('journals the file’s SHA-256 and shows it on the public disbursement list', async () => {
    const ref = await approved();
    await post(`/v1/disbursements/${ref}/evidence`, { fileName: 'bien-ban.pdf', contentType: 'application/pdf', size: pdf.length, sha256 }, clerk);
    const trail = await request<{ entries: { type: string; publicDetails: Json }[] }>(twin, 'GET', `/v1/audit/${ref}`, { headers: await staff(twin, 'thu', 'auditor') });
    expect(trail.body.entries.find((e) => e.type === 'DISBURSEMENT_EVIDENCE_ADDED')?.publicDetails).toMatchObject({ sha256, fileName: 'bien-ban.pdf' });
    const published = await request<{ items: Json[] }>(twin, 'GET', `/v1/funds/${FUND}/disbursements`);
    expect(published.body.items.find((d) => d.ref === ref)).toMatchObject({ evidenceCount: 1, evidence: [{ fileName: 'bien-ban.pdf', sha256 }] });
  });
});

describe('payouts', () => {
  it('marks one disbursement paid per bank reference on an account: the second use is a 409 naming the first', async () => {
    const [first, second] = [await approved(), await approved()];
    expect((await pay(first, 'FT-INTEGRITY-1')).status).toBe(200);
    const again = await pay(second, 'FT-INTEGRITY-1');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'bank-ref-used' });
    expect(String(again.body.detail)).toContain(first);
    expect((await request<Json>(twin, 'GET', `/v1/disbursements/${second}`, { headers: clerk })).body.status).toBe('APPROVED');
  });

  it('lets one of two payouts racing with one bank reference through', async () => {
    const refs = [await approved(), await approved()];
    const results = await Promise.all(refs.map((ref) => pay(ref, 'FT-INTEGRITY-RACE')));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const guards = (await allItems(twin)).filter((item) => String(item.pk).startsWith('UNIQUE#PAYOUT#') && String(item.pk).endsWith('#FT-INTEGRITY-RACE'));
    expect(guards).toHaveLength(1);
  });

  it('refuses the requester rejecting their own request as it refuses approving it (403 self-approval)', async () => {
    const both = await bearer('hoa', ['finance-clerk', 'finance-approver']);
    const made = await post('/v1/disbursements', { fundId: FUND, beneficiary: { wardCode: '26740' }, amount: 1_000, purpose: 'Thử' }, both);
    const ref = made.body.ref as string;
    const approve = await post(`/v1/disbursements/${ref}/approve`, {}, both);
    const reject = await post(`/v1/disbursements/${ref}/reject`, { reason: 'Thiếu hồ sơ' }, both);
    expect([approve.status, reject.status]).toEqual([403, 403]);
    expect(reject.body.code).toBe(approve.body.code);
    expect(reject.body.type).toBe(approve.body.type);
    expect((await post(`/v1/disbursements/${ref}/reject`, { reason: 'Thiếu hồ sơ' }, approver)).status).toBe(200);
  });

  it('takes the receipt from the receiving ward’s committee, not from the clerk who paid nor another committee', async () => {
    const ref = await approved();
    await pay(ref, 'FT-INTEGRITY-CONFIRM');
    const body = { confirmedBy: 'UBND Phường Sài Gòn', note: 'Đã nhận đủ' };
    const payer = await post(`/v1/disbursements/${ref}/confirm`, body, clerk);
    expect(payer.status).toBe(403);
    expect(payer.body.code).toBe('self-confirmation');
    expect((await post(`/v1/disbursements/${ref}/confirm`, body, await bearer('tinh', ['scope:vn-79:finance-clerk']))).status).toBe(403);
    expect((await post(`/v1/disbursements/${ref}/confirm`, body, await bearer('ben-thanh', ['scope:vn-79-26743:finance-clerk']))).status).toBe(403);
    const confirmed = await post(`/v1/disbursements/${ref}/confirm`, body, wardClerk);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'CONFIRMED', confirmedBy: 'UBND Phường Sài Gòn' });
  });
});
