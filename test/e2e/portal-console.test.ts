/**
 * The portal and the console as people use them, in Debian's Chromium at 360 px (a phone) and
 * 1280 px (a desk), one test per finding of the usability review:
 *
 *   1. the verifier tells a valid report apart from a gift that is not in it yet; long keys wrap
 *   2. an approver has one queue across funds, with a count that follows every action
 *   3. at 360 px the amounts and statuses of the fund's tables are on screen
 *   4. the chart dates carry their year, shows a day below zero and a two-year pause
 *   5. the review queue is paginated, sortable, labelled, and keeps its confirmations in view
 *   8. the fund page reads a compact donor list, nothing while it sits idle, and does not shift
 *   9. actors, audit fields, errors and dates in the page's language, never as raw data
 *
 * Every screen passes axe-core (WCAG 2.2 AA and best practice) with no violation.
 */
import { PROJECT_ROOT } from '../../infra/local/twin';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedFunds } from '../../infra/local/seed';
import type { Twin } from '../../infra/local/twin';
import { addDays, vietnamToday } from '../../shared/domain/format';
import { closingOf } from '../../shared/reports/layout';
import { generateRef } from '../../shared/domain/refs';
import type { Fund } from '../../shared/domain/funds';
import { stores } from '../../shared/adapters/dynamo';
import { buildWeb } from '../../web/build';
import { batch, line, statement } from '../contract/fixture';
import { DESKTOP, PHONE, cumulativeLayoutShift, launchBrowser, newContext, overflowing, screenshot, signIn, expectAccessible } from '../support/browser';
import { journalEntry, writeJournal } from '../support/reports';
import { idem, request, staff, startTestTwin } from '../support/twin';

/** This file's own build of the web app: other files building theirs meanwhile cannot pull a chunk from under its pages. */
const WEB_DIR = join(PROJECT_ROOT, 'test-results', 'e2e-web-portal-console');

const STEP_MS = 150_000;
const RUN = Date.now().toString(36);
const VIEWPORTS = [
  ['360 px', PHONE],
  ['1280 px', DESKTOP],
] as const;

function fundOf(fundId: string, name: string, extra: Partial<Fund> = {}): Fund {
  return {
    fundId,
    name: { vi: name, en: name },
    description: { vi: 'Quỹ của bộ thử giao diện.', en: 'The fund of the interface suite.' },
    currency: 'VND',
    bankAccount: { bankBin: '970436', bankName: 'Vietcombank', accountNumber: '0071001262626', accountName: 'UY BAN MTTQ VN TP HCM' },
    opensOn: '2022-01-01',
    status: 'OPEN',
    provinceCode: '79',
    ...extra,
  };
}

const MAIN = fundOf(`ux-main-${RUN}`, 'Quỹ An sinh phường Sài Gòn');
const OTHER = fundOf(`ux-other-${RUN}`, 'Quỹ Cứu trợ bão lũ');
const HISTORY = fundOf(`ux-history-${RUN}`, 'Quỹ Khuyến học');

let twin: Twin;
let browser: Browser;
let clerkHeaders: Record<string, string>;
let approverHeaders: Record<string, string>;
/** Lê Văn Tâm's pledge of step 1, made through the public form. */
let tamRef: string;

/** Waits for what the page does after a request: generous, since the machine is shared with other suites. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

async function withPage<T>(viewport: { width: number; height: number }, run: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await newContext(browser, twin.url, viewport);
  try {
    return await run(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

/** Whether an element lies inside the viewport's width (a phone must not hide it off to the right). */
async function onScreen(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).first().evaluate((el) => {
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.left >= 0 && rect.right <= document.documentElement.clientWidth + 1;
  });
}

async function receive(fundId: string, amount: number): Promise<void> {
  const receipt = await request(twin, 'POST', '/v1/receipts', { body: { fundId, amount, receivedAt: '2026-11-20T09:00:00+07:00', method: 'cash' }, headers: { ...clerkHeaders, ...idem() } });
  expect(receipt.status).toBe(201);
}

async function requestDisbursement(fundId: string, amount: number, beneficiary: Record<string, unknown> = { wardCode: '26740' }): Promise<string> {
  const created = await request<{ ref: string }>(twin, 'POST', '/v1/disbursements', { body: { fundId, beneficiary, amount, purpose: `Hỗ trợ ${amount}` }, headers: { ...clerkHeaders, ...idem() } });
  expect(created.status).toBe(201);
  return created.body.ref;
}

