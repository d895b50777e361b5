/**
 * The console's page of one statement, in Debian's Chromium at desktop width and on a 360 px
 * phone: every row of the file accounted for (rows, counted, held with reasons, duplicates naming
 * the line each duplicates, balance breaks), and a held line whose amount the running balance
 * proves is counted in one click.
 *
 * Agribank's sample pair (part 2, then part 1, then part 1 again) gives held lines (two credits
 * whose amount the PDF's re-typing glued into the memo) and proven duplicates; a small BIDV
 * export whose third row does not continue the balance gives a break. The web app is built into a
 * directory of this file's own, so the journey's build cannot pull it away mid-test. The layouts
 * page maps an export the importer does not know, and a later file with its header imports with it.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT, type Twin } from '../../infra/local/twin';
import { buildWeb } from '../../web/build';
import { DESKTOP, PHONE, launchBrowser, newContext, overflowing, screenshot, axeViolations, signIn } from '../support/browser';
import { type Json, SAMPLE_PAIRS, allLines, fixture, processToEnd, seedFund, upload } from '../support/statements';
import { idem, request, staff, startTestTwin } from '../support/twin';

const WEB_DIR = join(PROJECT_ROOT, 'test-results', 'e2e-web-statement-page');
const AGRIBANK = `e2e-agribank-${Date.now().toString(36)}`;
const BIDV = `e2e-bidv-${Date.now().toString(36)}`;
type Statement = Json & { id: string; fileName: string; summary: { rows: number; counted: { count: number }; held: { count: number }; duplicates: { count: number } } };

let twin: Twin;
let browser: Browser;
let clerk: Record<string, string>;
const statements: { glued?: Statement; repeated?: Statement; broken?: Statement } = {};

async function importFile(fundId: string, body: Buffer | string, fileName: string): Promise<Statement> {
  const uploaded = await upload(twin, { ...clerk, ...idem() }, fundId, body, { fileName });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(202);
  const done = (await processToEnd(twin, clerk, uploaded.body.id as string)) as Statement;
  expect(done.status).toBe('COMPLETED');
  return done;
}

/** BIDV's export of three credits whose third balance is 100,000 ₫ more than the previous balance + its amount. */
function bidvWithBreak(): string {
  const lines = fixture('bidv-sample.part2.csv').toString('utf8').split(/\r?\n/);
  const header = lines.findIndex((l) => l.startsWith('STT,'));
  return [
    ...lines.slice(0, header + 1),
    '1,13/09/2024 03:57:00,,"500,000","2,612,275,403",Ung ho',
    '2,13/09/2024 03:57:57,,"200,000","2,612,475,403",Ung ho',
    '3,13/09/2024 03:58:30,,"50,000","2,612,625,403",Ung ho',
    '',
  ].join('\r\n');
}

async function openStatement(page: Page, fundId: string, statement: Statement): Promise<void> {
  await page.goto(`/console/statements?fund=${fundId}&id=${statement.id}`);
  await expect.poll(() => page.getByTestId('statement').getAttribute('data-status'), { timeout: 30_000 }).toBe('COMPLETED');
  await page.locator('tr[data-line-class]').first().waitFor();
}

const summary = (page: Page, key: string) => page.getByTestId('statement').locator(`[data-summary="${key}"]`).textContent();

async function showOnly(page: Page, lineClass: string): Promise<void> {
  await page.getByTestId('statement').locator('select[name="lineStatus"]').selectOption(lineClass);
  await expect
    .poll(() => page.locator('tr[data-line-class]').evaluateAll((rows, wanted) => rows.length > 0 && rows.every((r) => r.getAttribute('data-line-class') === wanted), lineClass), { timeout: 30_000 })
    .toBe(true);
}

/** Clicks the first held line's accept button; returns its line number once the page shows it counted. */
async function acceptFirstHeld(page: Page, heldBefore: number, countedBefore: number): Promise<number> {
  await showOnly(page, 'HELD');
  const row = page.locator('tr[data-line-class="HELD"]').first();
  const lineNo = Number(await row.getAttribute('data-line'));
  expect(await row.textContent()).toContain('số tiền suy ra từ số dư');
  await row.getByRole('button', { name: `Chấp nhận số tiền của dòng ${lineNo}` }).click();
  await expect.poll(() => summary(page, 'held'), { timeout: 30_000 }).toMatch(new RegExp(`^${heldBefore - 1} · `));
  expect(await summary(page, 'counted')).toMatch(new RegExp(`^${countedBefore + 1} · `));
  return lineNo;
}

