/**
 * "Find my transfer" on a 360 px phone, in Debian's Chromium: a statement of the 15th is imported
 * on the 16th, the 16th is finished and reported, and a donor finds their gift by the day, the
 * exact amount and a fragment of their name without diacritics, masked, with its proof checked
 * in the browser against the signed root.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runNightly } from '../../functions/reports/nightly';
import { PROJECT_ROOT, type Twin } from '../../infra/local/twin';
import { buildWeb } from '../../web/build';
import { PHONE, launchBrowser, newContext, overflowing, screenshot } from '../support/browser';
import { processToEnd, seedFund, upload } from '../support/statements';
import { idem, staff, startTestTwin } from '../support/twin';

const WEB_DIR = join(PROJECT_ROOT, 'test-results', 'e2e-web-transfer-search');
const FUND = `e2e-tim-gd-${randomUUID().slice(0, 8)}`;
const ACCOUNT = '19031932418077';
let twin: Twin;
let browser: Browser;

const statement = [
  'Techcombank',
  'ACCOUNT STATEMENT / SAO KÊ TÀI KHOẢN',
  `Số tài khoản / Account: ${ACCOUNT},,Chủ tài khoản: UY BAN MTTQ VN - QUY CUU TRO`,
  'Từ ngày 15/09/2024 đến ngày 15/09/2024',
  '',
  'Date,Remitter,Remitter bank,Details,Transaction No,Debit,Credit,Balance',
  '15/09/2024,NGUYỄN THỊ BÍCH,VCB,NGUYEN THI BICH ung ho dong bao TK 0071000987654,FT24900000000001,,"350,000",',
  '15/09/2024,PHẠM VĂN ĐỨC,VCB,ung ho ba con vung lu,FT24900000000002,,"350,000",',
].join('\r\n');

beforeAll(async () => {
  await buildWeb({ outDir: WEB_DIR, quiet: true });
  // The 16th, when the statement of the 15th is imported.
  twin = await startTestTwin({ webDir: WEB_DIR, streams: true, startAt: '2024-09-16T10:00:00+07:00' });
  await seedFund(twin, FUND, ACCOUNT, { bankBin: '970407', bankName: 'Techcombank' });
  const clerk = await staff(twin, 'an', 'finance-clerk');
  const uploaded = await upload(twin, { ...clerk, ...idem() }, FUND, statement);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(202);
  await processToEnd(twin, clerk, String(uploaded.body.id));
  await Promise.all([...twin.pollers.values()].map((poller) => poller.drain(30_000)));
  // The 16th finishes at 00:15 on the 17th: its report is built then (DESIGN §7).
  const run = await runNightly({ date: '2024-09-16', fundIds: [FUND] }, new Date('2024-09-17T00:30:00+07:00'));
  expect(run.failures).toEqual([]);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await twin?.stop();
  rmSync(WEB_DIR, { recursive: true, force: true });
});

describe('find my transfer on a phone', () => {
  it('finds the gift by day, amount and a name fragment without diacritics, masked, and its proof passes in the browser', async () => {
    const context = await newContext(browser, twin.url, PHONE);
    const page = await context.newPage();
    await page.goto('/transfer');
    await page.getByRole('heading', { name: /Tìm giao dịch|Find my transfer/ }).waitFor();
    await page.locator('select[name=fund]').selectOption(FUND);
    await page.locator('input[name=day]').fill('2024-09-15');
    await page.locator('input[name=amount]').fill('350000');
    await page.locator('input[name=q]').fill('nguyen thi');
    await page.locator('form button[type=submit]').click();

    const results = page.locator('li[data-receipt]');
    await expect.poll(() => results.count(), { timeout: 15_000 }).toBe(1);
    const text = (await results.first().textContent()) ?? '';
    expect(text).toContain('N. T. B.');
    expect(text).toContain('…7654');
    expect(text).not.toMatch(/NGUY[ỄE]N TH[ỊI] B[ÍI]CH/i);
    expect(text).not.toContain('0071000987654');
    await expect.poll(() => results.first().getByTestId('proof').getAttribute('data-ok'), { timeout: 15_000 }).toBe('true');
    const certificate = await results.first().locator('a[href^="/certificate/"]').getAttribute('href');
    expect(certificate).toMatch(new RegExp(`^/certificate/${FUND}/2024-09-16/\\d+$`));
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, 'transfer-search-phone');
    await context.close();
  });
});
