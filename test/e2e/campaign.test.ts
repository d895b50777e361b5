/**
 * A whole campaign, in Debian's Chromium against an in-process twin (DESIGN §12):
 *
 *   1. an admin creates a fund with accounts at two banks in the console, and opens it
 *   2. a donor pledges to the second account: the VietQR names it; reopening the pledge's page in
 *      another browser shows the payment details again (360 px and 1280 px)
 *   3. a clerk imports a statement for each account
 *   4. the plan gives 168 wards an amount; three wards get a disbursement; a request beyond the
 *      available balance is refused on the form with the shortfall shown (1280 px and 360 px)
 *   5. the admin closes receiving: a new pledge gets 422, and a credit that still arrives is
 *      counted and flagged late
 *
 * Each step is one `it`, in order, sharing the state below.
 */
import { PROJECT_ROOT } from '../../infra/local/twin';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Twin } from '../../infra/local/twin';
import { decodeVietQr } from '../../shared/domain/vietqr';
import { buildWeb } from '../../web/build';
import { DESKTOP, PHONE, launchBrowser, newContext, overflowing, screenshot, signIn, expectAccessible } from '../support/browser';
import { allItems, idem, request, staff, startTestTwin } from '../support/twin';

/** This file's own build of the web app: other files building theirs meanwhile cannot pull a chunk from under its pages. */
const WEB_DIR = join(PROJECT_ROOT, 'test-results', 'e2e-web-campaign');

const STEP_MS = 240_000;
const CODE = `MTTQ-HCM/E2E/${randomUUID().slice(0, 6).toUpperCase()}`;
const FUND_ID = CODE.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const VCB = { bankBin: '970436', accountNumber: '0071001268686', accountName: 'UY BAN MTTQ TP HCM - CHIEN DICH' };
const BIDV = { bankBin: '970418', accountNumber: '31410000268797', accountName: 'UY BAN MTTQ TP HCM - CHIEN DICH' };
const HOUR = 3_600_000;

let twin: Twin;
let browser: Browser;
let page: Page;
const state: { bidvRef?: string; vcbRef?: string; wards?: string[] } = {};

/** `YYYY-MM-DDTHH:MM` in Vietnam time, as a datetime-local input takes it. */
function vietnamLocal(ms: number): string {
  return new Date(ms + 7 * HOUR).toISOString().slice(0, 16);
}

async function fundTotals(): Promise<Record<string, number>> {
  await twin.waitForTotals(30_000);
  return (await request<{ totals: Record<string, number> }>(twin, 'GET', `/v1/funds/${FUND_ID}`)).body.totals;
}

interface StatementFile {
  accountNumber: string;
  fileName: string;
  lines: { at: string; bankRef: string; amount: number; memo: string }[];
}