beforeAll(async () => {
  await buildWeb({ outDir: WEB_DIR, quiet: true });
  twin = await startTestTwin({ webDir: WEB_DIR });
  clerk = await staff(twin, 'an', 'finance-clerk');
  const agribank = SAMPLE_PAIRS.agribank;
  await seedFund(twin, AGRIBANK, agribank.account, { bankBin: agribank.bankBin, bankName: agribank.bankName });
  await seedFund(twin, BIDV, SAMPLE_PAIRS.bidv.account, { bankBin: SAMPLE_PAIRS.bidv.bankBin, bankName: SAMPLE_PAIRS.bidv.bankName });
  statements.glued = await importFile(AGRIBANK, fixture('agribank-sample.part2.csv'), 'agribank-sample.part2.csv');
  await importFile(AGRIBANK, fixture('agribank-sample.part1.csv'), 'agribank-sample.part1.csv');
  statements.repeated = await importFile(AGRIBANK, fixture('agribank-sample.part1.csv'), 'agribank-sample.part1-lan-2.csv');
  statements.broken = await importFile(BIDV, bidvWithBreak(), 'bidv-so-du-lech.csv');
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await twin?.stop();
  rmSync(WEB_DIR, { recursive: true, force: true });
});

describe('the console pages of statements', () => {
  it('at desktop width: rows, counted, held with reasons, duplicates naming their lines, balance breaks; one click accepts an inferred amount', { timeout: 180_000 }, async () => {
    const glued = statements.glued!;
    expect(glued.summary.held.count).toBe(2);
    const context = await newContext(browser, twin.url, DESKTOP);
    const page = await context.newPage();
    try {
      await signIn(page, 'an', 'finance-clerk', `/console/statements?fund=${AGRIBANK}`);
      await openStatement(page, AGRIBANK, glued);
      const s = glued.summary;
      expect(await summary(page, 'rows')).toBe(String(s.rows));
      expect(await summary(page, 'counted')).toMatch(new RegExp(`^${s.counted.count} · `));
      expect(await summary(page, 'held')).toBe('2 · 110.000 ₫');
      expect(await summary(page, 'balanced')).toMatch(/^có/);
      expect(await summary(page, 'balance-breaks')).toBe('0');
      expect(await axeViolations(page)).toEqual([]);

      const accepted = await acceptFirstHeld(page, 2, s.counted.count);
      const counted = await allLines(twin, clerk, glued.id, 'COUNTED');
      expect(counted.filter((l) => l.lineNo === accepted).map((l) => [l.class, l.inferred])).toEqual([['COUNTED', true]]);
      await screenshot(page, 'statement-inferred-accepted-desktop');

      // The same lines uploaded again: every one a proven duplicate, naming the line of the file it repeats.
      await openStatement(page, AGRIBANK, statements.repeated!);
      expect(await summary(page, 'duplicates')).toMatch(new RegExp(`^${statements.repeated!.summary.duplicates.count} · `));
      expect(await summary(page, 'counted')).toBe('0 · 0 ₫');
      await showOnly(page, 'DUPLICATE');
      const duplicate = page.locator('tr[data-line-class="DUPLICATE"]').first();
      const lineNo = await duplicate.getAttribute('data-line');
      expect(await duplicate.textContent()).toContain(`Trùng với dòng ${lineNo} của tệp agribank-sample.part1.csv`);

      // A file whose running balance breaks: the row, what the balance should be and what it prints.
      await openStatement(page, BIDV, statements.broken!);
      expect(await summary(page, 'balance-breaks')).toBe('1');
      expect(await page.getByTestId('balance-breaks').textContent()).toContain('dòng 3 (hàng');
      expect(await page.getByTestId('balance-breaks').textContent()).toContain('cần 2.612.525.403 ₫, tệp ghi 2.612.625.403 ₫');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('on a 360 px phone: the same page fits the screen, and the other glued credit is accepted there', { timeout: 180_000 }, async () => {
    const glued = statements.glued!;
    const context = await newContext(browser, twin.url, PHONE);
    const page = await context.newPage();
    try {
      await signIn(page, 'an', 'finance-clerk', `/console/statements?fund=${AGRIBANK}`);
      await openStatement(page, AGRIBANK, glued);
      expect(await summary(page, 'held')).toMatch(/^1 · /);
      const countedBefore = Number((await summary(page, 'counted'))!.split(' · ')[0]);
      expect(countedBefore).toBe(glued.summary.counted.count + 1);
      expect(await overflowing(page)).toEqual([]);
      await acceptFirstHeld(page, 1, countedBefore);
      expect(await summary(page, 'held')).toBe('0 · 0 ₫');
      expect(await allLines(twin, clerk, glued.id, 'HELD')).toEqual([]);
      expect(await overflowing(page)).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'statement-inferred-accepted-phone');
    } finally {
      await context.close();
    }
  });

  it('on a 360 px phone: a clerk previews an unknown export, maps its columns, saves the layout, and a later file with that header imports with it', { timeout: 180_000 }, async () => {
    const acb = ['NGAN HANG TMCP A CHAU', 'Ngày GD;Gửi vào;Rút ra;Diễn giải', '20/09/2024;100.000;;Ung ho dong bao', '20/09/2024;250.000;;NGUYEN VAN AN ung ho', '20/09/2024;;11.000;Phi SMS', ''].join('\r\n');
    const context = await newContext(browser, twin.url, PHONE);
    const page = await context.newPage();
    try {
      await signIn(page, 'an', 'finance-clerk', `/console/mappings?fund=${AGRIBANK}`);
      await page.locator('input[name="sample"]').setInputFiles({ name: 'acb-thang-9.csv', mimeType: 'text/csv', buffer: Buffer.from(acb) });
      await page.getByRole('button', { name: 'Xem trước' }).click();
      const form = page.getByTestId('mapping-form');
      await form.waitFor();
      expect(await form.locator('tr[data-preview-row="3"]').textContent()).toContain('100.000');
      expect(await form.locator('select[name="headerRow"]').inputValue()).toBe('1');
      await form.locator('select[name="column-date"]').selectOption('Ngày GD');
      await form.locator('select[name="column-credit"]').selectOption('Gửi vào');
      await form.locator('select[name="column-debit"]').selectOption('Rút ra');
      await form.locator('select[name="column-memo"]').selectOption('Diễn giải');
      await form.locator('select[name="decimal"]').selectOption(',');
      await form.locator('input[name="mappingName"]').fill('ACB – tài khoản thanh toán');
      expect(await overflowing(page)).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      await form.getByRole('button', { name: 'Lưu mẫu' }).click();
      await page.getByText('Đã lưu mẫu “ACB – tài khoản thanh toán” (phiên bản 1).', { exact: false }).waitFor();
      await page.locator('tr[data-mapping-id]').first().waitFor();
      await screenshot(page, 'statement-layout-saved-phone');

      const saved = await request<{ items: { id: string; name: string; header: string[]; mapping: Json }[] }>(twin, 'GET', '/v1/statement-mappings', { headers: clerk });
      const mapping = saved.body.items.find((m) => m.name === 'ACB – tài khoản thanh toán')!;
      expect(mapping.header).toEqual(['Ngày GD', 'Gửi vào', 'Rút ra', 'Diễn giải']);
      expect(mapping.mapping).toMatchObject({ date: 'Ngày GD', credit: 'Gửi vào', debit: 'Rút ra', memo: 'Diễn giải', decimal: ',' });
      const imported = await importFile(AGRIBANK, acb, 'acb-thang-9.csv');
      expect(imported.format).toBe(`mapping:${mapping.id}`);
      // 20 Sep is after the Agribank files' period, so no line of theirs is a weak match of these.
      expect(imported.summary, JSON.stringify(imported.summary)).toMatchObject({ counted: { count: 3 }, held: { count: 0 }, duplicates: { count: 0 } });
    } finally {
      await context.close();
    }
  });
});
