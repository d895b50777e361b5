/**
 * A gift's certificate in Debian's Chromium on a 360 px phone: a pledge and its receipt on an
 * evening, the day finished and reported, then the check page links the gift to its certificate,
 * which shows the amount in words, the leaf hash and a QR code to the verification page, proves
 * the leaf in the browser, and prints without the site's navigation. Beside it, the organisations
 * that pledge in bulk: their console page, their keys and their year statement.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runNightly } from '../../functions/reports/nightly';
import { PROJECT_ROOT, type Twin } from '../../infra/local/twin';
import { buildWeb } from '../../web/build';
import { PHONE, launchBrowser, newContext, overflowing, screenshot, signIn } from '../support/browser';
import { seedTestFund } from '../support/reports';
import { idem, request, staff, startTestTwin } from '../support/twin';

const WEB_DIR = join(PROJECT_ROOT, 'test-results', 'e2e-web-certificate');
const EVENING = '2025-09-02T20:00:00+07:00';
const FUND = `cert-${randomUUID().slice(0, 8)}`;
const AMOUNT = 1_005_000;

let twin: Twin;
let browser: Browser;
let page: Page;
const state: { ref?: string; leafIndex?: number; leafHash?: string; certificate?: string } = {};

beforeAll(async () => {
  await buildWeb({ outDir: WEB_DIR, quiet: true });
  twin = await startTestTwin({ startAt: EVENING, webDir: WEB_DIR });
  await seedTestFund(twin, FUND);
  const pledge = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', {
    body: { fundId: FUND, donor: { type: 'individual', name: 'Trần Thị Thu' }, amount: AMOUNT, publishName: true },
    headers: idem(),
  });
  expect(pledge.status).toBe(201);
  state.ref = pledge.body.ref;
  const receipt = await request(twin, 'POST', '/v1/receipts', {
    body: { fundId: FUND, amount: AMOUNT, receivedAt: '2025-09-02T20:00:00+07:00', method: 'bank', pledgeRef: state.ref },
    headers: { ...(await staff(twin, 'an', 'finance-clerk')), ...idem() },
  });
  expect(receipt.status, JSON.stringify(receipt.body)).toBe(201);
  // The evening is reported once its day has closed (DESIGN §7).
  const run = await runNightly({ date: '2025-09-02', fundIds: [FUND] }, new Date('2025-09-03T00:15:00+07:00'));
  expect(run.failures).toEqual([]);
  const proofs = await request<{ entries: { leafIndex: number; leafHash: string; entry: { type: string } }[] }>(twin, 'GET', `/v1/reports/${FUND}/2025-09-02/proof?ref=${state.ref}`);
  const received = proofs.body.entries.find((e) => e.entry.type === 'RECEIPT_RECORDED')!;
  state.leafIndex = received.leafIndex;
  state.leafHash = received.leafHash;
  browser = await launchBrowser();
  page = await (await newContext(browser, twin.url, PHONE)).newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await twin?.stop();
});

describe('an organisation’s statement in the console', () => {
  it('shows a staff member the year’s pledges and totals, and hides the console around it in print', { timeout: 90_000 }, async () => {
    const admin = await staff(twin, 'quan', 'admin');
    const org = await request<{ id: string }>(twin, 'POST', '/v1/organisations', { body: { name: 'Công đoàn Cấp nước' }, headers: { ...admin, ...idem() } });
    const key = await request<{ apiKey: string }>(twin, 'POST', `/v1/organisations/${org.body.id}/api-keys`, { body: { label: 'ERP' }, headers: { ...admin, ...idem() } });
    const made = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', {
      body: { fundId: FUND, donor: { type: 'organisation', name: 'Công đoàn Cấp nước' }, amount: 3_000_000, publishName: true },
      headers: { 'x-api-key': key.body.apiKey, ...idem() },
    });
    expect(made.status).toBe(201);
    const console = await (await newContext(browser, twin.url, PHONE)).newPage();
    await signIn(console, 'kiem', 'auditor', `/console/org-statement?org=${org.body.id}&year=2025`);
    const statement = console.getByTestId('org-statement');
    await statement.waitFor();
    expect(await statement.locator(`tr[data-ref="${made.body.ref}"]`).count()).toBe(1);
    expect(await console.getByTestId('org-statement-totals').textContent()).toContain('3.000.000 ₫');
    expect(await overflowing(console)).toEqual([]);
    await console.emulateMedia({ media: 'print' });
    expect(await console.locator('nav.tabs').isVisible()).toBe(false);
    expect(await statement.isVisible()).toBe(true);
    await screenshot(console, 'org-statement-print');
    await console.close();
  });
});

describe('organisations in the console', () => {
  it('lets an admin register an organisation, find it without accents, issue a key shown once, and revoke it', { timeout: 120_000 }, async () => {
    const console = await (await newContext(browser, twin.url, PHONE)).newPage();
    await signIn(console, 'quan', 'admin', '/console/organisations');
    await console.getByLabel('Tên tổ chức').fill('Hội Chữ thập đỏ phường Bến Thành');
    await console.getByLabel(/^Mã số thuế/).fill('0301234567');
    await console.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await console.getByText('Đã đăng ký Hội Chữ thập đỏ phường Bến Thành.').waitFor();
    const search = console.getByLabel(/Tìm theo tên/);
    await search.fill('chu thap do ben thanh');
    await console.locator('[data-testid="organisations"][data-query="chu thap do ben thanh"]').waitFor();
    const card = console.locator('article[data-org]', { hasText: 'Hội Chữ thập đỏ phường Bến Thành' });
    await card.waitFor();
    expect(await console.locator('article[data-org]').count()).toBe(1);
    const orgId = (await card.getAttribute('data-org'))!;
    expect(await card.getByRole('link', { name: 'Bảng kê năm' }).getAttribute('href')).toMatch(new RegExp(`^/console/org-statement\\?org=${orgId}&year=\\d{4}$`));

    await card.getByRole('button', { name: 'Khóa API' }).click();
    await card.getByText('Tổ chức chưa có khóa API.').waitFor();
    await card.getByLabel('Tên gợi nhớ của khóa').fill('Kế toán');
    await card.getByRole('button', { name: 'Cấp khóa mới' }).click();
    const secret = (await card.getByTestId('api-key-secret').textContent())!;
    expect(secret).toMatch(/^sv_[0-9a-f]{12}_/);
    const keyCard = card.locator('article[data-key]');
    await keyCard.waitFor();
    expect(await keyCard.textContent()).toContain(secret.slice(0, 16));
    expect(await keyCard.textContent()).not.toContain(secret);
    const pledge = (key: string) =>
      request(twin, 'POST', '/v1/pledges', { body: { fundId: FUND, donor: { type: 'organisation', name: 'Hội Chữ thập đỏ' }, amount: 500_000, publishName: true }, headers: { 'x-api-key': key, ...idem() } });
    expect((await pledge(secret)).status).toBe(201);
    expect(await overflowing(console)).toEqual([]);

    await keyCard.getByRole('button', { name: 'Thu hồi' }).click();
    await keyCard.getByText('Đã thu hồi').waitFor();
    expect((await pledge(secret)).status).toBe(401);
    await search.fill('khong co to chuc nay');
    await console.getByText('Không có tổ chức nào khớp “khong co to chuc nay”.').waitFor();
    await console.close();
  });
});

describe('a certificate for every gift', () => {
  it('is linked from the check page, once the gift is in a signed report', { timeout: 90_000 }, async () => {
    await page.goto(`/check?ref=${state.ref}`);
    const link = page.getByTestId('certificates').locator(`a[data-leaf="${state.leafIndex}"]`);
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/certificate/${FUND}/2025-09-02/${state.leafIndex}`);
    await link.click();
    await page.getByTestId('certificate').waitFor();
    state.certificate = page.url();
  });

  it('shows the verified facts: amount in words, published donor, leaf hash, a QR code to its verification, and the proof passing', { timeout: 60_000 }, async () => {
    const certificate = page.getByTestId('certificate');
    expect(await page.getByTestId('certificate-words').textContent()).toContain('Một triệu không trăm lẻ năm nghìn đồng');
    expect(await page.getByTestId('certificate-words').textContent()).toContain('One million five thousand dong');
    expect(await page.getByTestId('certificate-amount').textContent()).toContain('1.005.000 ₫');
    expect(await page.getByTestId('certificate-donor').textContent()).toBe('Trần Thị Thu');
    expect(await page.getByTestId('certificate-leaf-hash').textContent()).toBe(state.leafHash);
    expect(await page.getByTestId('certificate-proof').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('certificate-proof').textContent()).toMatch(/bằng chứng Merkle đều đạt/);
    const qr = page.getByTestId('certificate-qr');
    expect(await qr.locator('path').getAttribute('d')).toBeTruthy();
    expect(await qr.getAttribute('data-payload')).toBe(`${twin.url}/verify?fund=${FUND}&date=2025-09-02&leaf=${state.leafIndex}`);
    expect(await certificate.textContent()).toContain(state.ref!);
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, 'certificate-phone');
  });

  it('prints: the button calls window.print, and the print media hides the navigation', { timeout: 60_000 }, async () => {
    await page.evaluate(() => {
      const calls: number[] = [];
      (window as unknown as { printCalls: number[] }).printCalls = calls;
      window.print = () => void calls.push(Date.now());
    });
    await page.getByTestId('print').click();
    expect(await page.evaluate(() => (window as unknown as { printCalls: number[] }).printCalls.length)).toBe(1);
    expect(await page.locator('.site-header nav').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header nav').isVisible()).toBe(false);
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    expect(await page.getByTestId('certificate').isVisible()).toBe(true);
    await screenshot(page, 'certificate-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('asks the proof route for one leaf: an index past the tree is 404, neither or both of ref and leaf a 400 naming the field', async () => {
    const base = `/v1/reports/${FUND}/2025-09-02/proof`;
    const one = await request<{ entries: { leafIndex: number; leafHash: string }[] }>(twin, 'GET', `${base}?leaf=${state.leafIndex}`);
    expect(one.status).toBe(200);
    expect(one.body.entries.map((e) => [e.leafIndex, e.leafHash])).toEqual([[state.leafIndex, state.leafHash]]);
    expect((await request(twin, 'GET', `${base}?leaf=99`)).status).toBe(404);
    for (const query of ['', `?ref=${state.ref}&leaf=0`, '?leaf=-1', '?leaf=abc']) {
      const refused = await request<{ errors: { path: string }[] }>(twin, 'GET', `${base}${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.body.errors.map((e) => e.path)[0], query).toMatch(/^query\.(ref|leaf)$/);
    }
  });

  it('its QR code opens the verify page, which proves the same leaf', { timeout: 90_000 }, async () => {
    const target = await page.getByTestId('certificate-qr').getAttribute('data-payload');
    await page.goto(target!);
    const verdict = page.locator(`[data-leaf="${state.leafIndex}"]`);
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    expect(await verdict.textContent()).toContain(state.leafHash!);
    expect(await page.locator('.verify-result').getAttribute('data-ok')).toBe('true');
  });
});
