/**
 * Two promises of the portal, kept in Debian's Chromium on a 360 px phone:
 *
 *   - names by consent (DESIGN §7): a donor who pledged with a name and an e-mail, paid, and was
 *     reported, takes the name back from their pledge's page (a wrong contact first, refused in
 *     place), and the name is gone from the portal and every names file while each night verifies;
 *   - public supervision (§7.2): a citizen flags a paid payout without an account, an auditor
 *     answers it in the console's supervision tab, and the citizen reads the answer on the fund page.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runNightly } from '../../functions/reports/nightly';
import { urlSource } from '../../infra/local/verify-report';
import { PROJECT_ROOT, type Twin } from '../../infra/local/twin';
import { ERROR_LABELS } from '../../shared/domain/labels';
import { NAMES_FILE } from '../../shared/reports/names';
import { nodeHasher } from '../../shared/reports/node-hash';
import { verifyReport } from '../../shared/reports/verify';
import { buildWeb } from '../../web/build';
import { PHONE, expectAccessible, launchBrowser, newContext, overflowing, screenshot, signIn } from '../support/browser';
import { seedTestFund } from '../support/reports';
import { idem, request, staff, startTestTwin } from '../support/twin';

const WEB_DIR = join(PROJECT_ROOT, 'test-results', 'e2e-web-withdrawal-flags');
const FUND = `consent-${randomUUID().slice(0, 8)}`;
const DAY1 = '2025-10-05';
const DAY2 = '2025-10-06';
const EVENING = `${DAY1}T20:00:00+07:00`;
const DONOR = 'Hoàng Minh Tuấn';
const EMAIL = 'tuan.hoang@example.vn';
const REASON = 'Biên bản bàn giao của hội ghi số tiền khác với khoản chi này';
const ANSWER = 'Đã đối chiếu chứng từ: hội nhận đủ, biên bản ghi nhầm và đã được lập lại.';

let twin: Twin;
let browser: Browser;
let pledgeRef: string;
let payoutRef: string;
let certificatePath: string;

async function publicText(path: string): Promise<string> {
  const response = await fetch(`${twin.url}${path}`, { redirect: 'follow' });
  expect(response.status, path).toBe(200);
  return Buffer.from(await response.arrayBuffer()).toString('utf8');
}

const namesFiles = () => Promise.all([DAY1, DAY2, 'latest'].map((date) => publicText(`/v1/reports/${FUND}/${date}/files/${NAMES_FILE}`)));

/** Nothing sticks out of a 360 px screen, and the page itself never scrolls sideways. */
async function expectFitsPhone(page: Page, what: string): Promise<void> {
  expect(await overflowing(page), what).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), what).toBeLessThanOrEqual(PHONE.width);
}

async function phonePage(): Promise<Page> {
  return (await newContext(browser, twin.url, PHONE)).newPage();
}

beforeAll(async () => {
  await buildWeb({ outDir: WEB_DIR, quiet: true });
  twin = await startTestTwin({ startAt: EVENING, webDir: WEB_DIR });
  await seedTestFund(twin, FUND);
  const clerk = await staff(twin, 'thu', 'finance-clerk');
  const approver = await staff(twin, 'duyet', 'finance-approver');
  const pledge = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', {
    body: { fundId: FUND, donor: { type: 'individual', name: DONOR, email: EMAIL }, amount: 500_000, publishName: true },
    headers: idem(),
  });
  expect(pledge.status).toBe(201);
  pledgeRef = pledge.body.ref;
  for (const body of [
    { fundId: FUND, amount: 500_000, receivedAt: EVENING, method: 'bank', pledgeRef },
    { fundId: FUND, amount: 5_000_000, receivedAt: EVENING, method: 'cash' },
  ]) {
    const receipt = await request(twin, 'POST', '/v1/receipts', { body, headers: { ...clerk, ...idem() } });
    expect(receipt.status, JSON.stringify(receipt.body)).toBe(201);
  }
  const payout = await request<{ ref: string }>(twin, 'POST', '/v1/disbursements', {
    body: { fundId: FUND, beneficiary: { organisation: { name: 'Hội Chữ thập đỏ phường', taxCode: '0301234567' } }, amount: 2_000_000, purpose: 'Gạo cho hộ bị ngập' },
    headers: { ...clerk, ...idem() },
  });
  expect(payout.status, JSON.stringify(payout.body)).toBe(201);
  payoutRef = payout.body.ref;
  expect((await request(twin, 'POST', `/v1/disbursements/${payoutRef}/approve`, { body: {}, headers: { ...approver, ...idem() } })).status).toBe(200);
  const paid = await request(twin, 'POST', `/v1/disbursements/${payoutRef}/pay`, { body: { bankRef: 'FT-GAO-0001', paidAt: EVENING }, headers: { ...clerk, ...idem() } });
  expect(paid.status, JSON.stringify(paid.body)).toBe(200);
  // Two finished nights, so the withdrawal has more than one past report to keep verifiable.
  for (const [date, at] of [[DAY1, `${DAY2}T00:20:00+07:00`], [DAY2, '2025-10-07T00:20:00+07:00']] as const) {
    const run = await runNightly({ date, fundIds: [FUND] }, new Date(at));
    expect(run.failures).toEqual([]);
  }
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await twin?.stop();
});

