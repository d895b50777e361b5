import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { isValidRef } from '../../shared/domain/refs';
import { allItems, idem, request, staff, startTestTwin } from '../support/twin';

let twin: Twin;
let clerk: Record<string, string>;
let approver: Record<string, string>;
let otherApprover: Record<string, string>;
let auditor: Record<string, string>;

beforeAll(async () => {
  twin = await startTestTwin({ seedAdminUnits: true });
  clerk = await staff(twin, 'an', 'finance-clerk');
  approver = await staff(twin, 'lan', 'finance-approver');
  otherApprover = await staff(twin, 'minh', 'finance-approver');
  auditor = await staff(twin, 'thu', 'auditor');
});
afterAll(async () => twin?.stop());

type Json = Record<string, unknown>;
const post = (path: string, body: unknown, headers: Record<string, string>) => request<Json>(twin, 'POST', path, { body, headers: { ...headers, ...idem() } });

async function pledge(fundId: string, amount: number) {
  const response = await post('/v1/pledges', { fundId, donor: { type: 'individual', name: 'Trần Thị Bích' }, amount, publishName: true }, {});
  return response.body as { ref: string; id: string };
}

async function receipt(fundId: string, amount: number, extra: Json = {}) {
  return post('/v1/receipts', { fundId, amount, receivedAt: '2025-11-20T09:00:00+07:00', method: 'bank', ...extra }, clerk);
}

describe('receipts', () => {
  it('raises a pledge to PARTIALLY_RECEIVED, then FULFILLED, and flags an overpayment', async () => {
    const { ref } = await pledge('vi-nguoi-ngheo', 1_000_000);
    const first = await receipt('vi-nguoi-ngheo', 400_000, { pledgeRef: ref, bankRef: `FT-${ref}-1` });
    expect(first.status).toBe(201);
    expect(first.body.flags).toEqual(['PARTIAL']);
    expect((await request<Json>(twin, 'GET', `/v1/pledges/${ref}`)).body).toMatchObject({ received: 400_000, status: 'PARTIALLY_RECEIVED' });
    await receipt('vi-nguoi-ngheo', 600_000, { pledgeRef: ref });
    expect((await request<Json>(twin, 'GET', `/v1/pledges/${ref}`)).body).toMatchObject({ received: 1_000_000, status: 'FULFILLED' });
    const over = await receipt('vi-nguoi-ngheo', 50_000, { pledgeRef: ref });
    expect(over.body.flags).toEqual(['OVERPAID']);
    expect((await request<Json>(twin, 'GET', `/v1/pledges/${ref}`)).body).toMatchObject({ received: 1_050_000, status: 'FULFILLED' });
  });

  it('refuses the same bank reference twice in one fund', async () => {
    expect((await receipt('vi-nguoi-ngheo', 10_000, { bankRef: 'FT-DUP-1' })).status).toBe(201);
    const again = await receipt('vi-nguoi-ngheo', 10_000, { bankRef: 'FT-DUP-1' });
    expect(again.status).toBe(409);
  });

  it('reverses a receipt once with a reversing journal entry; a second reversal is a 409 naming the state', async () => {
    const { ref } = await pledge('vi-nguoi-ngheo', 300_000);
    const recorded = await receipt('vi-nguoi-ngheo', 300_000, { pledgeRef: ref });
    const id = recorded.body.id as string;
    const reversed = await post(`/v1/receipts/${id}/reverse`, { reason: 'Chuyển nhầm tài khoản' }, approver);
    expect(reversed.status).toBe(200);
    expect(reversed.body.status).toBe('REVERSED');
    expect((await request<Json>(twin, 'GET', `/v1/pledges/${ref}`)).body).toMatchObject({ received: 0, status: 'PLEDGED' });
    const again = await post(`/v1/receipts/${id}/reverse`, { reason: 'again' }, approver);
    expect(again.status).toBe(409);
    expect(again.body.currentState).toBe('REVERSED');
    const history = await request<{ entries: { type: string; deltas: Json; actor: string }[] }>(twin, 'GET', `/v1/audit/${id}`, { headers: auditor });
    expect(history.body.entries.map((e) => e.type)).toEqual(['RECEIPT_RECORDED', 'RECEIPT_REVERSED']);
    expect(history.body.entries[1]!.deltas.received).toBe(-300_000);
    expect(history.body.entries[1]!.actor).toBe('staff:lan');
  });

  it('needs an approver to reverse: a clerk gets 403', async () => {
    const recorded = await receipt('vi-nguoi-ngheo', 5_000);
    expect((await post(`/v1/receipts/${recorded.body.id}/reverse`, { reason: 'nope' }, clerk)).status).toBe(403);
  });
});

