/**
 * The end-to-end journey, in Debian's Chromium against an in-process twin:
 *
 *   1. pledge on the form                      → result page with the reference code and a VietQR image
 *   2. import a statement that pays it         → a clerk uploads the bank's file in the console, follows the
 *                                                import, sees each line's match; the pledge is FULFILLED
 *   3. totals change on the portal
 *   4. run the nightly report
 *   5. verify the report and the donation in the browser
 *   6. approve and pay a disbursement as two different staff users (the requester cannot approve)
 *   7. see it on the ward's row of the portal
 *   8. the next night's report links the fund's IATI and 360Giving files; download both
 *
 * Each step is one `it`, in order, sharing the state below. Every screen passes axe-core with no
 * violation of WCAG 2.2 AA or axe's best practices. Screenshots go to test-results/e2e/.
 */
import { PROJECT_ROOT } from '../../infra/local/twin';
import { join } from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedFunds } from '../../infra/local/seed';
import { addDays } from '../../shared/domain/format';
import { toHex } from '../../shared/reports/bytes';
import { closingOf } from '../../shared/reports/layout';
import type { Manifest } from '../../shared/reports/manifest';
import { portableHasher } from '../../shared/reports/sha256';
import type { Twin } from '../../infra/local/twin';
import type { Fund } from '../../shared/domain/funds';
import { buildWeb } from '../../web/build';
import { vietnamToday } from '../../web/src/format';
import { PHONE, SCREENSHOT_DIR, launchBrowser, newContext, overflowing, screenshot, signIn, expectAccessible } from '../support/browser';
import { giving360Validator, validateIati } from '../support/open-data-validators';
import { request, startTestTwin } from '../support/twin';

/** This file's own build of the web app: other files building theirs meanwhile cannot pull a chunk from under its pages. */
const WEB_DIR = join(PROJECT_ROOT, 'test-results', 'e2e-web-journey');

const STEP_MS = 90_000;
const FUND_ID = `e2e-${Date.now().toString(36)}`;
const WARD = { code: '26740', name: 'Phường Sài Gòn' };
const DONOR = 'Nguyễn Thị Mai';

const fund: Fund = {
  fundId: FUND_ID,
  name: { vi: 'Quỹ Tết vì người nghèo 2026', en: 'Tết for the poor 2026' },
  description: { vi: 'Quỹ dùng cho bộ thử nghiệm đầu cuối.', en: 'The fund of the end-to-end suite.' },
  currency: 'VND',
  target: 10_000_000,
  bankAccount: { bankBin: '970436', bankName: 'Vietcombank', accountNumber: '0071001262626', accountName: 'UY BAN MTTQ VN TP HCM - TET' },
  opensOn: '2025-12-01',
  status: 'OPEN',
  provinceCode: '79',
};

let twin: Twin;
let browser: Browser;
let citizen: BrowserContext;
let page: Page;
const state: { ref?: string; disbursementRef?: string; firstLoadGzip?: number; reportDate?: string } = {};

async function fundTotals(): Promise<Fund & { totals: Record<string, number> }> {
  await twin.waitForTotals(30_000);
  return (await request<Fund & { totals: Record<string, number> }>(twin, 'GET', `/v1/funds/${FUND_ID}`)).body;
}

/** Vietcombank's statement export for today: the donor's transfer carrying the pledge's code, and the bank's SMS fee. */
function vcbStatement(ref: string): Buffer {
  const [year, month, day] = vietnamToday().split('-');
  const date = `${day}/${month}/${year}`;
  const rows = [
    'TNXDate,DocNo,Debit,Credit,Balance,Transactions in Detail',
    `${date},5315.75595,,2.500.000,,MBVCB.2692481286.NGUYEN THI MAI chuyen tien.CT tu 1071054451631 NGUYEN THI MAI toi 0071001262626 ${ref} ung ho`,
    `${date},5316.00012,11.000,,,Thu phi dich vu SMS Banking thang ${month}/${year}`,
  ];
  return Buffer.from(`${rows.join('\r\n')}\r\n`);
}

beforeAll(async () => {
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  const built = await buildWeb({ outDir: WEB_DIR, quiet: true });
  state.firstLoadGzip = built.firstLoad.gzipBytes;
  twin = await startTestTwin({ seedAdminUnits: true, streams: true, webDir: WEB_DIR });
  await seedFunds(twin.documentClient, twin.tableName, [fund]);
  browser = await launchBrowser();
  citizen = await newContext(browser, twin.url);
  page = await citizen.newPage();
}, 180_000);

