/**
 * The contract check (infra/local/contract-check.ts) over real traffic: every operation of the
 * OpenAPI document is called through the twin, with answers it succeeds with and answers it
 * refuses with, and not one request or response disagrees with the document. Then the same kind
 * of traffic against documents that are wrong in one place each: the check names the place.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNightly } from '../../functions/reports/nightly';
import { createContractChecker, formatMismatches, type HttpExchange, type OpenApiDocumentShape } from '../../infra/local/contract-check';
import type { Twin } from '../../infra/local/twin';
import { generateRef } from '../../shared/domain/refs';
import { buildOpenApi } from '../../shared/openapi';
import { journalEntry, seedTestFund, writeJournal } from '../support/reports';
import { fundAccount, seedDisbursements, seedFund, seedPledges } from '../support/statements';
import { idem, request, staff, startTestTwin } from '../support/twin';

type Json = Record<string, unknown>;

let twin: Twin;
let clerk: Record<string, string>;
let approver: Record<string, string>;
let auditor: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  twin = await startTestTwin({ seedAdminUnits: true, streams: true, contractCheck: true });
  clerk = await staff(twin, 'an', 'finance-clerk');
  approver = await staff(twin, 'lan', 'finance-approver');
  auditor = await staff(twin, 'thu', 'auditor');
  admin = await staff(twin, 'quan', 'admin');
}, 120_000);
afterAll(async () => twin?.stop());

/** A call through the twin; the status it must answer is part of the scenario, so a broken setup is not mistaken for coverage. */
async function call<T = Json>(
  expected: number,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await request<T>(twin, method, path, options);
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body).slice(0, 300)}`).toBe(expected);
  return response.body;
}

const bodyOf = (value: unknown) => ({ body: value });
const CSV_HEADER = 'TNXDate,DocNo,Debit,Credit,Balance,Transactions in Detail';

describe('every operation, through the twin, against the published document', () => {
  it('answers in every success and error case exactly as the document says', async () => {
    const statementFund = `hop-dong-${randomUUID().slice(0, 8)}`;
    const reportFund = `hop-dong-bc-${randomUUID().slice(0, 8)}`;
    const [pledgeRef, overdueRef] = [generateRef('UH'), generateRef('UH')];
    const payoutRef = generateRef('GN');

    // Funds, communes, and the OpenAPI document itself: public.
    await call(200, 'GET', '/v1/funds');
    await call(200, 'GET', '/v1/funds/cuba-2025');
    await call(404, 'GET', '/v1/funds/khong-co-quy');
    await call(400, 'GET', '/v1/funds/NOT_A_SLUG');
    await call(200, 'GET', '/v1/admin-units?province=79&q=sai%20gon&limit=5');
    await call(400, 'GET', '/v1/admin-units?limit=0');
    await call(200, 'GET', '/v1/openapi.json');

    // Pledges: anyone, or an organisation with its key.
    const pledgeBody = { fundId: 'cuba-2025', donor: { type: 'individual', name: 'Nguyễn Văn An', email: 'an@example.com' }, amount: 500_000, publishName: true };
    const pledgeKey = idem();
    const pledge = await call<{ ref: string }>(201, 'POST', '/v1/pledges', { ...bodyOf(pledgeBody), headers: pledgeKey });
    await call(201, 'POST', '/v1/pledges', { ...bodyOf(pledgeBody), headers: pledgeKey });
    // Anonymous: another body under the key is another caller's pledge (DESIGN §8); an organisation gets 409, below.
    await call(201, 'POST', '/v1/pledges', { ...bodyOf({ ...pledgeBody, amount: 1 }), headers: pledgeKey });
    await call(400, 'POST', '/v1/pledges', { ...bodyOf({ ...pledgeBody, amount: -5 }), headers: idem() });
    await call(400, 'POST', '/v1/pledges', bodyOf(pledgeBody));
    await call(422, 'POST', '/v1/pledges', { ...bodyOf({ ...pledgeBody, fundId: 'khong-co-quy' }), headers: idem() });
    await call(415, 'POST', '/v1/pledges', { rawBody: 'amount=1', headers: { ...idem(), 'content-type': 'application/x-www-form-urlencoded' } });
    await call(200, 'GET', `/v1/pledges/${pledge.ref.toLowerCase()}`);
    await call(404, 'GET', `/v1/pledges/${generateRef('UH')}`);
    await call(400, 'GET', '/v1/pledges/not-a-code');
    const toCancel = await call<{ ref: string }>(201, 'POST', '/v1/pledges', { ...bodyOf({ ...pledgeBody, publishName: false }), headers: idem() });
    await call(401, 'POST', `/v1/pledges/${toCancel.ref}/cancel`, { ...bodyOf({ reason: 'Nhập trùng' }), headers: idem() });
    await call(403, 'POST', `/v1/pledges/${toCancel.ref}/cancel`, { ...bodyOf({ reason: 'Nhập trùng' }), headers: { ...clerk, ...idem() } });
    await call(200, 'POST', `/v1/pledges/${toCancel.ref}/cancel`, { ...bodyOf({ reason: 'Nhập trùng' }), headers: { ...approver, ...idem() } });
    await call(409, 'POST', `/v1/pledges/${toCancel.ref}/cancel`, { ...bodyOf({ reason: 'Nhập trùng' }), headers: { ...approver, ...idem() } });
    // A donor's name withdrawn: by the donor with the pledge's contact, or by an approver on request (DESIGN §7).
    await call(403, 'POST', `/v1/pledges/${pledge.ref}/withdraw-name`, { ...bodyOf({ contact: 'other@example.com' }), headers: idem() });
    await call(400, 'POST', `/v1/pledges/${pledge.ref}/withdraw-name`, { ...bodyOf({ contact: 'an@example.com', name: 'x' }), headers: idem() });
    await call(200, 'POST', `/v1/pledges/${pledge.ref}/withdraw-name`, { ...bodyOf({ contact: 'an@example.com' }), headers: idem() });
    await call(401, 'POST', `/v1/pledges/${toCancel.ref}/withdraw-name-on-request`, { ...bodyOf({ reason: 'Thư đề nghị' }), headers: idem() });
    await call(403, 'POST', `/v1/pledges/${toCancel.ref}/withdraw-name-on-request`, { ...bodyOf({ reason: 'Thư đề nghị' }), headers: { ...clerk, ...idem() } });
    await call(200, 'POST', `/v1/pledges/${toCancel.ref}/withdraw-name-on-request`, { ...bodyOf({ reason: 'Thư đề nghị' }), headers: { ...approver, ...idem() } });
    await call(404, 'POST', `/v1/pledges/${generateRef('UH')}/withdraw-name-on-request`, { ...bodyOf({ reason: 'Thư đề nghị' }), headers: { ...approver, ...idem() } });

    // Organisations and keys (admins), an organisation's own pledges (its key), the signed-in staff member.
    const org = await call<{ id: string }>(201, 'POST', '/v1/organisations', { ...bodyOf({ name: 'Hội Doanh nhân trẻ', taxCode: '0312345678' }), headers: { ...admin, ...idem() } });
    await call(400, 'POST', '/v1/organisations', { ...bodyOf({ name: '' }), headers: { ...admin, ...idem() } });
    const keyRequest = idem();
    const key = await call<{ apiKey: string }>(201, 'POST', `/v1/organisations/${org.id}/api-keys`, { ...bodyOf({ label: 'bulk' }), headers: { ...admin, ...keyRequest } });
    await call(201, 'POST', `/v1/organisations/${org.id}/api-keys`, { ...bodyOf({ label: 'bulk' }), headers: { ...admin, ...keyRequest } });
    await call(404, 'POST', '/v1/organisations/01JC0000000000000000000000/api-keys', { ...bodyOf({ label: 'bulk' }), headers: { ...admin, ...idem() } });
    const orgKey = { 'x-api-key': key.apiKey };
    const orgPledgeKey = idem();
    const orgPledge = { ...pledgeBody, donor: { type: 'organisation', name: 'Hội Doanh nhân trẻ', taxCode: '0312345678' }, dueDate: '2024-01-31' };
    await call(201, 'POST', '/v1/pledges', { ...bodyOf(orgPledge), headers: { ...orgKey, ...orgPledgeKey } });
    await call(409, 'POST', '/v1/pledges', { ...bodyOf({ ...orgPledge, amount: 1 }), headers: { ...orgKey, ...orgPledgeKey } });
    await call(401, 'POST', '/v1/pledges', { ...bodyOf(pledgeBody), headers: { 'x-api-key': 'sv_000000000000_' + 'A'.repeat(32), ...idem() } });
    await call(200, 'GET', '/v1/org/pledges', { headers: orgKey });
    await call(401, 'GET', '/v1/org/pledges');
    await call(403, 'GET', '/v1/org/pledges', { headers: clerk });
    await call(200, 'GET', '/v1/me', { headers: auditor });
    await call(401, 'GET', '/v1/me', { headers: { authorization: 'Bearer not.a.token' } });
    const keys = `/v1/organisations/${org.id}/api-keys`;
    const spare = await call<{ keyId: string }>(201, 'POST', keys, { ...bodyOf({ label: 'spare', expiresInDays: 30 }), headers: { ...admin, ...idem() } });
    await call(200, 'GET', keys, { headers: admin });
    await call(404, 'GET', '/v1/organisations/01JC0000000000000000000000/api-keys', { headers: admin });
    await call(200, 'GET', '/v1/organisations?q=cong', { headers: auditor });
    await call(400, 'GET', `/v1/organisations?q=${'x'.repeat(101)}`, { headers: auditor });
    await call(400, 'POST', `${keys}/${spare.keyId}/rotate`, { ...bodyOf({ overlapHours: 169 }), headers: { ...admin, ...idem() } });
    await call(201, 'POST', `${keys}/${spare.keyId}/rotate`, { ...bodyOf({ overlapHours: 1 }), headers: { ...admin, ...idem() } });
    await call(409, 'POST', `${keys}/${spare.keyId}/rotate`, { ...bodyOf({}), headers: { ...admin, ...idem() } });
    await call(200, 'POST', `${keys}/${spare.keyId}/revoke`, { headers: { ...admin, ...idem() } });
    await call(404, 'POST', `${keys}/0123456789ab/revoke`, { headers: { ...admin, ...idem() } });

    // Receipts: recorded by a clerk, reversed once by an approver.
    const receiptBody = { fundId: 'cuba-2025', amount: 200_000, receivedAt: '2025-11-20T09:00:00+07:00', method: 'bank', bankRef: `FT${randomUUID().slice(0, 10)}`, pledgeRef: pledge.ref };
    const receipt = await call<{ id: string }>(201, 'POST', '/v1/receipts', { ...bodyOf(receiptBody), headers: { ...clerk, ...idem() } });
    await call(409, 'POST', '/v1/receipts', { ...bodyOf(receiptBody), headers: { ...clerk, ...idem() } });
    await call(422, 'POST', '/v1/receipts', { ...bodyOf({ ...receiptBody, bankRef: undefined, pledgeRef: generateRef('UH') }), headers: { ...clerk, ...idem() } });
    await call(403, 'POST', '/v1/receipts', { ...bodyOf(receiptBody), headers: { ...approver, ...idem() } });
    await call(200, 'GET', `/v1/receipts/${receipt.id}`, { headers: auditor });
    await call(404, 'GET', '/v1/receipts/01JC0000000000000000000000', { headers: auditor });
    await call(200, 'POST', `/v1/receipts/${receipt.id}/reverse`, { ...bodyOf({ reason: 'Chuyển nhầm quỹ' }), headers: { ...approver, ...idem() } });
    await call(409, 'POST', `/v1/receipts/${receipt.id}/reverse`, { ...bodyOf({ reason: 'Chuyển nhầm quỹ' }), headers: { ...approver, ...idem() } });
    await call(400, 'POST', `/v1/receipts/${receipt.id}/reverse`, { ...bodyOf({ reason: 'x' }), headers: { ...approver, ...idem() } });

    // Disbursements, maker-checker: a clerk requests, an approver approves, a clerk pays, the ward confirms.
    await call(201, 'POST', '/v1/receipts', { ...bodyOf({ ...receiptBody, bankRef: undefined, pledgeRef: undefined, amount: 50_000_000 }), headers: { ...clerk, ...idem() } });
    const disbursementRequest = (purpose: string) => ({
      fundId: 'an-sinh-hcm-2025',
      beneficiary: purpose.startsWith('ward') ? { wardCode: '26740' } : { organisation: { name: 'UBND phường Sài Gòn', taxCode: '0301234567' } },
      amount: 1_000_000,
      purpose,
    });
    await call(201, 'POST', '/v1/receipts', { ...bodyOf({ ...receiptBody, fundId: 'an-sinh-hcm-2025', bankRef: undefined, pledgeRef: undefined, amount: 10_000_000 }), headers: { ...clerk, ...idem() } });
    const paid = await call<{ ref: string; id: string }>(201, 'POST', '/v1/disbursements', { ...bodyOf(disbursementRequest('ward support')), headers: { ...clerk, ...idem() } });
    const rejected = await call<{ ref: string }>(201, 'POST', '/v1/disbursements', { ...bodyOf(disbursementRequest('to reject')), headers: { ...clerk, ...idem() } });
    const cancelled = await call<{ ref: string }>(201, 'POST', '/v1/disbursements', { ...bodyOf(disbursementRequest('to cancel')), headers: { ...clerk, ...idem() } });
    await call(422, 'POST', '/v1/disbursements', { ...bodyOf({ ...disbursementRequest('ward x'), beneficiary: { wardCode: '99999' } }), headers: { ...clerk, ...idem() } });
    await call(200, 'GET', `/v1/disbursements/${paid.ref}`, { headers: auditor });
    await call(200, 'GET', `/v1/disbursements/${paid.id}`, { headers: admin });
    await call(404, 'GET', `/v1/disbursements/${generateRef('GN')}`, { headers: auditor });
    const firstPage = await call<{ cursor?: string }>(200, 'GET', '/v1/disbursements?fundId=an-sinh-hcm-2025&status=REQUESTED&limit=1', { headers: approver });
    await call(200, 'GET', `/v1/disbursements?fundId=an-sinh-hcm-2025&limit=1&cursor=${firstPage.cursor}`, { headers: approver });
    await call(400, 'GET', '/v1/disbursements?fundId=an-sinh-hcm-2025&cursor=bogus', { headers: approver });
    await call(403, 'POST', `/v1/disbursements/${paid.ref}/approve`, { ...bodyOf({}), headers: { ...clerk, ...idem() } });
    await call(200, 'POST', `/v1/disbursements/${paid.ref}/approve`, { ...bodyOf({ reason: 'Đúng đối tượng' }), headers: { ...approver, ...idem() } });
    await call(409, 'POST', `/v1/disbursements/${paid.ref}/approve`, { ...bodyOf({}), headers: { ...approver, ...idem() } });
    // Supervision (DESIGN §7.2): a flag on the approved payout, answered in public; a held reason and a held name released.
    const flagFund = 'an-sinh-hcm-2025';
    const flag = await call<{ id: string }>(201, 'POST', `/v1/funds/${flagFund}/flags`, { ...bodyOf({ disbursementRef: paid.ref, reason: 'Số tiền không khớp biên bản bàn giao' }), headers: idem() });
    await call(422, 'POST', `/v1/funds/${flagFund}/flags`, { ...bodyOf({ disbursementRef: generateRef('GN'), reason: 'Khoản chi này không có thật' }), headers: idem() });
    await call(200, 'GET', `/v1/funds/${flagFund}/flags`);
    await call(404, 'GET', '/v1/funds/khong-co-quy/flags');
    await call(201, 'POST', `/v1/flags/${flag.id}/answers`, { ...bodyOf({ text: 'Đã đối chiếu biên bản: khoản chi đúng.' }), headers: { ...auditor, ...idem() } });
    await call(401, 'POST', `/v1/flags/${flag.id}/answers`, { ...bodyOf({ text: 'Đã đối chiếu biên bản.' }), headers: idem() });
    const heldFlag = await call<{ id: string }>(201, 'POST', `/v1/funds/${flagFund}/flags`, { ...bodyOf({ disbursementRef: paid.ref, reason: 'Chủ tịch phường đã nhận khoản này' }), headers: idem() });
    await call(200, 'POST', `/v1/flags/${heldFlag.id}/moderation`, { ...bodyOf({ decision: 'release' }), headers: { ...auditor, ...idem() } });
    await call(400, 'POST', `/v1/flags/${heldFlag.id}/moderation`, { ...bodyOf({ decision: 'maybe' }), headers: { ...auditor, ...idem() } });
    const heldName = await call<{ ref: string }>(201, 'POST', '/v1/pledges', { ...bodyOf({ fundId: 'cuba-2025', donor: { type: 'individual', name: 'Chủ tịch Nguyễn Văn Bình' }, amount: 100_000, publishName: true }), headers: idem() });
    await call(200, 'GET', '/v1/funds/cuba-2025/moderation', { headers: auditor });
    await call(401, 'GET', '/v1/funds/cuba-2025/moderation');
    await call(200, 'POST', `/v1/pledges/${heldName.ref}/moderation`, { ...bodyOf({ decision: 'release' }), headers: { ...auditor, ...idem() } });
    await call(401, 'POST', `/v1/pledges/${heldName.ref}/moderation`, { ...bodyOf({ decision: 'release' }), headers: idem() });
    // Find my transfer: day and amount are required.
    await call(200, 'GET', '/v1/funds/cuba-2025/transfers?day=2025-09-02&amount=100000&q=nguyen');
    await call(400, 'GET', '/v1/funds/cuba-2025/transfers?amount=100000&q=nguyen');
    // The organisation's year-end statement, by its key and by staff.
    await call(200, 'GET', '/v1/org/statement?year=2026', { headers: orgKey });
    await call(400, 'GET', '/v1/org/statement?year=20', { headers: orgKey });
    await call(200, 'GET', `/v1/organisations/${org.id}/statement?year=2026`, { headers: auditor });
    await call(401, 'GET', `/v1/organisations/${org.id}/statement?year=2026`);
    await call(200, 'POST', `/v1/disbursements/${rejected.ref}/reject`, { ...bodyOf({ reason: 'Thiếu hồ sơ' }), headers: { ...approver, ...idem() } });
    await call(400, 'POST', `/v1/disbursements/${rejected.ref}/reject`, { ...bodyOf({}), headers: { ...approver, ...idem() } });
    await call(201, 'POST', `/v1/disbursements/${paid.ref}/evidence`, { ...bodyOf({ fileName: 'quyết định.pdf', contentType: 'application/pdf', size: 2048, sha256: 'a'.repeat(64) }), headers: { ...clerk, ...idem() } });
    await call(409, 'POST', `/v1/disbursements/${paid.ref}/evidence`, { ...bodyOf({ fileName: 'khác.pdf', contentType: 'application/pdf', size: 2048, sha256: 'b'.repeat(64) }), headers: { ...clerk, ...idem() } });
    await call(409, 'POST', `/v1/disbursements/${rejected.ref}/evidence`, { ...bodyOf({ fileName: 'a.pdf', contentType: 'application/pdf', size: 10, sha256: 'a'.repeat(64) }), headers: { ...clerk, ...idem() } });
    await call(400, 'POST', `/v1/disbursements/${paid.ref}/evidence`, { ...bodyOf({ fileName: 'a.pdf', contentType: 'application/pdf', size: 10 }), headers: { ...clerk, ...idem() } });
    await call(200, 'POST', `/v1/disbursements/${paid.ref}/pay`, { ...bodyOf({ bankRef: 'FT-CHI-0001', paidAt: '2025-11-21T10:00:00+07:00' }), headers: { ...clerk, ...idem() } });
    await call(400, 'POST', `/v1/disbursements/${paid.ref}/pay`, { ...bodyOf({ bankRef: 'FT-CHI-0001' }), headers: { ...clerk, ...idem() } });
    await call(400, 'POST', `/v1/disbursements/${paid.ref}/confirm`, { ...bodyOf({ note: 'thiếu người nhận' }), headers: { ...clerk, ...idem() } });
    await call(403, 'POST', `/v1/disbursements/${paid.ref}/confirm`, { ...bodyOf({ confirmedBy: 'UBND phường Sài Gòn' }), headers: { ...clerk, ...idem() } });
    const wardClerk = { authorization: `Bearer ${await twin.tokens.issue('phuong', ['scope:vn-79-26740:finance-clerk'])}` };
    await call(200, 'POST', `/v1/disbursements/${paid.ref}/confirm`, { ...bodyOf({ confirmedBy: 'UBND phường Sài Gòn' }), headers: { ...wardClerk, ...idem() } });
    await call(409, 'POST', `/v1/disbursements/${paid.ref}/cancel`, { ...bodyOf({}), headers: { ...clerk, ...idem() } });
    await call(200, 'POST', `/v1/disbursements/${cancelled.ref}/cancel`, { ...bodyOf({}), headers: { ...clerk, ...idem() } });
    await call(400, 'POST', `/v1/disbursements/${cancelled.ref}/cancel`, { ...bodyOf({ extra: 1 }), headers: { ...clerk, ...idem() } });

    // What the public sees of the money, and what auditors see of its history.
    await twin.waitForTotals(60_000);
    await call(200, 'GET', '/v1/funds/an-sinh-hcm-2025/disbursements');
    await call(404, 'GET', '/v1/funds/khong-co-quy/disbursements');
    await call(200, 'GET', '/v1/funds/an-sinh-hcm-2025/wards');
    await call(404, 'GET', '/v1/funds/khong-co-quy/wards');
    await call(200, 'GET', '/v1/funds/cuba-2025/days?from=2025-01-01');
    await call(201, 'POST', '/v1/pledges', { ...bodyOf({ ...pledgeBody, publishName: false }), headers: idem() });
    const donors = await call<{ items: { name: string }[]; cursor?: string }>(200, 'GET', '/v1/funds/cuba-2025/donors?limit=1');
    expect(donors.items).toEqual([expect.objectContaining({ name: 'Nhà hảo tâm' })]);
    await call(200, 'GET', `/v1/funds/cuba-2025/donors?limit=1&cursor=${encodeURIComponent(donors.cursor!)}`);
    await call(400, 'GET', '/v1/funds/cuba-2025/donors?cursor=bm90LWEtY3Vyc29y');
    await call(404, 'GET', '/v1/funds/khong-co-quy/donors');
    await call(200, 'GET', '/v1/disbursements?status=REQUESTED', { headers: auditor });
    await call(400, 'GET', '/v1/funds/cuba-2025/days?from=2025-02-01&to=2025-01-01');
    // Open data, in both formats (a CSV answer is checked as the text/csv the document declares).
    await call(200, 'GET', '/v1/open-data/funds/an-sinh-hcm-2025/totals');
    await call(200, 'GET', '/v1/open-data/funds/an-sinh-hcm-2025/totals?format=csv');
    await call(404, 'GET', '/v1/open-data/funds/khong-co-quy/totals');
    await call(200, 'GET', '/v1/open-data/funds/an-sinh-hcm-2025/wards?format=csv');
    await call(400, 'GET', '/v1/open-data/funds/an-sinh-hcm-2025/wards?format=xlsx');
    await call(200, 'GET', '/v1/open-data/funds/cuba-2025/days?from=2025-01-01');
    await call(200, 'GET', '/v1/open-data/funds/cuba-2025/days?format=csv');
    await call(400, 'GET', '/v1/open-data/funds/cuba-2025/days?from=2025-02-01&to=2025-01-01');
    const journal = await call<{ cursor?: string }>(200, 'GET', '/v1/funds/cuba-2025/journal?limit=2', { headers: auditor });
    await call(200, 'GET', `/v1/funds/cuba-2025/journal?limit=2&cursor=${encodeURIComponent(journal.cursor!)}`, { headers: auditor });
    await call(403, 'GET', '/v1/funds/cuba-2025/journal', { headers: admin });
    await call(200, 'GET', `/v1/audit/${pledge.ref}`, { headers: auditor });
    await call(200, 'GET', `/v1/audit/${paid.ref}`, { headers: clerk });
    await call(404, 'GET', `/v1/audit/${generateRef('GN')}`, { headers: auditor });

    // Bank statements: a fund of its own, a statement with lines to match and to set aside.
    await seedFund(twin, statementFund, '100000000099');
    await seedPledges(statementFund, [
      { ref: pledgeRef, amount: 300_000 },
      { ref: overdueRef, amount: 1_000_000, dueDate: '2024-09-05' },
    ]);
    await fundAccount(statementFund, 50_000_000);
    await seedDisbursements(statementFund, [{ ref: payoutRef, amount: 5_000_000 }]);
    const csv = [
      CSV_HEADER,
      '15/09/2024,X1,,300.000,,ung ho quy',
      '15/09/2024,X2,22.000,,,Phi dich vu SMS Banking',
      '15/09/2024,X3,5.000.000,,,Chuyen tien ho tro phuong',
      `15/09/2024,X4,,200.000,,ung ho ${overdueRef}`,
    ].join('\r\n');
    const upload = (body: string, contentType = 'text/csv', headers = idem()) =>
      request<Json>(twin, 'POST', `/v1/statements?fundId=${statementFund}&fileName=sao-ke-9.csv`, { rawBody: body, headers: { ...clerk, ...headers, 'content-type': contentType } });
    const uploaded = await upload(csv);
    expect(uploaded.status).toBe(202);
    const statementId = uploaded.body.id as string;
    expect((await upload('Ngay,So tien\r\n31/02/2024,1.000')).status).toBe(400);
    // Another account's statement: 422 naming both accounts.
    const otherAccount = ['Số tài khoản / Account: 12010001932418', 'STT,Ngày hiệu lực,Ghi nợ,Ghi có,Số dư,Mô tả', '1,15/09/2024 08:00:00,,"1,000","1,000",x'].join('\r\n');
    expect((await upload(otherAccount)).status).toBe(422);
    expect((await upload('{"not":"a file"}', 'application/json')).status).toBe(415);
    await call(200, 'POST', `/v1/statements/${statementId}/process`, { headers: clerk });
    await call(404, 'POST', '/v1/statements/01JC0000000000000000000000/process', { headers: clerk });
    const large = await call<{ statement: { id: string } }>(201, 'POST', '/v1/statements/uploads', {
      ...bodyOf({ fundId: statementFund, fileName: 'lon.csv', contentType: 'text/csv', size: 1_000_000 }),
      headers: { ...clerk, ...idem() },
    });
    // Its file has not arrived: the import cannot finish yet, and says so with 202.
    await call(202, 'POST', `/v1/statements/${large.statement.id}/process`, { headers: clerk });
    await call(400, 'POST', '/v1/statements/uploads', { ...bodyOf({ fundId: statementFund, fileName: 'x.csv', contentType: 'text/csv', size: 200 * 1024 * 1024 }), headers: { ...clerk, ...idem() } });
    await call(200, 'GET', `/v1/statements?fundId=${statementFund}&limit=1`, { headers: auditor });
    await call(404, 'GET', '/v1/statements?fundId=khong-co-quy', { headers: auditor });
    await call(200, 'GET', `/v1/statements/${statementId}`, { headers: approver });
    await call(404, 'GET', '/v1/statements/01JC0000000000000000000000', { headers: approver });
    const lines = await call<{ items: { lineNo: number; lineId: string }[] }>(200, 'GET', `/v1/statements/${statementId}/lines?limit=10`, { headers: clerk });
    await call(200, 'GET', `/v1/statements/${statementId}/lines?status=FLAGGED`, { headers: clerk });
    await call(400, 'GET', `/v1/statements/${statementId}/lines?status=LOST`, { headers: clerk });
    const line = (no: number) => lines.items.find((l) => l.lineNo === no)!.lineId;
    await call(200, 'POST', `/v1/statements/${statementId}/lines/${line(1)}/match`, { ...bodyOf({ pledgeRef }), headers: { ...clerk, ...idem() } });
    await call(409, 'POST', `/v1/statements/${statementId}/lines/${line(1)}/match`, { ...bodyOf({ pledgeRef }), headers: { ...clerk, ...idem() } });
    await call(422, 'POST', `/v1/statements/${statementId}/lines/${line(2)}/match`, { ...bodyOf({ disbursementRef: payoutRef }), headers: { ...clerk, ...idem() } });
    await call(200, 'POST', `/v1/statements/${statementId}/lines/${line(3)}/match`, { ...bodyOf({ disbursementRef: payoutRef }), headers: { ...clerk, ...idem() } });
    await call(200, 'POST', `/v1/statements/${statementId}/lines/${line(2)}/ignore`, { ...bodyOf({ reason: 'Phí ngân hàng' }), headers: { ...clerk, ...idem() } });
    await call(409, 'POST', `/v1/statements/${statementId}/lines/${line(2)}/ignore`, { ...bodyOf({ reason: 'Phí ngân hàng' }), headers: { ...clerk, ...idem() } });
    // Held lines: a damaged row counted with what the bank's own copy says, a possible duplicate discarded.
    const held = await upload([CSV_HEADER, '16/09/2024,,,abc,,ung ho', '15/09/2024,,,300.000,,ung ho quy'].join('\r\n'));
    await call(200, 'POST', `/v1/statements/${held.body.id as string}/process`, { headers: clerk });
    const heldLines = await call<{ items: { lineNo: number; lineId: string }[] }>(200, 'GET', `/v1/statements/${held.body.id as string}/lines?status=HELD`, { headers: clerk });
    const heldLine = (no: number) => heldLines.items.find((l) => l.lineNo === no)!.lineId;
    await call(400, 'POST', `/v1/statements/${held.body.id as string}/lines/${heldLine(1)}/count`, { ...bodyOf({ amount: -5 }), headers: { ...clerk, ...idem() } });
    await call(422, 'POST', `/v1/statements/${held.body.id as string}/lines/${heldLine(1)}/count`, { ...bodyOf({}), headers: { ...clerk, ...idem() } });
    await call(200, 'POST', `/v1/statements/${held.body.id as string}/lines/${heldLine(1)}/count`, { ...bodyOf({ amount: 150_000, direction: 'CREDIT' }), headers: { ...clerk, ...idem() } });
    await call(409, 'POST', `/v1/statements/${held.body.id as string}/lines/${heldLine(1)}/count`, { ...bodyOf({}), headers: { ...clerk, ...idem() } });
    await call(200, 'POST', `/v1/statements/${held.body.id as string}/lines/${heldLine(2)}/discard`, { ...bodyOf({ as: 'DUPLICATE', reason: 'cùng giao dịch' }), headers: { ...clerk, ...idem() } });
    await call(409, 'POST', `/v1/statements/${held.body.id as string}/lines/${heldLine(2)}/discard`, { ...bodyOf({ as: 'DUPLICATE', reason: 'cùng giao dịch' }), headers: { ...clerk, ...idem() } });
    await call(400, 'POST', `/v1/statements/${held.body.id as string}/lines/${heldLine(2)}/discard`, { ...bodyOf({ as: 'LOST', reason: 'x' }), headers: { ...clerk, ...idem() } });
    await call(404, 'POST', `/v1/statements/${held.body.id as string}/lines/${statementId}/count`, { ...bodyOf({}), headers: { ...clerk, ...idem() } });
    await call(200, 'GET', `/v1/reconciliation/${statementFund}`, { headers: auditor });

    // Saved column mappings: a preview of an unknown export, a mapping saved, listed, read and changed.
    const acb = 'Ngày GD;Gửi vào;Rút ra;Diễn giải\r\n13/09/2024;100.000;;Ung ho';
    const preview = await call<{ rows: string[][] }>(200, 'POST', '/v1/statement-previews', { rawBody: acb, headers: { ...clerk, 'content-type': 'text/csv' } });
    await call(400, 'POST', '/v1/statement-previews', { rawBody: Buffer.alloc(0), headers: { ...clerk, 'content-type': 'text/csv' } });
    const mappingBody = { fundId: statementFund, name: 'ACB', header: preview.rows[0], mapping: { date: 'Ngày GD', credit: 'Gửi vào', debit: 'Rút ra', memo: 'Diễn giải', decimal: ',' } };
    const saved = await call<{ id: string; version: number }>(201, 'POST', '/v1/statement-mappings', { ...bodyOf(mappingBody), headers: { ...clerk, ...idem() } });
    await call(422, 'POST', '/v1/statement-mappings', { ...bodyOf({ ...mappingBody, mapping: { ...mappingBody.mapping, memo: 'Nội dung' } }), headers: { ...clerk, ...idem() } });
    await call(400, 'POST', '/v1/statement-mappings', { ...bodyOf({ ...mappingBody, mapping: { date: 'Ngày GD', memo: 'Diễn giải', decimal: ',' } }), headers: { ...clerk, ...idem() } });
    await call(200, 'GET', '/v1/statement-mappings', { headers: auditor });
    await call(401, 'GET', '/v1/statement-mappings');
    await call(200, 'GET', `/v1/statement-mappings/${saved.id}`, { headers: auditor });
    await call(404, 'GET', '/v1/statement-mappings/01JC0000000000000000000000', { headers: auditor });
    await call(200, 'PUT', `/v1/statement-mappings/${saved.id}`, { ...bodyOf({ version: 1, name: 'ACB (2)' }), headers: { ...clerk, ...idem() } });
    await call(422, 'PUT', `/v1/statement-mappings/${saved.id}`, { ...bodyOf({ version: 1, name: 'ACB (3)' }), headers: { ...clerk, ...idem() } });
    await call(404, 'PUT', '/v1/statement-mappings/01JC0000000000000000000000', { ...bodyOf({ version: 1 }), headers: { ...clerk, ...idem() } });
    await call(404, 'GET', '/v1/reconciliation/khong-co-quy', { headers: auditor });
    await call(200, 'GET', `/v1/reconciliation/${statementFund}/lines?sort=amount&order=desc&limit=1`, { headers: clerk });
    await call(400, 'GET', `/v1/reconciliation/${statementFund}/lines?sort=memo`, { headers: clerk });
    await call(404, 'GET', '/v1/reconciliation/khong-co-quy/lines', { headers: auditor });

    // Campaigns: committees, a fund's life, its plan and goods (DESIGN §12).
    await call(200, 'GET', '/v1/committees?parentId=vn-79', { headers: auditor });
    await call(400, 'GET', '/v1/committees?parentId=VN_79', { headers: auditor });
    await call(200, 'GET', '/v1/committees/vn-79-26740', { headers: auditor });
    await call(404, 'GET', '/v1/committees/vn-79-99999', { headers: auditor });
    await call(201, 'POST', '/v1/committees', { ...bodyOf({ committeeId: `hd-${randomUUID().slice(0, 8)}`, name: { vi: 'Tổ', en: 'Team' }, parentId: 'vn-79-26740' }), headers: { ...admin, ...idem() } });
    await call(400, 'POST', '/v1/committees', { ...bodyOf({ committeeId: 'x', parentId: 'vn' }), headers: { ...admin, ...idem() } });
    const campaignFund = `hop-dong-vd-${randomUUID().slice(0, 6)}`;
    const now = Date.now();
    const fundBody = {
      fundId: campaignFund,
      code: campaignFund.toUpperCase(),
      name: { vi: 'Quỹ hợp đồng', en: 'Contract fund' },
      purpose: { vi: 'Kiểm tra hợp đồng API', en: 'Checks the API contract' },
      kind: 'both',
      target: 100_000_000,
      bankAccounts: [
        { bankBin: '970436', accountNumber: '0071001262626', accountName: 'UY BAN MTTQ' },
        { bankBin: '970415', accountNumber: '111602391234', accountName: 'UY BAN MTTQ' },
      ],
      receiving: { opensAt: new Date(now - 86_400_000).toISOString(), closesAt: new Date(now + 86_400_000).toISOString() },
      distributionDeadline: new Date(now + 30 * 86_400_000).toISOString().slice(0, 10),
      committeeId: 'vn-79-26740',
    };
    await call(201, 'POST', '/v1/funds', { ...bodyOf(fundBody), headers: { ...admin, ...idem() } });
    await call(400, 'POST', '/v1/funds', { ...bodyOf({ ...fundBody, bankAccounts: [{ ...fundBody.bankAccounts[0], accountNumber: '12345678' }] }), headers: { ...admin, ...idem() } });
    await call(422, 'POST', '/v1/funds', { ...bodyOf({ ...fundBody, fundId: `${campaignFund}-b` }), headers: { ...admin, ...idem() } });
    await call(200, 'PATCH', `/v1/funds/${campaignFund}`, { ...bodyOf({ expectedVersion: 1, target: 120_000_000 }), headers: { ...admin, ...idem() } });
    await call(409, 'PATCH', `/v1/funds/${campaignFund}`, { ...bodyOf({ expectedVersion: 1, target: 1 }), headers: { ...admin, ...idem() } });
    await call(200, 'POST', `/v1/funds/${campaignFund}/open`, { ...bodyOf({}), headers: { ...admin, ...idem() } });
    await call(409, 'POST', `/v1/funds/${campaignFund}/open`, { ...bodyOf({}), headers: { ...admin, ...idem() } });
    await call(200, 'GET', '/v1/staff/funds', { headers: auditor });
    await call(401, 'GET', '/v1/staff/funds');
    await call(200, 'PUT', `/v1/funds/${campaignFund}/plan`, { ...bodyOf({ items: [{ wardCode: '26740', amount: 5_000_000 }, { wardCode: '26743', amount: 3_000_000 }] }), headers: { ...approver, ...idem() } });
    await call(422, 'PUT', `/v1/funds/${campaignFund}/plan`, { ...bodyOf({ items: [{ wardCode: '99999', amount: 1 }] }), headers: { ...approver, ...idem() } });
    await call(200, 'GET', `/v1/funds/${campaignFund}/plan`);
    await call(404, 'GET', '/v1/funds/khong-co-quy/plan');
    const goodsBody = { description: 'Gạo', unit: 'kg', quantity: 100.5, estimatedValue: 2_000_000, donor: { type: 'organisation', name: 'HTX', publishName: true }, receivingPoint: 'Kho', receivedAt: new Date(now).toISOString() };
    const goodsLot = await call<{ id: string }>(201, 'POST', `/v1/funds/${campaignFund}/goods`, { ...bodyOf(goodsBody), headers: { ...clerk, ...idem() } });
    await call(400, 'POST', `/v1/funds/${campaignFund}/goods`, { ...bodyOf({ ...goodsBody, quantity: -1 }), headers: { ...clerk, ...idem() } });
    const handover = { wardCode: '26740', quantity: 50, receivedBy: 'UBND phường', handedOverAt: new Date(now).toISOString() };
    await call(201, 'POST', `/v1/funds/${campaignFund}/goods/${goodsLot.id}/handovers`, { ...bodyOf(handover), headers: { ...clerk, ...idem() } });
    await call(422, 'POST', `/v1/funds/${campaignFund}/goods/${goodsLot.id}/handovers`, { ...bodyOf({ ...handover, quantity: 51 }), headers: { ...clerk, ...idem() } });
    await call(200, 'GET', `/v1/funds/${campaignFund}/goods`);
    await call(404, 'GET', '/v1/funds/khong-co-quy/goods');
    await call(200, 'POST', `/v1/funds/${campaignFund}/close-receiving`, { ...bodyOf({ reason: 'Đủ chỉ tiêu' }), headers: { ...admin, ...idem() } });
    await call(409, 'POST', `/v1/funds/${campaignFund}/close-receiving`, { ...bodyOf({}), headers: { ...admin, ...idem() } });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await call(200, 'POST', `/v1/funds/${campaignFund}/close`, { ...bodyOf({ reason: 'Kết thúc đợt vận động' }), headers: { ...admin, ...idem() } });
    await call(409, 'POST', `/v1/funds/${campaignFund}/close`, { ...bodyOf({ reason: 'Kết thúc đợt vận động' }), headers: { ...admin, ...idem() } });

    // Organisations' batches: a list uploaded, made into pledges, and shown row by row.
    const list = 'ho_ten,so_tien,cong_khai,ma_rieng\r\nNguyễn Văn An,200.000,có,A1\r\nTrần Thị Bình,-5,không,A2\r\n';
    const batch = await call<{ id: string }>(202, 'POST', '/v1/org/batches?fundId=cuba-2025&fileName=ds.csv', { rawBody: list, headers: { ...orgKey, ...idem(), 'content-type': 'text/csv' } });
    await call(400, 'POST', '/v1/org/batches?fundId=cuba-2025&fileName=ds.csv', { rawBody: 'ngay,noi_dung\r\n1,2\r\n', headers: { ...orgKey, ...idem(), 'content-type': 'text/csv' } });
    await call(415, 'POST', '/v1/org/batches?fundId=cuba-2025&fileName=ds.csv', { rawBody: '{}', headers: { ...orgKey, ...idem(), 'content-type': 'application/json' } });
    await call(200, 'POST', `/v1/org/batches/${batch.id}/process`, { headers: orgKey });
    await call(404, 'POST', '/v1/org/batches/01JC0000000000000000000000/process', { headers: orgKey });
    await call(200, 'GET', `/v1/org/batches/${batch.id}`, { headers: orgKey });
    await call(404, 'GET', '/v1/org/batches/01JC0000000000000000000000', { headers: orgKey });
    await call(200, 'GET', '/v1/org/batches?limit=5', { headers: orgKey });
    await call(401, 'GET', '/v1/org/batches');

    // Reports: two published nights of a fund of their own, their files, proofs and keys.
    await seedTestFund(twin, reportFund);
    const at = (date: string, time: string) => new Date(`${date}T${time}+07:00`).toISOString();
    await writeJournal(twin, [
      journalEntry(reportFund, at('2025-09-01', '08:00:00'), { type: 'PLEDGE_MADE', entityRef: 'UHV1EWZE1', entityType: 'pledge', deltas: { pledged: 100_000, pledgeCount: 1, donorCount: 1 }, publicDetails: { donor: 'Nhà hảo tâm' } }),
      journalEntry(reportFund, at('2025-09-02', '09:00:00'), { type: 'RECEIPT_RECORDED', entityRef: randomUUID(), entityType: 'receipt', deltas: { received: 100_000, receiptCount: 1 }, publicDetails: { pledgeRef: 'UHV1EWZE1' } }),
    ]);
    await twin.waitForTotals(60_000);
    await runNightly({ date: '2025-09-01', fundIds: [reportFund] });
    await runNightly({ date: '2025-09-02', fundIds: [reportFund] });
    await call(200, 'GET', `/v1/reports?fundId=${reportFund}`);
    await call(404, 'GET', '/v1/reports?fundId=khong-co-quy');
    await call(200, 'GET', '/v1/reports/keys.json');
    await call(200, 'GET', `/v1/reports/${reportFund}/latest/proof?ref=uhv1ewze1`);
    await call(404, 'GET', `/v1/reports/${reportFund}/2025-09-01/proof?ref=${generateRef('UH')}`);
    await call(400, 'GET', `/v1/reports/${reportFund}/2025-09-01/proof?ref=nope`);
    await call(200, 'GET', `/v1/reports/${reportFund}/consistency?from=2025-09-01&to=latest`);
    await call(422, 'GET', `/v1/reports/${reportFund}/consistency?from=2025-09-02&to=2025-09-01`);
    await call(404, 'GET', `/v1/reports/${reportFund}/consistency?from=2024-01-01&to=latest`);
    const redirect = await fetch(`${twin.url}/v1/reports/${reportFund}/2025-09-02/files/summary.json`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    await call(404, 'GET', `/v1/reports/${reportFund}/2024-01-01/files/summary.json`);
    await call(400, 'GET', `/v1/reports/${reportFund}/2025-09-02/files/secrets.txt`);

    // Neither a path nor a method the document has.
    await call(404, 'GET', '/v1/nothing-here');
    await call(405, 'DELETE', '/v1/funds');

    const { mismatches, statuses } = twin.contract!;
    expect(formatMismatches(mismatches)).toBe('');
    // Each operation answered with success, and, if it takes any input or credentials, refused some.
    const document = buildOpenApi() as unknown as OpenApiDocumentShape;
    const notExercised = createContractChecker(document).operations.filter((operation) => {
      const [method, template] = operation.split(' ') as [string, string];
      const declared = document.paths[template]![method.toLowerCase()]!;
      const refusable = Boolean(declared.parameters?.length || declared.requestBody || declared.security?.length);
      const seen = [...(statuses.get(operation) ?? [])];
      return !seen.some((status) => status < 400) || (refusable && !seen.some((status) => status >= 400));
    });
    expect(notExercised, 'operations not exercised both ways').toEqual([]);
    expect([...statuses.get('DELETE (not in the document)')!], 'the fallback is checked too').toEqual([405]);
  });
});

/** Sends of one request at most, each finding one of the pool's stale keep-alive sockets reset. */
const STALE_SOCKET_RETRIES = 10;

/** An exchange made through the twin, as the check sees it. */
async function exchange(method: string, path: string, options: { headers?: Record<string, string>; body?: unknown } = {}): Promise<HttpExchange> {
  const url = new URL(`${twin.url}${path}`);
  const body = options.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(options.body));
  const headers = { ...options.headers, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) };
  const send = () => fetch(url, { method, headers, body: body.length ? body : undefined, redirect: 'manual' });
  // The twin serves from this very process: while a test builds documents (seconds of CPU on a busy
  // machine) its server may close idle keep-alive sockets, which the next requests then find reset,
  // one stale socket each: a reset request never reached the twin, so it is sent again.
  const response = await (async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET' || attempt === STALE_SOCKET_RETRIES) throw error;
      }
    }
  })();
  return {
    method,
    path: url.pathname,
    query: [...url.searchParams],
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
    body,
    status: response.status,
    responseHeaders: Object.fromEntries(response.headers),
    responseBody: Buffer.from(await response.arrayBuffer()),
  };
}

/** The published document with one change. */
function documentWith(change: (document: OpenApiDocumentShape & { paths: Record<string, Record<string, Json>> }) => void) {
  const document = structuredClone(buildOpenApi()) as unknown as OpenApiDocumentShape & { paths: Record<string, Record<string, Json>> };
  change(document);
  return createContractChecker(document);
}

describe('the check, given a document that is wrong in one place', () => {
  it('names a response property the response schema does not declare', async () => {
    const fund = await exchange('GET', '/v1/funds/cuba-2025');
    expect(createContractChecker(buildOpenApi() as unknown as OpenApiDocumentShape).check(fund)).toEqual([]);
    const checker = documentWith((document) => {
      delete (document.components.schemas.Fund!.properties as Json).totals;
      document.components.schemas.Fund!.required = (document.components.schemas.Fund!.required as string[]).filter((name) => name !== 'totals');
    });
    expect(formatMismatches(checker.check(fund))).toMatch(/^response GET \/v1\/funds\/\{fundId\} → 200 .*body must NOT have additional properties \(totals\)$/);
  });

  it('names a field whose type the response schema gets wrong, and a status it does not declare', async () => {
    const me = await exchange('GET', '/v1/me', { headers: approver });
    const wrongType = documentWith((document) => {
      (document.components.schemas.StaffMember!.properties as Record<string, Json>).userId = { type: 'integer' };
    });
    expect(formatMismatches(wrongType.check(me))).toMatch(/body\/userId must be integer/);
    const noSuccess = documentWith((document) => {
      delete (document.paths['/v1/me']!.get!.responses as Json)['200'];
    });
    expect(formatMismatches(noSuccess.check(me))).toMatch(/status 200 is not declared/);
  });

  it('names a required response header the API does not send, and a problem body the Problem schema forbids', async () => {
    const created = await exchange('POST', '/v1/pledges', {
      headers: idem(),
      body: { fundId: 'cuba-2025', donor: { type: 'individual', name: 'Trần Thị Bình' }, amount: 100_000, publishName: false },
    });
    const extraHeader = documentWith((document) => {
      const responses = document.paths['/v1/pledges']!.post!.responses as Record<string, Json>;
      responses['201']!.headers = { ...(responses['201']!.headers as Json), 'X-Pledge-Version': { required: true, schema: { type: 'string' } } };
    });
    expect(formatMismatches(extraHeader.check(created))).toMatch(/header X-Pledge-Version is required for 201 but missing/);
    const conflict = await exchange('POST', `/v1/receipts/01JC0000000000000000000000/reverse`, { headers: { ...approver, ...idem() }, body: { reason: 'Không có' } });
    expect(conflict.status).toBe(404);
    const strictProblem = documentWith((document) => {
      delete (document.components.schemas.Problem!.properties as Json).instance;
    });
    expect(formatMismatches(strictProblem.check(conflict))).toMatch(/→ 404 .*additional properties \(instance\)/);
  });

  it('names a request the API accepted that the document says it would refuse', async () => {
    const listed = await exchange('GET', '/v1/admin-units?province=79&limit=3');
    expect(listed.status).toBe(200);
    const narrower = documentWith((document) => {
      const parameters = document.paths['/v1/admin-units']!.get!.parameters as { name: string; schema: Json }[];
      parameters.find((parameter) => parameter.name === 'limit')!.schema = { type: 'integer', maximum: 2 };
    });
    expect(formatMismatches(narrower.check(listed))).toMatch(/^request GET \/v1\/admin-units → 200 .*query limit must be <= 2/);
  });
});