describe('disbursements under maker-checker', () => {
  it('walks request → approve → pay → confirm, each by the right person, and publishes it on the ward', async () => {
    await receipt('an-sinh-hcm-2025', 50_000_000);
    const requested = await post(
      '/v1/disbursements',
      { fundId: 'an-sinh-hcm-2025', beneficiary: { wardCode: '26740' }, amount: 20_000_000, purpose: 'Mô hình điểm an sinh cộng đồng' },
      clerk,
    );
    expect(requested.status).toBe(201);
    expect(requested.body.status).toBe('REQUESTED');
    const ref = requested.body.ref as string;
    expect(ref.startsWith('GN') && isValidRef(ref)).toBe(true);

    const approved = await post(`/v1/disbursements/${ref}/approve`, {}, approver);
    expect(approved.body).toMatchObject({ status: 'APPROVED', approvedBy: 'staff:lan' });
    const paid = await post(`/v1/disbursements/${ref}/pay`, { bankRef: 'FT-OUT-001', paidAt: '2025-11-21T10:00:00+07:00' }, clerk);
    expect(paid.body).toMatchObject({ status: 'PAID', bankRef: 'FT-OUT-001' });
    expect((await post(`/v1/disbursements/${ref}/confirm`, { confirmedBy: 'UBND Phường Sài Gòn', note: 'Đã nhận đủ' }, clerk)).status).toBe(403);
    const wardClerk = { authorization: `Bearer ${await twin.tokens.issue('phuong', ['scope:vn-79-26740:finance-clerk'])}` };
    const confirmed = await post(`/v1/disbursements/${ref}/confirm`, { confirmedBy: 'UBND Phường Sài Gòn', note: 'Đã nhận đủ' }, wardClerk);
    expect(confirmed.body.status).toBe('CONFIRMED');

    const again = await post(`/v1/disbursements/${ref}/pay`, { bankRef: 'FT-OUT-002', paidAt: '2025-11-21T10:00:00+07:00' }, clerk);
    expect(again.status).toBe(409);
    expect(again.body.currentState).toBe('CONFIRMED');

    const published = await request<{ items: Json[] }>(twin, 'GET', '/v1/funds/an-sinh-hcm-2025/disbursements');
    expect(published.body.items).toEqual([expect.objectContaining({ ref, amount: 20_000_000, status: 'CONFIRMED', beneficiary: { wardCode: '26740', wardName: 'Phường Sài Gòn' } })]);
    expect(JSON.stringify(published.body)).not.toContain('staff:');
  });

  it('forbids the requester from approving their own request with a clear 403', async () => {
    const bothRoles = { authorization: `Bearer ${await twin.tokens.issue('hoa', ['finance-clerk', 'finance-approver'])}` };
    const requested = await post('/v1/disbursements', { fundId: 'an-sinh-hcm-2025', beneficiary: { wardCode: '26740' }, amount: 1_000, purpose: 'Test' }, bothRoles);
    const self = await post(`/v1/disbursements/${requested.body.ref}/approve`, {}, bothRoles);
    expect(self.status).toBe(403);
    expect(String(self.body.detail)).toMatch(/cannot approve/);
    expect((await post(`/v1/disbursements/${requested.body.ref}/approve`, {}, otherApprover)).status).toBe(200);
  });

  it('rejects a ward outside the fund’s province and an unknown ward with 422', async () => {
    const hanoi = await post('/v1/disbursements', { fundId: 'an-sinh-hcm-2025', beneficiary: { wardCode: '00004' }, amount: 1, purpose: 'x' }, clerk);
    expect(hanoi.status).toBe(422);
    const unknown = await post('/v1/disbursements', { fundId: 'an-sinh-hcm-2025', beneficiary: { wardCode: '99999' }, amount: 1, purpose: 'x' }, clerk);
    expect(unknown.status).toBe(422);
    expect((unknown.body.errors as { path: string }[])[0]!.path).toBe('body.beneficiary.wardCode');
  });

  it('approves exactly as many of 100 concurrent approvals as the available balance allows', async () => {
    const fundId = 'cuba-2025';
    await receipt(fundId, 1_000_000);
    const balanceBefore = await request<{ totals: Json }>(twin, 'GET', `/v1/funds/${fundId}`);
    const requests = [];
    for (let i = 0; i < 100; i++) {
      requests.push(post('/v1/disbursements', { fundId, beneficiary: { organisation: { name: `Tổ chức ${i}`, taxCode: '0301234567' } }, amount: 30_000, purpose: `Lô ${i}` }, clerk));
    }
    const created = await Promise.all(requests);
    expect(created.every((r) => r.status === 201)).toBe(true);
    const approveWithRetry = async (ref: string) => {
      for (;;) {
        const response = await post(`/v1/disbursements/${ref}/approve`, {}, approver);
        if (response.status !== 503) return response;
        await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after') ?? 1) * 50));
      }
    };
    const results = await Promise.all(created.map((r) => approveWithRetry(r.body.ref as string)));
    const approved = results.filter((r) => r.status === 200).length;
    const refused = results.filter((r) => r.status === 409).length;
    expect(approved + refused).toBe(100);
    expect(approved).toBe(Math.floor(1_000_000 / 30_000));
    void balanceBefore;
    const balance = (await allItems(twin)).find((i) => i.pk === `FUND#${fundId}` && i.sk === 'BALANCE')!;
    expect(balance.available).toBe(1_000_000 - approved * 30_000);
    expect(Number(balance.available)).toBeGreaterThanOrEqual(0);
  });

  it('issues a presigned upload for evidence that accepts the declared file', async () => {
    const requested = await post('/v1/disbursements', { fundId: 'an-sinh-hcm-2025', beneficiary: { wardCode: '26740' }, amount: 1_000, purpose: 'Biên bản' }, clerk);
    const pdf = Buffer.from('%PDF-1.4\n% biên bản bàn giao\n');
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const evidence = await post(`/v1/disbursements/${requested.body.ref}/evidence`, { fileName: 'bien-ban.pdf', contentType: 'application/pdf', size: pdf.length, sha256 }, clerk);
    expect(evidence.status).toBe(201);
    const upload = evidence.body.upload as { url: string; key: string; headers: Record<string, string> };
    const put = await fetch(upload.url, { method: 'PUT', body: pdf, headers: upload.headers });
    expect(put.status).toBe(200);
    const tooBig = await post(`/v1/disbursements/${requested.body.ref}/evidence`, { fileName: 'x.exe', contentType: 'application/x-msdownload', size: 1 }, clerk);
    expect(tooBig.status).toBe(400);
  });
});