describe('a donor withdraws their name in the browser', () => {
  let donor: Page;

  it('shows the paid, reported donor’s name on the fund page, the check page and in the names file, and links the pledge’s pages to the withdrawal', { timeout: 90_000 }, async () => {
    expect((await namesFiles()).every((text) => text.includes(DONOR))).toBe(true);
    donor = await phonePage();
    await donor.goto(`/funds/${FUND}`);
    await donor.locator('.donor-name', { hasText: DONOR }).waitFor();
    await expectFitsPhone(donor, 'fund page');
    await donor.goto(`/pledge/${pledgeRef}`);
    expect(await donor.getByTestId('withdraw-name-link').getAttribute('href')).toBe(`/withdraw-name?ref=${pledgeRef}`);
    await expectFitsPhone(donor, 'pledge page');
    await donor.goto(`/check?ref=${pledgeRef}`);
    const result = donor.locator(`[data-ref="${pledgeRef}"]`);
    await result.waitFor();
    expect(await result.textContent()).toContain(DONOR);
    await expectFitsPhone(donor, 'check page');
    // The receipt's certificate opens the name its signed leaf commits to, from names.jsonl.
    const received = donor.getByTestId('certificates').getByRole('link', { name: /đã nhận/ });
    certificatePath = (await received.getAttribute('href'))!;
    await received.click();
    await donor.getByTestId('certificate').waitFor();
    expect(await donor.getByTestId('certificate-donor').textContent()).toBe(DONOR);
    await donor.goto(`/check?ref=${pledgeRef}`);
    await result.waitFor();
  });

  it('refuses a wrong contact in place with the problem’s words, in Vietnamese and in English, and nothing changes', { timeout: 90_000 }, async () => {
    await donor.getByTestId('withdraw-name-link').click();
    await donor.getByTestId('withdraw-form').waitFor();
    expect(await donor.getByLabel(/Mã tham chiếu/).inputValue()).toBe(pledgeRef);
    await donor.getByLabel(/Email hoặc số điện thoại/).fill('someone.else@example.vn');
    await donor.getByRole('button', { name: 'Tiếp tục' }).click();
    const confirm = donor.getByTestId('withdraw-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(DONOR);
    await expectFitsPhone(donor, 'withdrawal confirmation');
    await expectAccessible(donor, 'withdrawal confirmation');
    await donor.getByRole('button', { name: 'Xác nhận rút tên' }).click();
    const refusal = donor.getByTestId('withdraw-outcome').getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(ERROR_LABELS['contact-mismatch']!.vi);
    expect(await donor.getByLabel(/Email hoặc số điện thoại/).getAttribute('aria-invalid')).toBe('true');
    expect(await donor.getByTestId('withdraw-form').isVisible()).toBe(true);
    await expectFitsPhone(donor, 'refused withdrawal');
    await screenshot(donor, 'withdraw-name-refused-phone');
    // The same refusal in English, the page redrawn in the other language with the code kept.
    await donor.getByRole('button', { name: 'Switch to English' }).click();
    await donor.getByLabel(/The e-mail or phone/).fill('someone.else@example.vn');
    await donor.getByRole('button', { name: 'Continue' }).click();
    await donor.getByRole('button', { name: 'Withdraw my name' }).click();
    const inEnglish = donor.getByTestId('withdraw-outcome').getByRole('alert');
    await inEnglish.waitFor();
    expect(await inEnglish.textContent()).toBe(ERROR_LABELS['contact-mismatch']!.en);
    await donor.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
    await donor.getByRole('heading', { name: 'Rút tên khỏi công bố' }).waitFor();
    expect((await namesFiles()).every((text) => text.includes(DONOR))).toBe(true);
    expect(await publicText(`/v1/funds/${FUND}/donors`)).toContain(DONOR);
  });

  it('withdraws the name with the pledge’s e-mail, however it is typed, and says what changed', { timeout: 90_000 }, async () => {
    await donor.getByLabel(/Email hoặc số điện thoại/).fill(`  ${EMAIL.toUpperCase()} `);
    await donor.getByRole('button', { name: 'Tiếp tục' }).click();
    await donor.getByRole('button', { name: 'Xác nhận rút tên' }).click();
    const done = donor.getByTestId('withdraw-outcome').getByRole('status');
    await done.waitFor();
    expect(await done.textContent()).toContain(`Đã rút tên của khoản ${pledgeRef}.`);
    expect(await done.textContent()).toContain('Tên đã được xoá khỏi 3 tệp tên');
    expect(await donor.getByTestId('withdraw-form').isVisible()).toBe(false);
    await expectFitsPhone(donor, 'withdrawal done');
    await expectAccessible(donor, 'withdrawal done');
    await screenshot(donor, 'withdraw-name-done-phone');
  });

  it('leaves the name on no portal page (donor list, check page, certificate), even in the donor’s own browser cache, nor in any names file', { timeout: 90_000 }, async () => {
    await donor.getByRole('link', { name: 'Xem khoản ủng hộ' }).click();
    const result = donor.locator(`[data-ref="${pledgeRef}"]`);
    await result.waitFor();
    expect(await result.textContent()).not.toContain(DONOR);
    expect(await result.textContent()).toContain('Nhà hảo tâm');
    await donor.goto(`/funds/${FUND}`);
    await donor.locator('.donor-name').first().waitFor();
    expect(await donor.locator('.donor-list').textContent()).not.toContain(DONOR);
    await donor.goto(certificatePath);
    await donor.getByTestId('certificate').waitFor();
    expect(await donor.getByTestId('certificate-donor').textContent()).toBe('Nhà hảo tâm');
    expect(await donor.getByTestId('certificate-proof').getAttribute('data-ok')).toBe('true');
    const stranger = await phonePage();
    await stranger.goto(`/funds/${FUND}`);
    await stranger.locator('.donor-name').first().waitFor();
    expect(await stranger.locator('.donor-list').textContent()).not.toContain(DONOR);
    await stranger.close();
    for (const text of await namesFiles()) {
      expect(text).not.toContain(DONOR);
      expect(text).toContain('"withdrawn":true');
    }
  });

  it('keeps every past night verifiable, its leaf now showing the name withdrawn', { timeout: 90_000 }, async () => {
    for (const date of [DAY1, DAY2]) {
      const result = await verifyReport(urlSource(`${twin.url}/v1/reports/${FUND}/${date}/files/`), { hasher: nodeHasher });
      expect(result.failure, date).toBeUndefined();
      expect(result.names?.map((n) => n.shown), date).toEqual(['withdrawn']);
    }
  });
});

describe('a citizen flags a payout and reads the auditor’s answer', () => {
  let citizen: Page;

  it('flags a paid disbursement from the fund page without an account, and sees it awaiting an answer', { timeout: 90_000 }, async () => {
    citizen = await phonePage();
    await citizen.goto(`/funds/${FUND}`);
    const flagButton = citizen.locator(`button[data-flag-ref="${payoutRef}"]`);
    await flagButton.waitFor();
    expect(await citizen.locator(`tr[data-ref="${payoutRef}"]`).textContent()).toContain('Đã chuyển tiền');
    await flagButton.click();
    const form = citizen.getByTestId('flag-form');
    await form.waitFor();
    await expectFitsPhone(citizen, 'flag form');
    await expectAccessible(citizen, 'flag form');
    await form.getByRole('button', { name: 'Gửi báo sai sót' }).click();
    expect(await form.locator('.field-error:not([hidden])').textContent()).toContain('ít nhất 10 ký tự');
    await form.getByLabel('Điều gì chưa đúng?').fill(REASON);
    await form.getByRole('button', { name: 'Gửi báo sai sót' }).click();
    const listed = citizen.locator('li.flag', { hasText: REASON });
    await listed.waitFor();
    expect(await listed.textContent()).toContain(payoutRef);
    expect(await listed.textContent()).toContain('Đang chờ kiểm toán viên trả lời.');
    await expectFitsPhone(citizen, 'fund page with the flag');
    await expectAccessible(citizen, 'fund page with the flag');
    await screenshot(citizen, 'flag-sent-phone');
  });

  it('lets an auditor answer it from the console’s supervision tab at 360 px', { timeout: 90_000 }, async () => {
    const auditor = await phonePage();
    await signIn(auditor, 'kiem', 'auditor');
    await auditor.getByRole('link', { name: 'Giám sát' }).click();
    await auditor.getByLabel('Quỹ').selectOption(FUND);
    const card = auditor.locator('article[data-flag]', { hasText: REASON });
    await card.waitFor();
    await expectFitsPhone(auditor, 'supervision tab');
    await card.getByLabel('Trả lời công khai').fill(ANSWER);
    await card.getByRole('button', { name: 'Đăng trả lời' }).click();
    const answered = auditor.locator('article[data-flag]', { hasText: ANSWER });
    await answered.waitFor();
    // Staff see who answered, by name: never the actor's raw code.
    expect(await answered.locator('.muted', { hasText: 'kiem' }).textContent()).toMatch(/^kiem · /);
    await expectFitsPhone(auditor, 'supervision tab, answered');
    await expectAccessible(auditor, 'supervision tab');
    await screenshot(auditor, 'flag-answered-console-phone');
    await auditor.close();
  });

  it('shows the citizen the auditor’s public answer once they reload the fund page, without the auditor’s name', { timeout: 90_000 }, async () => {
    await citizen.reload();
    const listed = citizen.locator('li.flag', { hasText: REASON });
    await listed.waitFor();
    await listed.locator('.flag-answer', { hasText: ANSWER }).waitFor();
    expect(await listed.textContent()).not.toContain('Đang chờ kiểm toán viên trả lời.');
    expect(await listed.textContent()).not.toContain('kiem');
    await expectFitsPhone(citizen, 'fund page with the answer');
    await screenshot(citizen, 'flag-answer-public-phone');
  });
});