beforeEach(() => {
  // The citizen's page as it was when a step failed, next to the step's own screenshots.
  onTestFailed(async () => {
    if (page && !page.isClosed()) await screenshot(page, 'failed').catch(() => undefined);
  });
});

afterAll(async () => {
  await browser?.close();
  await twin?.stop();
});

describe('the web app in a real browser', () => {
  it('ships a portal whose first load is at most 100 KB of gzipped JavaScript', () => {
    expect(state.firstLoadGzip).toBeGreaterThan(0);
    expect(state.firstLoadGzip!).toBeLessThanOrEqual(100 * 1024);
  });

  it('shows the funds with live totals, in Vietnamese first and in English on request', { timeout: STEP_MS }, async () => {
    await page.goto('/');
    await expect.poll(() => page.locator(`[data-fund="${FUND_ID}"]`).count(), { timeout: 15_000 }).toBe(1);
    const card = page.locator(`[data-fund="${FUND_ID}"]`);
    expect(await card.getByRole('heading').textContent()).toBe('Quỹ Tết vì người nghèo 2026');
    expect(await card.locator('[data-field="received"]').textContent()).toBe('0 ₫');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await expectAccessible(page, 'portal home');
    await screenshot(page, 'portal-home');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Every đồng, in the open' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator(`[data-fund="${FUND_ID}"]`).getByRole('heading').textContent()).toBe('Tết for the poor 2026');
    await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Minh bạch từng đồng ủng hộ' }).waitFor();
  });

  it('1. pledges on the form: live amount formatting and words, one pledge for a double click, QR and bank details; the code checks out as pledged', { timeout: STEP_MS }, async () => {
    await page.goto(`/pledge?fund=${FUND_ID}`);
    await page.getByLabel('Họ tên hoặc tên tổ chức').fill(DONOR);
    const amount = page.getByLabel('Số tiền (đồng)');
    await amount.pressSequentially('2500000');
    expect(await amount.inputValue()).toBe('2.500.000');
    expect(await page.locator('.amount-words').textContent()).toBe('Hai triệu năm trăm nghìn đồng');
    await page.getByLabel('Tôi đồng ý công khai tên của tôi trong danh sách ủng hộ').check();
    await expectAccessible(page, 'pledge form');
    await screenshot(page, 'pledge-form');

    await page.getByRole('button', { name: 'Đăng ký ủng hộ' }).dblclick();
    const ref = (await page.getByTestId('pledge-ref').textContent())!;
    expect(ref).toMatch(/^UH[0-9A-HJKMNP-TV-Z]{7}$/);
    state.ref = ref;
    expect(await page.getByTestId('memo').textContent()).toContain(ref);
    const qr = page.locator('svg.qr');
    expect(Number(await qr.getAttribute('data-version'))).toBeGreaterThanOrEqual(1);
    expect((await qr.locator('path').getAttribute('d'))!.length).toBeGreaterThan(500);
    expect(await page.getByText('0071001262626', { exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: 'Chép mã tham chiếu' }).click();
    await page.getByText('Đã chép').first().waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ref);
    await expectAccessible(page, 'pledge result');
    await screenshot(page, 'pledge-result');

    const totals = await fundTotals();
    expect(totals.totals.pledgeCount).toBe(1); // the double click made one pledge
    expect(totals.totals.pledged).toBe(2_500_000);

    const phone = await newContext(browser, twin.url, PHONE);
    const phonePage = await phone.newPage();
    await phonePage.goto(`/pledge?fund=${FUND_ID}`);
    await phonePage.getByLabel('Họ tên hoặc tên tổ chức').waitFor();
    expect(await overflowing(phonePage)).toEqual([]);
    await screenshot(phonePage, 'pledge-form-360');
    await phone.close();

    // The donor checks the donation by its code, typed loosely: pledged, not paid yet.
    await page.goto('/check');
    const loose = `${state.ref!.slice(0, 5).toLowerCase()}-${state.ref!.slice(5).toLowerCase()}`;
    await page.getByLabel('Mã tham chiếu (bắt đầu bằng UH)').fill(loose);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    const result = page.locator(`[data-ref="${state.ref}"]`);
    await result.waitFor();
    expect(await result.locator('[data-status]').getAttribute('data-status')).toBe('PLEDGED');
    // Not paid yet: a pledge from the public form shows no name until money arrives (DESIGN §8).
    expect(await result.getByText(DONOR).count()).toBe(0);
    expect(await result.getByText('Nhà hảo tâm').count()).toBe(1);
    await page.getByLabel('Mã tham chiếu (bắt đầu bằng UH)').fill('UH1234567');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByText('Mã không hợp lệ', { exact: false }).waitFor();
    await expectAccessible(page, 'check my donation');
  });

  it('2. imports a bank statement that pays it: the clerk uploads the file in the console, follows the import and reviews the lines', { timeout: STEP_MS }, async () => {
    const clerk = await (await newContext(browser, twin.url)).newPage();
    await signIn(clerk, 'an', 'finance-clerk', `/console/statements?fund=${FUND_ID}`);
    expect(await clerk.getByTestId('whoami').textContent()).toContain('an');
    await clerk.getByLabel('Tệp sao kê (CSV hoặc Excel)').setInputFiles({ name: 'sao-ke-vcb.csv', mimeType: 'text/csv', buffer: vcbStatement(state.ref!) });
    await expectAccessible(clerk, 'console statements');

    // Every state the statement panel shows, from the upload's answer to the end of the import.
    await clerk.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { statusesSeen: string[] }).statusesSeen = seen;
      new MutationObserver(() => {
        const status = document.querySelector('[data-testid="statement"]')?.getAttribute('data-status');
        if (status && seen.at(-1) !== status) seen.push(status);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await clerk.getByRole('button', { name: 'Tải lên và nhập' }).click();
    const statement = clerk.getByTestId('statement');
    await expect.poll(() => statement.getAttribute('data-status'), { timeout: 30_000 }).toBe('COMPLETED');
    const seen = await clerk.evaluate(() => (window as unknown as { statusesSeen: string[] }).statusesSeen);
    expect(seen[0]).toBe('QUEUED'); // the upload's answer, shown while the console drives the import
    expect(seen.at(-1)).toBe('COMPLETED');
    expect(await statement.locator('progress').evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([2, 2]);
    expect(await statement.locator('.progress-text').textContent()).toBe('Đã xử lý 2/2 dòng (100%)');
    expect(await statement.getByTestId('statement-status').textContent()).toBe('Đã nhập xong');
    const summary = (key: string) => statement.locator(`[data-summary="${key}"]`).textContent();
    expect(await summary('rows')).toBe('3');
    expect(await summary('counted')).toBe('2 · 2.500.000 ₫');
    expect(await summary('held')).toBe('0 · 0 ₫');
    expect(await summary('matched')).toBe('1 · 2.500.000 ₫');
    expect(await summary('flagged')).toBe('1 · 11.000 ₫');
    expect(await summary('unmatched')).toBe('0 · 0 ₫');
    expect(await clerk.getByText('Đã tính 2 dòng, khớp 1.').count()).toBe(1);

    // Each line with its match status: the donor's transfer paid the pledge, the bank's fee waits for a person.
    const rows = statement.locator('tr[data-line-class="COUNTED"]');
    await expect.poll(() => rows.count()).toBe(2);
    const paid = statement.locator('tr[data-line-status="MATCHED"]');
    expect(await paid.getByTestId('matched-ref').textContent()).toBe(state.ref);
    expect(await paid.locator('td').nth(2).textContent()).toBe('+2.500.000 ₫');
    const fee = statement.locator('tr[data-line-status="FLAGGED"]');
    expect(await fee.locator('td').nth(2).textContent()).toBe('−11.000 ₫');
    expect(await fee.textContent()).toContain('khoản chi không rõ');
    await expectAccessible(clerk, 'statement imported');
    await screenshot(clerk, 'console-statement-imported');
    await clerk.getByLabel('Trạng thái dòng').selectOption('FLAGGED');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-line-status')).toBe('FLAGGED');
    expect(await clerk.locator(`tr[data-statement-id="${await statement.getAttribute('data-statement-id')}"]`).count()).toBe(1); // in the fund's list

    // The unmatched lines of the fund, where the clerk sets the fee aside with a reason.
    await statement.getByTestId('review-link').click();
    const review = clerk.locator('tr.review-line[data-line-status]');
    await review.first().waitFor();
    expect(await review.count()).toBe(1);
    expect(await review.first().getAttribute('data-line-status')).toBe('FLAGGED');
    expect(await clerk.locator('[data-reconciliation="statement"]').textContent()).toBe('2.489.000 ₫');
    expect(await clerk.locator('[data-reconciliation="ledger"]').textContent()).toBe('2.500.000 ₫');
    await expectAccessible(clerk, 'console unmatched lines');
    await screenshot(clerk, 'console-unmatched');
    await review.first().getByLabel('Lý do bỏ qua').fill('Phí dịch vụ SMS của ngân hàng');
    await review.first().locator('[data-action="ignore"]').click();
    await clerk.getByText('Không còn dòng nào cần xử lý.').waitFor();
    expect(await clerk.getByTestId('review-notice').textContent()).toBe('Đã bỏ qua dòng 2.');

    // The receipt the import booked, in the clerk's list, and its history.
    await clerk.goto(`/console/receipts?fund=${FUND_ID}`);
    const receipt = clerk.getByRole('row').filter({ has: clerk.getByRole('cell', { name: '2.500.000 ₫', exact: true }) });
    await receipt.waitFor();
    expect(await receipt.textContent()).toContain(state.ref);
    await expectAccessible(clerk, 'console receipts');
    await receipt.getByRole('link', { name: /Lịch sử khoản thu/ }).click();
    await clerk.locator('tr[data-type="RECEIPT_RECORDED"]').waitFor();
    expect(await clerk.locator('tr[data-type="RECEIPT_RECORDED"]').textContent()).toContain('+2.500.000 ₫');
    await expectAccessible(clerk, 'console audit trail');
    await clerk.context().close();

    await page.goto(`/check?ref=${state.ref}`);
    await page.locator('[data-status="FULFILLED"]').waitFor();
    expect(await page.getByTestId('received').textContent()).toBe('2.500.000 ₫');
  });

  it('3. shows the new totals on the portal', { timeout: STEP_MS }, async () => {
    await fundTotals();
    await page.goto(`/funds/${FUND_ID}`);
    const received = page.locator('[data-total="received"] dd');
    await expect.poll(() => received.textContent(), { timeout: 15_000 }).toBe('2.500.000 ₫');
    expect(await page.getByRole('progressbar').first().getAttribute('aria-valuenow')).toBe('25');
    await expectAccessible(page, 'fund page');
  });

  it('4. runs the nightly report and publishes it on the fund page', { timeout: STEP_MS }, async () => {
    const { runNightly } = await import('../../functions/reports/nightly');
    state.reportDate = vietnamToday();
    // Tonight's report, run as the job does once the day has closed.
    const run = await runNightly({ date: state.reportDate, fundIds: [FUND_ID] }, closingOf(state.reportDate));
    expect(run.failures).toEqual([]);
    expect(run.results[0]).toMatchObject({ fundId: FUND_ID, status: 'published' });

    await page.goto(`/funds/${FUND_ID}`);
    await page.locator(`tr[data-date="${state.reportDate}"]`).waitFor();
    await page.locator('.donor-list').getByText(DONOR).waitFor(); // published with consent, from the report
    await screenshot(page, 'fund-page-report');

  });

  it('5. verifies the report, and the donation in it, in the browser', { timeout: STEP_MS }, async () => {
    await page.goto(`/verify?fund=${FUND_ID}&date=${state.reportDate}&ref=${state.ref}`);
    const verdict = page.locator('.verify-result');
    await verdict.waitFor({ timeout: 30_000 });
    const failed = await page.locator('.check-bad').allTextContents();
    expect(failed).toEqual([]);
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    expect(await page.locator('[data-check="signature"]').getAttribute('class')).toContain('check-ok');
    const included = await page.locator('[data-check^="inclusion:"]').allTextContents();
    // Entry types are named as the signed report's entries.csv names them. The statement line's
    // match is its receipt's leaf (DESIGN §9.3: one leaf per gift, carrying the pledge it paid).
    expect(included.map((text) => /\((.+)\)/.exec(text)?.[1])).toEqual(['đăng ký ủng hộ', 'ghi nhận tiền vào']);
    expect(await page.locator('[data-inclusion]').getAttribute('data-inclusion')).toBe('included');
    expect(await page.getByTestId('inclusion-message').textContent()).toContain(`${state.ref} có trong báo cáo`);
    await expectAccessible(page, 'verify');
    await screenshot(page, 'verify');
  });

  it('6. approves and pays a disbursement as two different staff users; the requester cannot approve it', { timeout: STEP_MS }, async () => {
    const clerk = await (await newContext(browser, twin.url)).newPage();
    await signIn(clerk, 'an', 'finance-clerk', `/console/disbursements?fund=${FUND_ID}`);
    await clerk.getByLabel(/Tìm xã, phường/).fill('sai gon');
    await expect.poll(() => clerk.getByLabel('Xã, phường nhận').locator('option').first().getAttribute('value'), { timeout: 10_000 }).toBe(WARD.code);
    await clerk.getByLabel('Xã, phường nhận').selectOption(WARD.code);
    await clerk.getByLabel('Số tiền (đồng)').pressSequentially('1000000');
    await clerk.getByLabel('Mục đích').fill('Quà Tết cho hộ nghèo phường Sài Gòn');
    await expectAccessible(clerk, 'console disbursements');
    await clerk.getByRole('button', { name: 'Lập đề nghị giải ngân' }).click();
    const ref = (await clerk.getByTestId('disbursement-ref').textContent())!;
    expect(ref).toMatch(/^GN[0-9A-HJKMNP-TV-Z]{7}$/);
    state.disbursementRef = ref;
    const card = (p: Page) => p.locator(`article[data-ref="${ref}"]`);
    expect(await card(clerk).getAttribute('data-status')).toBe('REQUESTED');
    expect(await card(clerk).locator('[data-role="requester"] dd').textContent()).toContain('an');

    // The same person, now with the approver role: the approve button is disabled and says why.
    const self = await (await newContext(browser, twin.url)).newPage();
    await signIn(self, 'an', 'finance-approver', `/console/disbursements?fund=${FUND_ID}`);
    const ownApprove = card(self).locator('[data-action="approve"]');
    await ownApprove.waitFor();
    expect(await ownApprove.getAttribute('aria-disabled')).toBe('true');
    expect(await card(self).getByTestId('self-approve-note').textContent()).toContain('không thể tự phê duyệt');
    await ownApprove.click({ force: true });
    expect(await card(self).getAttribute('data-status')).toBe('REQUESTED');
    await screenshot(self, 'console-self-approve-disabled');
    await self.context().close();

    // A different approver approves.
    const approver = await (await newContext(browser, twin.url)).newPage();
    await signIn(approver, 'lan', 'finance-approver', `/console/disbursements?fund=${FUND_ID}`);
    // The approver's list opens on what waits for approval: nobody has to pass the code along.
    expect(await approver.getByLabel('Trạng thái', { exact: true }).inputValue()).toBe('REQUESTED');
    await card(approver).waitFor();
    expect(await approver.locator('article[data-status]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-status')))).toEqual(['REQUESTED']);
    await expectAccessible(approver, 'console approvals');
    await screenshot(approver, 'console-approvals');
    await card(approver).locator('[data-action="approve"]').click();
    await expect.poll(() => card(approver).getAttribute('data-status'), { timeout: 15_000 }).toBe('APPROVED');
    expect(await card(approver).locator('[data-role="approver"] dd').textContent()).toContain('lan');
    await approver.context().close();

    // The clerk pays.
    await clerk.reload();
    await card(clerk).getByLabel(/Mã giao dịch chuyển tiền/).fill('FT25E2EOUT1');
    await card(clerk).locator('[data-action="pay"]').click();
    await expect.poll(() => card(clerk).getAttribute('data-status'), { timeout: 15_000 }).toBe('PAID');
    expect(await card(clerk).locator('[data-role="approver"] dd').textContent()).toContain('lan');
    expect(await card(clerk).locator('[data-role="payer"] dd').textContent()).toContain('FT25E2EOUT1');
    await screenshot(clerk, 'console-disbursement-paid');
    // The payer cannot confirm their own payment: the button says why instead of earning a 403.
    expect(await card(clerk).locator('[data-action="confirm"]').getAttribute('aria-disabled')).toBe('true');
    expect(await card(clerk).getByTestId('self-confirm-note').textContent()).toContain('không thể tự xác nhận');

    await clerk.goto(`/console/audit?ref=${ref}`);
    await clerk.locator('tr[data-type="DISBURSEMENT_PAID"]').waitFor();
    expect(await clerk.locator('[data-testid="actor"] strong').allTextContents()).toEqual(['an', 'lan', 'an']);
    expect(await clerk.locator('[data-testid="actor"]').first().textContent()).toContain('Cán bộ');
    await clerk.context().close();
  });

  it('7. shows the disbursement on the ward’s row of the portal, also on a 360 px phone', { timeout: STEP_MS }, async () => {
    await fundTotals();
    const phone = await newContext(browser, twin.url, PHONE);
    const p = await phone.newPage();
    await p.goto(`/funds/${FUND_ID}`);
    await p.locator(`tr[data-ref="${state.disbursementRef}"]`).waitFor();
    const row = p.locator(`tr[data-ward="${WARD.code}"]`);
    await row.waitFor();
    expect(await row.locator('th').textContent()).toContain(WARD.name);
    expect(await row.locator('td').first().textContent()).toBe('1.000.000 ₫');
    await p.getByLabel(/Tìm xã, phường/).fill('phuong sai gon');
    expect(await p.locator('tr[data-ward]').count()).toBe(1);
    await p.getByLabel(/Tìm xã, phường/).fill('ben thanh');
    expect(await p.locator('tr[data-ward]').count()).toBe(0);
    await p.getByLabel(/Tìm xã, phường/).fill('');
    await expect.poll(() => p.locator('[data-total="disbursed"] dd').textContent(), { timeout: 15_000 }).toBe('1.000.000 ₫');
    expect(await overflowing(p)).toEqual([]);
    await expectAccessible(p, 'fund page on a phone');
    await screenshot(p, 'fund-page-360');
    await p.getByRole('button', { name: 'Switch to English' }).click();
    await p.getByRole('heading', { name: 'Where the money went' }).waitFor();
    expect(await p.locator(`tr[data-ward="${WARD.code}"] td`).first().textContent()).toBe('1.000.000 ₫');
    await expectAccessible(p, 'fund page in English');
    await screenshot(p, 'fund-page-360-en');
    await p.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
    await p.goto('/');
    await screenshot(p, 'portal-home-360');
    await phone.close();
  });

  it('8. links the next night’s IATI and 360Giving files on the fund page; both download, as signed and valid', { timeout: STEP_MS }, async () => {
    const { runNightly } = await import('../../functions/reports/nightly');
    // Tonight is published already (step 4); the disbursement is in the next night's report.
    const date = addDays(state.reportDate!, 1);
    const run = await runNightly({ date, fundIds: [FUND_ID] }, closingOf(date));
    expect(run.failures).toEqual([]);
    const manifest = JSON.parse(await (await fetch(`${twin.url}/reports/${FUND_ID}/${date}/manifest.json`)).text()) as Manifest;

    await page.goto(`/funds/${FUND_ID}`);
    const row = page.locator(`tr[data-date="${date}"]`);
    await row.waitFor();
    const downloaded: Record<string, Buffer> = {};
    for (const name of ['iati-activity.xml', '360giving.json'] as const) {
      const link = row.locator(`a[data-file="${name}"]`);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe(name);
      downloaded[name] = readFileSync((await download.path())!);
      expect({ sha256: toHex(portableHasher.sha256(downloaded[name]!)), bytes: downloaded[name]!.length }, name).toEqual(manifest.files[name]);
    }
    // Last night's report had no grant yet: its row links the IATI file only.
    const earlier = page.locator(`tr[data-date="${state.reportDate}"]`);
    expect(await earlier.locator('a[data-file="iati-activity.xml"]').count()).toBe(1);
    expect(await earlier.locator('a[data-file="360giving.json"]').count()).toBe(0);

    const xml = downloaded['iati-activity.xml']!.toString('utf8');
    expect((await validateIati(xml)).errors).toEqual([]);
    expect(xml).toContain(state.disbursementRef);
    expect(xml).not.toContain(DONOR);
    const pkg = JSON.parse(downloaded['360giving.json']!.toString('utf8'));
    expect(giving360Validator()(pkg).errors).toEqual([]);
    expect(pkg.grants.map((g: { amountAwarded: number }) => g.amountAwarded)).toEqual([1_000_000]);
    await expectAccessible(page, 'fund page with open data');
    await screenshot(page, 'fund-page-open-data');
  });
});