describe('audit', () => {
  it('pages through the fund journal by cursor', async () => {
    const fundId = 'lu-lut-2024';
    for (let i = 0; i < 5; i++) await pledge(fundId, 1_000 + i);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await request<{ items: { entryId: string }[]; cursor?: string }>(
        twin,
        'GET',
        `/v1/funds/${fundId}/journal?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: auditor },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e) => e.entryId));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect([...seen].sort()).toEqual(seen);
    const bad = await request(twin, 'GET', `/v1/funds/${fundId}/journal?cursor=garbage`, { headers: auditor });
    expect(bad.status).toBe(400);
  });

  it('cancels a pledge as an approver with a reversing entry', async () => {
    const { ref } = await pledge('lu-lut-2024', 70_000);
    const cancelled = await post(`/v1/pledges/${ref}/cancel`, { reason: 'Nhà tài trợ rút lại' }, approver);
    expect(cancelled.body.status).toBe('CANCELLED');
    const history = await request<{ entries: { type: string; deltas: Json }[] }>(twin, 'GET', `/v1/audit/${ref}`, { headers: auditor });
    expect(history.body.entries.map((e) => [e.type, e.deltas.pledged])).toEqual([
      ['PLEDGE_MADE', 70_000],
      ['PLEDGE_CANCELLED', -70_000],
    ]);
  });
});