/** A statement in the generic layout banks export (date with time, reference, signed amount, balance, memo). */
function statementCsv(statement: StatementFile): string {
  const vnd = (n: number) => `${n < 0 ? '-' : ''}${String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
  let balance = 0;
  const rows = statement.lines.map((line, i) => {
    balance += line.amount;
    const local = new Date(Date.parse(line.at) + 7 * HOUR).toISOString();
    return [String(i + 1), `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 19)}`, line.bankRef, vnd(line.amount), vnd(balance), line.memo].join(',');
  });
  return `\uFEFF${['STT,Ngày giao dịch,Số tham chiếu,Số tiền,Số dư,Nội dung giao dịch', ...rows].join('\r\n')}\r\n`;
}

/** The clerk uploads one account's statement in the console and waits for the import to finish. */
async function importStatement(clerk: Page, statement: StatementFile, expected: { matched: string }): Promise<string> {
  await clerk.goto(`/console/statements?fund=${FUND_ID}`);
  await clerk.getByLabel('Tài khoản của sao kê').selectOption(statement.accountNumber);
  await clerk.getByLabel('Tệp sao kê (CSV hoặc Excel)').setInputFiles({ name: statement.fileName, mimeType: 'text/csv', buffer: Buffer.from(statementCsv(statement)) });
  await clerk.getByRole('button', { name: 'Tải lên và nhập' }).click();
  await expect.poll(() => clerk.getByTestId('statement').getAttribute('data-status'), { timeout: 60_000 }).toBe('COMPLETED');
  const summary = (key: string) => clerk.getByTestId('statement').locator(`[data-summary="${key}"]`).textContent();
  expect(await summary('counted'), statement.fileName).toMatch(new RegExp(`^${statement.lines.length} · `));
  expect(await summary('matched'), `${statement.fileName}: ${(await clerk.getByTestId('statement').locator('tr[data-line-status]').allTextContents()).join(' | ')}`).toBe(expected.matched);
  return (await clerk.getByTestId('statement').getAttribute('data-statement-id'))!;
}

beforeAll(async () => {
  await buildWeb({ outDir: WEB_DIR, quiet: true });
  twin = await startTestTwin({ seedAdminUnits: true, streams: true, webDir: WEB_DIR });
  browser = await launchBrowser();
  page = await (await newContext(browser, twin.url)).newPage();
}, 180_000);

beforeEach(() => {
  onTestFailed(async () => {
    if (page && !page.isClosed()) await screenshot(page, 'campaign-failed').catch(() => undefined);
  });
});

afterAll(async () => {
  await browser?.close();
  await twin?.stop();
});

describe('a whole campaign in a real browser', () => {
  it('1. an admin creates a fund with accounts at two banks in the console, and opens it', { timeout: STEP_MS }, async () => {
    const admin = await (await newContext(browser, twin.url)).newPage();
    await signIn(admin, 'quan', 'admin', '/console/funds');
    const form = admin.getByTestId('fund-form');
    await form.waitFor();
    await form.getByLabel(/^Mã quỹ/).fill(CODE);
    expect(await form.getByLabel(/^Địa chỉ trên cổng thông tin/).inputValue()).toBe(FUND_ID);
    await form.getByLabel(/^Tên quỹ \(tiếng Việt\)/).fill('Chiến dịch thử nghiệm đầu cuối');
    await form.getByLabel(/^Tên quỹ \(tiếng Anh\)/).fill('End-to-end campaign');
    await form.getByLabel(/^Mục đích \(tiếng Việt\)/).fill('Hỗ trợ các xã, phường');
    await form.getByLabel(/^Mục đích \(tiếng Anh\)/).fill('Support for the wards');
    await form.getByLabel(/^Mục tiêu vận động/).pressSequentially('500000000');
    const account = (i: number) => form.locator(`[data-account="${i}"]`);
    await account(0).getByLabel('Ngân hàng').selectOption(VCB.bankBin);
    await account(0).getByLabel(/^Số tài khoản/).fill(VCB.accountNumber);
    await account(0).getByLabel(/^Chủ tài khoản/).fill(VCB.accountName);
    await form.getByRole('button', { name: 'Thêm tài khoản ở ngân hàng khác' }).click();
    await account(1).getByLabel('Ngân hàng').selectOption(BIDV.bankBin);
    // A BIDV number one digit short is caught on the form, before anything is sent.
    await account(1).getByLabel(/^Số tài khoản/).fill(BIDV.accountNumber.slice(1));
    await account(1).getByLabel(/^Chủ tài khoản/).fill(BIDV.accountName);
    await form.getByLabel(/^Bắt đầu nhận ủng hộ/).fill(vietnamLocal(Date.now() - 24 * HOUR));
    await form.getByLabel(/^Hạn phân bổ/).fill(vietnamLocal(Date.now() + 60 * 24 * HOUR).slice(0, 10));
    await form.getByLabel(/^Ủy ban quản lý quỹ/).selectOption('vn-79');
    await form.getByRole('button', { name: 'Lập quỹ (bản nháp)' }).click();
    await expect.poll(() => account(1).getByLabel(/^Số tài khoản/).getAttribute('aria-invalid'), { timeout: 30_000 }).toBe('true');
    expect(await admin.getByTestId('created-fund').count()).toBe(0);
    await account(1).getByLabel(/^Số tài khoản/).fill(BIDV.accountNumber);
    await expectAccessible(admin, 'new fund form');
    await form.getByRole('button', { name: 'Lập quỹ (bản nháp)' }).click();
    expect(await admin.getByTestId('created-fund').textContent()).toBe(FUND_ID);

    const card = admin.locator(`article[data-fund="${FUND_ID}"]`);
    expect(await card.getAttribute('data-status')).toBe('DRAFT');
    await card.locator('[data-action="open"]').click();
    await expect.poll(() => admin.locator(`article[data-fund="${FUND_ID}"]`).getAttribute('data-status'), { timeout: 30_000 }).toBe('OPEN');
    await screenshot(admin, 'campaign-fund-open');
    await admin.context().close();

    const fund = (await request<{ status: string; bankAccounts: { bankBin: string; bankName: string; accountNumber: string }[] }>(twin, 'GET', `/v1/funds/${FUND_ID}`)).body;
    expect(fund.status).toBe('OPEN');
    expect(fund.bankAccounts.map((a) => [a.bankBin, a.bankName, a.accountNumber])).toEqual([
      [VCB.bankBin, 'Vietcombank', VCB.accountNumber],
      [BIDV.bankBin, 'BIDV', BIDV.accountNumber],
    ]);
  });

  it('2. pledges to the BIDV account: the VietQR names it, and the pledge’s page shows it again in another browser, at 360 px and 1280 px', { timeout: STEP_MS }, async () => {
    await page.goto(`/pledge?fund=${FUND_ID}`);
    await page.getByLabel('Chuyển vào tài khoản').selectOption(BIDV.accountNumber);
    await page.getByLabel('Họ tên hoặc tên tổ chức').fill('Trần Văn Bình');
    await page.getByLabel('Số tiền (đồng)').pressSequentially('2500000');
    await page.getByRole('button', { name: 'Đăng ký ủng hộ' }).click();
    const ref = (await page.getByTestId('pledge-ref').textContent())!;
    state.bidvRef = ref;
    const qr = decodeVietQr((await page.locator('svg.qr').getAttribute('data-payload'))!);
    expect(qr).toMatchObject({ bankBin: BIDV.bankBin, accountNumber: BIDV.accountNumber, amount: 2_500_000 });
    expect(qr.memo).toContain(ref);
    expect(await page.getByText(BIDV.accountNumber, { exact: true }).count()).toBe(1);

    // A pledge to the first account, as an organisation's system would make it.
    const other = await request<{ ref: string; payment: { accountNumber: string } }>(twin, 'POST', '/v1/pledges', {
      body: { fundId: FUND_ID, donor: { type: 'organisation', name: 'Công ty Cổ phần Ánh Dương' }, amount: 5_000_000, publishName: true },
      headers: idem(),
    });
    expect(other.body.payment.accountNumber).toBe(VCB.accountNumber);
    state.vcbRef = other.body.ref;

    // Reopened later, in a browser that never saw the form: the same account, memo and QR.
    for (const [viewport, name] of [[PHONE, '360'], [DESKTOP, '1280']] as const) {
      const elsewhere = await newContext(browser, twin.url, viewport);
      const p = await elsewhere.newPage();
      await p.goto(`/pledge/${ref}`);
      await p.getByTestId('memo').waitFor({ timeout: 30_000 });
      expect(await p.getByTestId('memo').textContent()).toContain(ref);
      expect(await p.getByText(BIDV.accountNumber, { exact: true }).count()).toBe(1);
      expect(decodeVietQr((await p.locator('svg.qr').getAttribute('data-payload'))!)).toMatchObject({ bankBin: BIDV.bankBin, accountNumber: BIDV.accountNumber, amount: 2_500_000 });
      expect(await p.getByText('Thông tin chuyển khoản chỉ hiện ngay sau khi đăng ký', { exact: false }).count()).toBe(0);
      expect(await overflowing(p)).toEqual([]);
      await expectAccessible(p, `pledge page reopened at ${name} px`);
      await screenshot(p, `pledge-reopened-${name}`);
      await elsewhere.close();
    }
    // The public view leaves out what is the donor's own business.
    const view = (await request<Record<string, unknown>>(twin, 'GET', `/v1/pledges/${ref}`)).body;
    expect(view).not.toHaveProperty('dueDate');
    expect(view).not.toHaveProperty('overdue');
  });

  it('3. a clerk imports a statement for each account; both pledges are paid', { timeout: STEP_MS }, async () => {
    const clerk = await (await newContext(browser, twin.url)).newPage();
    await signIn(clerk, 'an', 'finance-clerk', `/console/statements?fund=${FUND_ID}`);
    const at = new Date(Date.now() - 2 * HOUR).toISOString();
    await importStatement(clerk, { accountNumber: VCB.accountNumber, fileName: 'sao-ke-vcb.csv', lines: [{ at, bankRef: 'FT26001VCB0001', amount: 5_000_000, memo: `CONG TY ANH DUONG ${state.vcbRef} ung ho` }] }, { matched: '1 · 5.000.000 ₫' });
    await importStatement(clerk, { accountNumber: BIDV.accountNumber, fileName: 'sao-ke-bidv.csv', lines: [{ at, bankRef: '5120BIDV00017', amount: 2_500_000, memo: `TRAN VAN BINH ${state.bidvRef}` }] }, { matched: '1 · 2.500.000 ₫' });
    // Each statement is of its own account.
    const statements = (await allItems(twin)).filter((item) => item.kind === 'STATEMENT' && item.fundId === FUND_ID);
    expect(statements.map((s) => s.account).sort()).toEqual([`${BIDV.bankBin}/${BIDV.accountNumber}`, `${VCB.bankBin}/${VCB.accountNumber}`]);
    await clerk.context().close();
    const totals = await fundTotals();
    expect(totals.received).toBe(7_500_000);
    for (const ref of [state.vcbRef, state.bidvRef]) {
      expect((await request<{ status: string }>(twin, 'GET', `/v1/pledges/${ref}`)).body.status, ref).toBe('FULFILLED');
    }
  });

  it('4. plans 168 wards, disburses to three, and refuses a request beyond the available balance on the form, with the shortfall, at 1280 px and 360 px', { timeout: STEP_MS }, async () => {
    const approver = await (await newContext(browser, twin.url)).newPage();
    await signIn(approver, 'lan', 'finance-approver', `/console/plan?fund=${FUND_ID}`);
    // Typing digit by digit into a field that regroups them as it goes is the pledge form's test (journey step 1); here the amount is set at once.
    // The 168 wards' rows first: "fill in for all" fills the rows there are.
    await expect.poll(() => approver.locator('tr[data-ward]').count(), { timeout: 60_000 }).toBe(168);
    const each = approver.getByLabel('Cùng một số tiền cho mọi xã, phường');
    await each.fill('1000000');
    expect(await each.inputValue()).toBe('1.000.000');
    await approver.getByRole('button', { name: 'Điền cho tất cả' }).click();
    await approver.getByRole('button', { name: 'Lưu kế hoạch' }).click();
    const outcome = approver.locator('.alert-success, .alert-error').first();
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.textContent()).toContain('Đã lưu kế hoạch');
    await approver.getByText('Đã lưu kế hoạch phiên bản 1: 168 xã, phường, tổng 168.000.000 ₫', { exact: false }).waitFor();
    await approver.context().close();
    const plan = (await request<{ items: { wardCode: string; wardName: string }[] }>(twin, 'GET', `/v1/funds/${FUND_ID}/plan`)).body.items;
    expect(plan).toHaveLength(168);
    state.wards = plan.slice(0, 3).map((w) => w.wardCode);

    const clerk = await (await newContext(browser, twin.url)).newPage();
    onTestFailed(async () => {
      if (!clerk.isClosed()) await screenshot(clerk, 'campaign-clerk-failed').catch(() => undefined);
    });
    await signIn(clerk, 'an', 'finance-clerk', `/console/disbursements?fund=${FUND_ID}`);
    const refs: string[] = [];
    for (const ward of plan.slice(0, 3)) {
      await clerk.getByLabel(/Tìm xã, phường/).fill(ward.wardName);
      // The search's answer (this ward among a few), not the province's first 50 before it.
      const options = clerk.getByLabel('Xã, phường nhận').locator('option');
      await expect.poll(async () => (await options.count()) < 50 && (await options.evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value))).includes(ward.wardCode), { timeout: 30_000 }).toBe(true);
      await clerk.getByLabel('Xã, phường nhận').selectOption(ward.wardCode);
      await clerk.getByLabel('Số tiền (đồng)').pressSequentially('1000000');
      await clerk.getByLabel('Mục đích').fill(`Hỗ trợ hộ khó khăn ${ward.wardName}`);
      await clerk.getByRole('button', { name: 'Lập đề nghị giải ngân' }).click();
      // The new request's code in the form's answer, or what the form said instead.
      const answer = async () => {
        const shown = await clerk.getByTestId('disbursement-ref').allTextContents();
        if (shown.length && !refs.includes(shown[0]!)) return true;
        return (await clerk.locator('.field-error:not([hidden]), .alert-error').allTextContents()).join(' | ');
      };
      await expect.poll(answer, { timeout: 15_000 }).toBe(true);
      refs.push((await clerk.getByTestId('disbursement-ref').first().textContent())!);
    }
    expect(new Set(refs).size).toBe(3);
    const approverToken = await staff(twin, 'lan', 'finance-approver');
    const clerkToken = await staff(twin, 'an', 'finance-clerk');
    for (const ref of refs) {
      expect((await request(twin, 'POST', `/v1/disbursements/${ref}/approve`, { body: {}, headers: { ...approverToken, ...idem() } })).status, ref).toBe(200);
      expect((await request(twin, 'POST', `/v1/disbursements/${ref}/pay`, { body: { bankRef: `FT-${ref}`, paidAt: new Date().toISOString() }, headers: { ...clerkToken, ...idem() } })).status, ref).toBe(200);
    }
    const totals = await fundTotals();
    expect(totals.disbursed).toBe(3_000_000);
    expect(totals.available).toBe(4_500_000);

    // Far above what is available: refused on the form, the shortfall in đồng, and nothing written.
    const disbursementsBefore = (await allItems(twin)).filter((item) => item.kind === 'DISBURSEMENT' && item.fundId === FUND_ID).length;
    for (const [viewport, name] of [[DESKTOP, '1280'], [PHONE, '360']] as const) {
      const p = await (await newContext(browser, twin.url, viewport)).newPage();
      await signIn(p, 'an', 'finance-clerk', `/console/disbursements?fund=${FUND_ID}`);
      await p.getByText('Quỹ còn có thể giải ngân: 4.500.000 ₫').waitFor({ timeout: 30_000 });
      await p.getByLabel(/Tìm xã, phường/).fill(plan[0]!.wardName);
      const options = p.getByLabel('Xã, phường nhận').locator('option');
      await expect.poll(async () => (await options.count()) < 50 && (await options.evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value))).includes(plan[0]!.wardCode), { timeout: 30_000 }).toBe(true);
      await p.getByLabel('Xã, phường nhận').selectOption(plan[0]!.wardCode);
      await p.getByLabel('Số tiền (đồng)').pressSequentially('50000000');
      await p.getByLabel('Mục đích').fill('Khoản chi vượt số dư');
      await p.getByRole('button', { name: 'Lập đề nghị giải ngân' }).click();
      const error = p.getByText('Vượt số dư khả dụng 4.500.000 ₫: thiếu 45.500.000 ₫.', { exact: false });
      await error.waitFor({ timeout: 30_000 });
      expect(await p.getByLabel('Số tiền (đồng)').getAttribute('aria-invalid')).toBe('true');
      expect(await overflowing(p)).toEqual([]);
      await expectAccessible(p, `shortfall at ${name} px`);
      await screenshot(p, `disbursement-shortfall-${name}`);
      await p.context().close();
    }
    // The API refuses it too, naming the field, in both languages with formatted amounts.
    const refused = await request<{ detail: string; errors: { path: string }[] }>(twin, 'POST', '/v1/disbursements', {
      body: { fundId: FUND_ID, beneficiary: { wardCode: plan[0]!.wardCode }, amount: 50_000_000, purpose: 'Khoản chi vượt số dư' },
      headers: { ...clerkToken, ...idem() },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e) => e.path)).toEqual(['body.amount']);
    expect(refused.body.detail).toContain('thiếu 45.500.000 ₫');
    expect((await allItems(twin)).filter((item) => item.kind === 'DISBURSEMENT' && item.fundId === FUND_ID)).toHaveLength(disbursementsBefore);
    await clerk.context().close();
  });

  it('4b. shows the chosen fund’s plan, never the rows of a fund left behind whose answer came last (a save would write them to the chosen one)', { timeout: STEP_MS }, async () => {
    const approver = await (await newContext(browser, twin.url)).newPage();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await approver.route(new RegExp(`/v1/funds/${FUND_ID}/plan$`), async (route) => {
      await held;
      await route.continue();
    });
    await signIn(approver, 'lan', 'finance-approver', `/console/plan?fund=${FUND_ID}`);
    // The campaign fund's 168 rows are held back; cuba-2025 has no province and no plan.
    await approver.locator('select[name="fundId"]').selectOption('cuba-2025');
    await approver.getByText('Quỹ này không gắn với một tỉnh', { exact: false }).waitFor({ timeout: 30_000 });
    const lateAnswer = approver.waitForResponse(new RegExp(`/v1/funds/${FUND_ID}/plan$`));
    release();
    await lateAnswer;
    // Long enough for the late answer to be drawn, if anything would draw it.
    await approver.waitForTimeout(500);
    expect(await approver.locator('tr[data-ward]').count()).toBe(0);
    expect(await approver.getByText('Quỹ này không gắn với một tỉnh', { exact: false }).isVisible()).toBe(true);
    await approver.context().close();
  });

  it('5. closes receiving: a new pledge gets 422, and a credit that still arrives is counted and flagged late', { timeout: STEP_MS }, async () => {
    const admin = await (await newContext(browser, twin.url)).newPage();
    await signIn(admin, 'quan', 'admin', '/console/funds');
    const card = admin.locator(`article[data-fund="${FUND_ID}"]`);
    await card.locator('[data-action="close-receiving"]').click();
    await card.getByText('Bấm lần nữa để xác nhận', { exact: false }).waitFor();
    await card.locator('[data-action="close-receiving"]').click();
    await expect.poll(() => admin.locator(`article[data-fund="${FUND_ID}"]`).getAttribute('data-status'), { timeout: 30_000 }).toBe('RECEIVING_CLOSED');
    await screenshot(admin, 'campaign-receiving-closed');
    await admin.context().close();

    // Closing takes effect once every instance's cached copy of the fund has expired.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const pledge = await page.evaluate(async (fundId) => {
      const response = await fetch('/v1/pledges', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ fundId, donor: { type: 'individual', name: 'Lê Thị Cúc' }, amount: 100_000, publishName: false }),
      });
      return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as { detail: string } };
    }, FUND_ID);
    expect(pledge.status).toBe(422);
    expect(pledge.type).toMatch(/^application\/problem\+json/);
    expect(pledge.body.detail).toMatch(/nhận ủng hộ|receiving/i);
    await page.goto('/pledge');
    await page.locator('h1').waitFor();
    expect(await page.locator(`option[value="${FUND_ID}"]`).count()).toBe(0);

    const clerk = await (await newContext(browser, twin.url)).newPage();
    await signIn(clerk, 'an', 'finance-clerk', `/console/statements?fund=${FUND_ID}`);
    const lateStatement = await importStatement(clerk, { accountNumber: BIDV.accountNumber, fileName: 'sao-ke-bidv-muon.csv', lines: [{ at: new Date().toISOString(), bankRef: '5120BIDV00042', amount: 700_000, memo: 'NGUYEN THI HOA ung ho chien dich' }] }, { matched: '0 · 0 ₫' });
    await clerk.context().close();
    const totals = await fundTotals();
    expect(totals.received).toBe(8_200_000);
    // The credit's receipt is its statement line's (DESIGN §9.3): counted, and flagged late.
    const headers = await staff(twin, 'an', 'finance-clerk');
    const lines = await request<{ items: { lineId: string }[] }>(twin, 'GET', `/v1/statements/${lateStatement}/lines`, { headers });
    const receipts = await Promise.all(lines.body.items.map(async (line) => (await request<{ amount: number; flags: string[] }>(twin, 'GET', `/v1/receipts/${line.lineId}`, { headers })).body));
    expect(receipts.filter((r) => r.flags.includes('LATE')).map((r) => r.amount)).toEqual([700_000]);
  });

  it('6. the portal shows the windows, both accounts and the plan against actual: sortable, drawn and downloadable, also at 360 px', { timeout: STEP_MS }, async () => {
    for (const [viewport, name] of [[DESKTOP, '1280'], [PHONE, '360']] as const) {
      const p = await (await newContext(browser, twin.url, viewport)).newPage();
      await p.goto(`/funds/${FUND_ID}`);
      await p.getByTestId('plan-table').waitFor({ timeout: 30_000 });
      expect(await p.getByTestId('receiving-window').textContent()).toMatch(/→ \d/);
      expect(await p.getByTestId('accounts').locator('li').allTextContents()).toEqual([expect.stringContaining(VCB.accountNumber), expect.stringContaining(BIDV.accountNumber)]);
      const rows = p.locator('tr[data-plan-ward]');
      expect(await rows.count()).toBe(168);
      expect(await p.getByTestId('plan-summary').textContent()).toContain('168 xã, phường · kế hoạch 168.000.000 ₫ · đã giải ngân 3.000.000 ₫');
      await p.getByTestId('plan-table').getByRole('button', { name: 'Đã giải ngân' }).click();
      const firstThree = await rows.evaluateAll((trs) => trs.slice(0, 3).map((tr) => tr.getAttribute('data-plan-ward')));
      expect([...firstThree].sort()).toEqual([...state.wards!].sort());
      expect(await rows.first().locator('td').nth(1).textContent()).toBe('1.000.000 ₫');
      expect(await p.locator('svg.plan-chart rect.bar-planned').count()).toBe(12);
      const csv = decodeURIComponent((await p.getByTestId('plan-csv').getAttribute('href'))!.replace(/^data:text\/csv;charset=utf-8,/, ''));
      expect(csv.split('\r\n').filter(Boolean)).toHaveLength(169);
      expect(csv).toContain(`${state.wards![0]},`);
      expect(await overflowing(p)).toEqual([]);
      await expectAccessible(p, `fund page with its plan at ${name} px`);
      await screenshot(p, `fund-plan-${name}`);
      await p.context().close();
    }
  });
});
