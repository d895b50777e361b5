/**
 * Real-browser support for the end-to-end suite: Debian's Chromium driven by playwright-core,
 * screenshots kept under test-results/e2e/, and axe-core for accessibility.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../infra/local/twin';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results', 'e2e');
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export async function newContext(browser: Browser, baseURL: string, viewport = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(15_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  return context;
}

let shot = 0;
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  shot++;
  const file = join(SCREENSHOT_DIR, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** What the accessibility check holds every page to: WCAG 2.0, 2.1 and 2.2 A/AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Runs axe-core on the page; returns every violation, whatever its impact, described for a failure message. */
export async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ path: join(PROJECT_ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, AXE_TAGS);
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * The page's layout shift so far: the largest session window of shifts not caused by input, as
 * Lighthouse and Core Web Vitals count CLS (windows end after a 1 s pause or at 5 s).
 */
/** Fails, naming the screen, on any axe violation of WCAG 2.2 AA or axe's best practices. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), `${what}: accessibility violations (WCAG 2.2 AA and best practice)`).toEqual([]);
}

export async function cumulativeLayoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const shifts: { startTime: number; value: number }[] = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
            if (!entry.hadRecentInput) shifts.push({ startTime: entry.startTime, value: entry.value });
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => {
          let worst = 0;
          let current = 0;
          let start = 0;
          let last = 0;
          for (const shift of shifts.sort((a, b) => a.startTime - b.startTime)) {
            if (current && (shift.startTime - last > 1000 || shift.startTime - start > 5000)) current = 0;
            if (!current) start = shift.startTime;
            current += shift.value;
            last = shift.startTime;
            worst = Math.max(worst, current);
          }
          resolve(worst);
        }, 100);
      }),
  );
}

/** Signs in to the console through the twin's local token issuer, as a person would. */
export async function signIn(page: Page, user: string, role: string, landing = '/console'): Promise<void> {
  await page.goto(landing);
  await page.getByLabel(/Tên đăng nhập|User name/).fill(user);
  await page.getByLabel(/^Vai trò$|^Role$/).selectOption(role);
  await page.getByRole('button', { name: /Đăng nhập|Sign in/ }).click();
  await page.getByTestId('whoami').waitFor();
}

/** Elements that stick out to the right of the viewport (a phone layout must not scroll sideways). */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const rect = el.getBoundingClientRect();
      if (rect.right > width + 1 && !el.closest('.table-scroll')) {
        out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} right=${Math.round(rect.right)}`);
      }
    }
    return out.slice(0, 10);
  });
}