beforeAll(async () => {
  await buildWeb({ outDir: WEB_DIR, quiet: true });
  twin = await startTestTwin({ seedAdminUnits: true, streams: true, webDir: WEB_DIR });
  await seedFunds(twin.documentClient, twin.tableName, [MAIN, OTHER, HISTORY]);
  clerkHeaders = await staff(twin, 'an', 'finance-clerk');
  approverHeaders = await staff(twin, 'lan', 'finance-approver');
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await twin?.stop();
});

describe('the portal and the console, at 360 px and 1280 px', () => {
  it('1. the verifier says the report is authentic and that a gift made after its cut-off will be in the next night’s report; keys and hashes wrap', { timeout: STEP_MS }, async () => {
    const today = vietnamToday();
    const lastNight = addDays(today, -1);
    // Last night's report holds one earlier gift; the donor pledges today, after its cut-off.
    await writeJournal(twin, [
      journalEntry(MAIN.fundId, `${addDays(today, -2)}T03:00:00Z`, { type: 'PLEDGE_MADE', entityRef: 'UHV1EWZE1', entityType: 'pledge', actor: 'public', deltas: { pledged: 300_000, pledgeCount: 1, donorCount: 1 }, publicDetails: { donor: 'Nhà hảo tâm' } }),
    ]);
    const { runNightly } = await import('../../functions/reports/nightly');
    // Run as the job runs once last night has closed (between 00:00 and 00:15 it has not yet).
    const run = await runNightly({ date: lastNight, fundIds: [MAIN.fundId] }, closingOf(lastNight));
    expect(run.failures).toEqual([]);
    const pledge = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', { body: { fundId: MAIN.fundId, donor: { type: 'individual', name: 'Lê Văn Tâm' }, amount: 500_000, publishName: true }, headers: idem() });
    expect(pledge.status).toBe(201);
    const ref = pledge.body.ref;
    tamRef = ref;

    for (const [name, viewport] of VIEWPORTS) {
      await withPage(viewport, async (page) => {
        await page.goto(`/verify?fund=${MAIN.fundId}&date=${lastNight}&ref=${ref}`);
        const report = page.locator('.verify-result');
        await report.waitFor({ timeout: 30_000 });
        expect(await report.getAttribute('data-ok'), name).toBe('true');
        expect(await report.locator('.check-bad').count(), name).toBe(0);
        expect(await report.getByRole('heading').textContent()).toContain('Báo cáo xác thực');
        const inclusion = page.locator('[data-inclusion]');
        expect(await inclusion.getAttribute('data-inclusion')).toBe('pending');
        const [y, m, d] = today.split('-').map(Number);
        const message = (await page.getByTestId('inclusion-message').textContent())!;
        expect(message).toContain('chưa có trong báo cáo đêm này');
        expect(message).toContain(`sẽ có trong báo cáo ngày ${d} tháng ${m} năm ${y}`);
        expect(message).toContain('công bố lúc 00:30');
        expect(message).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // no ISO timestamps in a sentence
        expect(await page.getByText('Đừng tin báo cáo này').count()).toBe(0);
        // The key fingerprint and the root hash wrap inside a phone's screen.
        expect(await overflowing(page), name).toEqual([]);
        expect(await onScreen(page, '[data-check="signature"] .check-text')).toBe(true);
        expect(await onScreen(page, '[data-testid="pinned-keys"]')).toBe(true);
        await expectAccessible(page, `verify at ${name}`);
        await screenshot(page, `verify-pending-${viewport.width}`);
      });
    }
  });

  it('2. an approver lands on one queue across funds, and its count follows each approval at once and other approvers’ work within 30 s', { timeout: STEP_MS }, async () => {
    await receive(MAIN.fundId, 50_000_000);
    await receive(OTHER.fundId, 50_000_000);
    for (const [name, viewport] of VIEWPORTS) {
      const here = await requestDisbursement(MAIN.fundId, 1_000_000);
      const there = await requestDisbursement(OTHER.fundId, 2_000_000, { organisation: { name: 'Hội Chữ thập đỏ', taxCode: '0301234567' } });
      await withPage(viewport, async (page) => {
        await page.clock.install();
        await signIn(page, `duyet-${viewport.width}`, 'finance-approver', '/console');
        await eventually(() => page.url()).toContain('/console/approvals');
        const queue = page.getByTestId('approval-queue');
        await queue.locator(`article[data-ref="${here}"]`).waitFor();
        await queue.locator(`article[data-ref="${there}"]`).waitFor();
        const waiting = await queue.locator('article[data-status="REQUESTED"]').count();
        expect(waiting, name).toBeGreaterThanOrEqual(2);
        expect(await page.getByTestId('queue-count').textContent()).toBe(String(waiting));
        expect(await page.getByTestId('approval-count').textContent()).toContain(`${waiting} khoản chờ phê duyệt, ở 2 quỹ`);
        expect(await queue.locator(`article[data-ref="${there}"]`).getByTestId('disbursement-fund').textContent()).toContain(OTHER.name.vi);
        await expectAccessible(page, `approval queue at ${name}`);
        await screenshot(page, `approval-queue-${viewport.width}`);

        // This approver approves one: the count drops at once.
        const mine = viewport === PHONE ? here : there;
        await queue.locator(`article[data-ref="${mine}"] [data-action="approve"]`).click();
        await eventually(() => queue.locator(`article[data-ref="${mine}"]`).getAttribute('data-status')).toBe('APPROVED');
        await eventually(() => page.getByTestId('queue-count').textContent()).toBe(String(waiting - 1));

        // Someone else requests one more: within 30 s the queue shows it without a reload.
        const late = await requestDisbursement(MAIN.fundId, 300_000);
        await page.clock.fastForward(31_000);
        await queue.locator(`article[data-ref="${late}"]`).waitFor();
        await eventually(() => page.getByTestId('queue-count').textContent()).toBe(String(waiting));
      });
    }
  });

  it('3. at 360 px every amount and status of the fund’s tables is on screen, as on a desk', { timeout: STEP_MS }, async () => {
    const ref = await requestDisbursement(MAIN.fundId, 4_000_000);
    const approved = await request(twin, 'POST', `/v1/disbursements/${ref}/approve`, { body: {}, headers: { ...approverHeaders, ...idem() } });
    expect(approved.status).toBe(200);
    for (const [name, viewport] of VIEWPORTS) {
      await withPage(viewport, async (page) => {
        await page.goto(`/funds/${MAIN.fundId}`);
        const row = page.locator(`tr[data-ref="${ref}"]`);
        await row.waitFor();
        for (const cell of ['td.num', 'td [data-status]']) {
          expect(await onScreen(page, `tr[data-ref="${ref}"] ${cell}`), `${name}: ${cell}`).toBe(true);
        }
        expect(await row.locator('td.num').textContent()).toBe('4.000.000 ₫');
        await page.locator('tr[data-ward="26740"]').waitFor();
        for (const cell of ['td:nth-of-type(1)', 'td:nth-of-type(2)', 'td:nth-of-type(3)']) {
          expect(await onScreen(page, `tr[data-ward="26740"] ${cell}`), `${name}: ward ${cell}`).toBe(true);
        }
        if (viewport === PHONE) {
          // Each column is named beside its value.
          expect(await row.locator('td.num').evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Số tiền"');
        }
        expect(await overflowing(page), name).toEqual([]);
        await expectAccessible(page, `fund page at ${name}`);
        await screenshot(page, `fund-tables-${viewport.width}`);
      });
    }
  });

  it('4. the chart’s dates carry their year, a day below zero is drawn below the line, and a two-year pause is two years of axis', { timeout: STEP_MS }, async () => {
    const at = (day: string) => `${day}T03:00:00Z`;
    await writeJournal(twin, [
      journalEntry(HISTORY.fundId, at('2024-09-01'), { type: 'RECEIPT_RECORDED', entityRef: '01J6A00000000000000000000A', entityType: 'receipt', deltas: { received: 1_200_000, receiptCount: 1 } }),
      journalEntry(HISTORY.fundId, at('2024-09-02'), { type: 'RECEIPT_RECORDED', entityRef: '01J6A00000000000000000000B', entityType: 'receipt', deltas: { received: 800_000, receiptCount: 1 } }),
      journalEntry(HISTORY.fundId, at('2026-09-01'), { type: 'RECEIPT_RECORDED', entityRef: '01J6A00000000000000000000C', entityType: 'receipt', deltas: { received: 500_000, receiptCount: 1 } }),
      journalEntry(HISTORY.fundId, at('2026-09-03'), { type: 'RECEIPT_REVERSED', entityRef: '01J6A00000000000000000000B', entityType: 'receipt', deltas: { received: -200_000, receiptCount: -1 } }),
    ]);
    await twin.waitForTotals(30_000);
    for (const [name, viewport] of VIEWPORTS) {
      await withPage(viewport, async (page) => {
        await page.goto(`/funds/${HISTORY.fundId}`);
        const chart = page.locator('svg.chart');
        await chart.waitFor();
        const labels = await chart.locator('.chart-x-label').allTextContents();
        expect(labels[0], name).toBe('01/09/2024');
        expect(labels.at(-1)).toBe('03/09/2026');
        expect(labels.every((l) => /^\d{2}\/\d{2}\/\d{4}$/.test(l))).toBe(true);
        // The reversal's day is drawn below the zero line.
        const negative = chart.locator('rect.bar-negative[data-day="2026-09-03"]');
        expect(await negative.getAttribute('data-value')).toBe('-200000');
        const zeroY = Number(await chart.locator('.chart-zero').getAttribute('y1'));
        expect(Number(await negative.getAttribute('y'))).toBeGreaterThanOrEqual(zeroY - 0.5);
        // Two years without figures take most of the axis, and are named.
        const gap = chart.locator('[data-gap="2024-09-02/2026-09-01"] rect');
        const width = Number((await chart.getAttribute('viewBox'))!.split(' ')[2]);
        expect(Number(await gap.getAttribute('width')) / width).toBeGreaterThan(0.6);
        expect(await page.locator('.chart-notes').textContent()).toContain('Không có số liệu từ 03/09/2024 đến 31/08/2026.');
        expect(await chart.locator('title').textContent()).toContain('từ 01/09/2024 đến 03/09/2026');
        await expectAccessible(page, `chart at ${name}`);
        await screenshot(page, `chart-${viewport.width}`);
      });
    }
  });

  it('5. the review queue pages its backlog 25 lines at a time, sorts by amount, labels every input, and keeps its confirmations in view', { timeout: STEP_MS }, async () => {
    const s = statement(OTHER.fundId, { status: 'COMPLETED', unmatched: 45, flagged: 15, counted: 60 });
    const lines = Array.from({ length: 60 }, (_, i) => line(i + 1, { amount: 10_000 + i * 1000, valueDate: addDays('2026-10-01', i % 30), status: i % 4 === 0 ? 'FLAGGED' : 'UNMATCHED', memo: `chuyen tien ung ho so ${i + 1}` }));
    await stores.transaction.commit([{ op: 'create', aggregate: { type: 'statement', value: s } }]);
    for (let i = 0; i < lines.length; i += 25) await stores.transaction.commit([{ op: 'create', aggregate: { type: 'statementBatch', value: batch(s, i + 1, lines.slice(i, i + 25)) } }]);

    for (const [name, viewport] of VIEWPORTS) {
      await withPage(viewport, async (page) => {
        await signIn(page, 'an', 'finance-clerk', `/console/unmatched?fund=${OTHER.fundId}`);
        const rows = page.locator('tr.review-line');
        await eventually(() => rows.count()).toBe(25);
        expect(await page.getByTestId('review-position').textContent(), name).toMatch(/^Trang 1\/\d+: dòng 1–25 trong \d+ dòng chờ xử lý$/);
        // Every input has a visible label, not a placeholder.
        expect(await page.getByLabel('Mã cam kết (UH…)').count()).toBe(25);
        expect(await page.getByLabel('Lý do bỏ qua').count()).toBe(25);
        expect(await page.locator('tr.review-line input[placeholder]').count()).toBe(0);
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        expect(height, `${name}: page height`).toBeLessThan(viewport === PHONE ? 12_000 : 4_000);

        const amounts = async () => (await rows.locator('th > span:first-child').allTextContents()).map((t) => Number(t.replace(/\D/g, '')));
        await page.getByLabel('Sắp xếp').selectOption('amount:desc');
        await eventually(async () => (await amounts())[0]).toBe(viewport === PHONE ? 69_000 : 68_000); // the phone set the largest aside
        const sorted = await amounts();
        expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
        await page.locator('[data-page="next"]').click();
        await eventually(() => page.getByTestId('review-position').textContent()).toMatch(/^Trang 2\//);
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('h-review');
        await page.locator('[data-page="prev"]').click();
        await eventually(async () => (await amounts())[0]).toBe(sorted[0]);

        // Set the largest aside: the confirmation is in view, and the focus is on the next line's input.
        const first = rows.first();
        const decidedId = await first.getAttribute('data-line-id');
        await first.getByLabel('Lý do bỏ qua').fill(`Trùng với biên lai tiền mặt ${viewport.width}`);
        await first.locator('[data-action="ignore"]').click();
        await eventually(() => page.getByTestId('review-notice').textContent()).toMatch(/^Đã bỏ qua dòng \d+\.$/);
        await eventually(() => page.locator(`tr[data-line-id="${decidedId}"]`).count()).toBe(0);
        const notice = await page.getByTestId('review-notice').boundingBox();
        expect(notice!.y, `${name}: confirmation in view`).toBeGreaterThanOrEqual(0);
        expect(notice!.y + notice!.height).toBeLessThanOrEqual(viewport.height);
        await eventually(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('code');
        await expectAccessible(page, `review queue at ${name}`);
        await screenshot(page, `review-queue-${viewport.width}`);
      });
    }
  });

  it('8. the fund page reads a compact donor list, nothing while it sits idle, and its layout does not shift; nor does the home page’s', { timeout: STEP_MS }, async () => {
    // A stranger's name is shown once money arrives against the pledge (DESIGN §8).
    const paid = await request(twin, 'POST', '/v1/receipts', { body: { fundId: MAIN.fundId, amount: 500_000, receivedAt: '2026-11-20T10:00:00+07:00', method: 'bank', pledgeRef: tamRef }, headers: { ...clerkHeaders, ...idem() } });
    expect(paid.status).toBe(201);
    for (const [name, viewport] of VIEWPORTS) {
      await withPage(viewport, async (page) => {
        await page.clock.install();
        const requests: string[] = [];
        page.on('request', (r) => requests.push(new URL(r.url()).pathname));
        await page.goto(`/funds/${MAIN.fundId}`);
        const donors = page.locator('.donor-list li');
        await donors.first().waitFor();
        expect(await page.locator('.donor-list').getByText('Lê Văn Tâm').count(), name).toBe(1);
        expect(await page.locator('.donor-list').textContent()).toContain('Nhà hảo tâm');
        expect(requests.filter((p) => p.includes('entries.jsonl')), name).toEqual([]);
        expect(requests).toContain(`/v1/funds/${MAIN.fundId}/donors`);
        expect(await cumulativeLayoutShift(page), `${name}: fund page CLS`).toBeLessThanOrEqual(0.1);

        // 95 s idle: the totals are asked for, nothing else.
        requests.length = 0;
        await page.clock.fastForward(95_000);
        await page.waitForTimeout(500);
        const apiCalls = requests.filter((p) => p.startsWith('/v1/') || p.startsWith('/reports/'));
        expect(apiCalls.length, name).toBeGreaterThan(0);
        expect(new Set(apiCalls), name).toEqual(new Set([`/v1/funds/${MAIN.fundId}`]));
        await expectAccessible(page, `fund page donors at ${name}`);

        await page.goto('/');
        await page.locator(`[data-fund="${MAIN.fundId}"]`).waitFor();
        expect(await cumulativeLayoutShift(page), `${name}: home page CLS`).toBeLessThanOrEqual(0.1);
      });
    }
  });

  it('9. actors, audit fields, errors and dates are written for people, in Vietnamese and in English', { timeout: STEP_MS }, async () => {
    const ref = await requestDisbursement(MAIN.fundId, 700_000);
    const approved = await request(twin, 'POST', `/v1/disbursements/${ref}/approve`, { body: {}, headers: { ...approverHeaders, ...idem() } });
    expect(approved.status).toBe(200);
    for (const [name, viewport] of VIEWPORTS) {
      await withPage(viewport, async (page) => {
        await signIn(page, 'thu', 'auditor', `/console/audit?ref=${ref}`);
        const rows = page.locator('tr[data-type]');
        await rows.first().waitFor();
        const text = (await page.locator('main').textContent())!;
        for (const raw of ['wardName', 'wardCode', 'purpose', 'staff:', 'bank:']) expect(text, `${name}: ${raw}`).not.toContain(raw);
        expect(await rows.first().locator('[data-detail="wardName"] dt').textContent()).toBe('Xã/phường');
        expect(await rows.first().locator('[data-detail="amount"] dd').textContent()).toBe('700.000 ₫');
        expect(await page.locator('[data-testid="actor"] strong').allTextContents()).toEqual(['an', 'lan']);
        expect(await rows.first().locator('td').first().textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
        await expectAccessible(page, `audit trail at ${name}`);

        // An error from the API, in the page's language, never the server's "vi / en" text.
        await page.goto(`/console/disbursements?fund=${MAIN.fundId}`);
        const unknown = generateRef('GN');
        await page.getByLabel('Mở theo mã GN').fill(unknown);
        await page.getByRole('button', { name: 'Mở', exact: true }).click();
        const error = page.locator('.field-error:not([hidden])').first();
        await error.waitFor();
        expect(await error.textContent()).toBe('Không tìm thấy.');
        await page.getByRole('button', { name: 'Switch to English' }).click();
        await page.getByLabel('Open by GN code').fill(unknown);
        await page.getByRole('button', { name: 'Open', exact: true }).click();
        await eventually(() => page.locator('.field-error:not([hidden])').first().textContent()).toBe('Not found.');
        await page.goto(`/console/audit?ref=${ref}`);
        await rows.first().waitFor();
        expect(await rows.first().locator('[data-detail="wardName"] dt').textContent()).toBe('Commune/ward');
        expect(await page.locator('[data-testid="actor"] .small').first().textContent()).toBe('Staff');
        await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
        await screenshot(page, `audit-${viewport.width}`);
      });
    }
  });

  // One test per width and side: thirty axe runs in one test outlast any fair timeout on a busy machine.
  describe('every page, public and signed in, passes axe (WCAG 2.2 AA and best practice) with no violation', () => {
    let pledgeRef: string;
    beforeAll(async () => {
      const pledge = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', { body: { fundId: MAIN.fundId, donor: { type: 'individual', name: 'Phạm Thu' }, amount: 100_000, publishName: false }, headers: idem() });
      pledgeRef = pledge.body.ref;
    });
    const publicPages = (): [string, string][] => [
      ['/', `[data-fund="${MAIN.fundId}"]`],
      [`/funds/${MAIN.fundId}`, '.donor-list'],
      ['/pledge', 'form'],
      [`/pledge/${pledgeRef}`, 'h1'],
      ['/check', 'form'],
      [`/check?ref=${pledgeRef}`, `[data-ref="${pledgeRef}"]`],
      ['/verify', 'form'],
      ['/trang-khong-co', 'h1'],
      ['/console', '#signin-user'],
    ];
    const consoleTabs: [string, string, string][] = [
      ['finance-approver', '/console/approvals', '[data-testid="approval-count"]:not(:empty)'],
      ['finance-clerk', '/console/receipts', 'form'],
      ['finance-clerk', `/console/statements?fund=${MAIN.fundId}`, 'form'],
      ['finance-clerk', `/console/unmatched?fund=${OTHER.fundId}`, 'tr.review-line, .review-queue .empty'],
      ['finance-clerk', `/console/disbursements?fund=${MAIN.fundId}`, 'article[data-ref], .disbursement-list [data-empty]'],
      ['auditor', '/console/audit', 'form'],
    ];
    for (const [name, viewport] of VIEWPORTS) {
      it(`the public pages at ${name}`, { timeout: STEP_MS }, async () => {
        await withPage(viewport, async (page) => {
          for (const [path, ready] of publicPages()) {
            await page.goto(path);
            await page.locator(ready).first().waitFor({ timeout: 30_000 });
            await expectAccessible(page, `${path} at ${name}`);
          }
        });
      });
      it(`the console's tabs, each signed in as its role, at ${name}`, { timeout: STEP_MS }, async () => {
        for (const [role, path, ready] of consoleTabs) {
          await withPage(viewport, async (page) => {
            await signIn(page, 'an', role, path);
            await page
              .locator(ready)
              .first()
              .waitFor({ timeout: 30_000 })
              .catch((error: unknown) => {
                throw new Error(`${path} as ${role} at ${name}: ${ready} never showed`, { cause: error });
              });
            await expectAccessible(page, `${path} as ${role} at ${name}`);
          });
        }
      });
    }
  });
});
