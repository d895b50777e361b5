/**
 * The browser verifier on a 360 px phone in Debian's Chromium: the verify page shows the signing
 * key fingerprint the build pins, and a report verifies with every figure re-derived. A report
 * whose builder signed a wrong summary, CSV or page fails naming that file, and a server that
 * offers a key nobody pinned fails naming keys.json. The doctored files are served in place of
 * the real ones (page.route), each signed as a dishonest builder would sign it.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import { runNightly } from '../../functions/reports/nightly';
import { PROJECT_ROOT, type Twin } from '../../infra/local/twin';
import { reportSigner } from '../../shared/adapters/signing';
import { fromUtf8, toHex, utf8 } from '../../shared/reports/bytes';
import { manifestBytes, signManifest, signerRecord, type Manifest, type Signer } from '../../shared/reports/manifest';
import { nodeHasher } from '../../shared/reports/node-hash';
import { buildWeb } from '../../web/build';
import { PHONE, launchBrowser, newContext, overflowing, screenshot } from '../support/browser';
import { journalEntry, seedTestFund, writeJournal } from '../support/reports';
import { startTestTwin } from '../support/twin';
import { ephemeralSigner } from '../support/signer';

const WEB_DIR = join(PROJECT_ROOT, 'test-results', 'e2e-web-verify');
const FUND = `kiem-chung-${randomUUID().slice(0, 8)}`;
const D1 = '2025-11-01';
const D2 = '2025-11-02';

let twin: Twin;
let browser: Browser;
let page: Page;
let pinnedKeyId: string;

function at(date: string, hhmm: string): string {
  return new Date(`${date}T${hhmm}:00+07:00`).toISOString();
}

beforeAll(async () => {
  // The bundle pins the key the nightly job signs with here, as a deploy pins its KMS key.
  pinnedKeyId = (await signerRecord(reportSigner(), nodeHasher)).keyId;
  process.env.SOVANG_PINNED_KEY_IDS = pinnedKeyId;
  await buildWeb({ outDir: WEB_DIR, quiet: true });
  twin = await startTestTwin({ webDir: WEB_DIR });
  await seedTestFund(twin, FUND);
  const day = (date: string, n: number) => [
    journalEntry(FUND, at(date, '09:00'), { type: 'PLEDGE_MADE', entityRef: `UHV1EWZE${n}`, entityType: 'pledge', actor: 'public', deltas: { pledged: 500_000, pledgeCount: 1, donorCount: 1 }, publicDetails: { donor: 'Nhà hảo tâm', donorType: 'individual' } }),
    journalEntry(FUND, at(date, '10:00'), { type: 'RECEIPT_RECORDED', entityRef: `rc-${n}`, entityType: 'receipt', actor: 'bank:stmt-1', deltas: { received: 300_000 + n, receiptCount: 1 }, publicDetails: { donor: 'Nhà hảo tâm', method: 'bank' } }),
    journalEntry(FUND, at(date, '11:00'), {
      type: 'DISBURSEMENT_APPROVED',
      entityRef: `GN4EWMWN${n}`,
      entityType: 'disbursement',
      wardCode: '26734',
      deltas: { approved: 100_000 },
      publicDetails: { wardCode: '26734', wardName: 'Phường Sài Gòn', purpose: 'Hỗ trợ hộ nghèo', amount: 100_000 },
    }),
  ];
  await writeJournal(twin, [...day(D1, 1), ...day(D2, 2)]);
  for (const date of [D1, D2]) expect((await runNightly({ date, fundIds: [FUND] })).failures).toEqual([]);
  browser = await launchBrowser();
  page = await (await newContext(browser, twin.url, PHONE)).newPage();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await twin?.stop();
});

async function published(name: string): Promise<Uint8Array> {
  const response = await fetch(`${twin.url}/v1/reports/${FUND}/${D2}/files/${name}`);
  expect(response.ok, name).toBe(true);
  return new Uint8Array(await response.arrayBuffer());
}

/** Night 2's files as the browser fetches them (from /reports/ or the API's file route). */
const fileOfNight2 = (name: string) => new RegExp(`/${FUND}/${D2}/(files/)?${name.replace('.', '\\.')}$`);

/** Serves `bytes` for one file of night 2, and a manifest that lists them, signed by `signer`. */
async function serveSigned(name: string, bytes: Uint8Array, signer: Signer): Promise<void> {
  const manifest = JSON.parse(fromUtf8(await published('manifest.json'))) as Manifest;
  const key = await signerRecord(signer, nodeHasher);
  const files = { ...manifest.files, [name]: { sha256: toHex(nodeHasher.sha256(bytes)), bytes: bytes.length } };
  const forged = await signManifest({ ...manifest, files, keyId: key.keyId, algorithm: key.algorithm }, signer);
  const fulfil = (body: Uint8Array) => (route: Route) => route.fulfill({ status: 200, body: Buffer.from(body), contentType: 'application/octet-stream' });
  await page.route(fileOfNight2('manifest.json'), fulfil(manifestBytes(forged)));
  if (name !== 'manifest.json') await page.route(fileOfNight2(name), fulfil(bytes));
}

async function verdictOfNight2(): Promise<{ ok: string | null; failedFile: string | null; failed: string[] }> {
  await page.goto(`/verify?fund=${FUND}&date=${D2}`);
  const verdict = page.locator('.verify-result');
  await verdict.waitFor({ timeout: 30_000 });
  return { ok: await verdict.getAttribute('data-ok'), failedFile: await verdict.getAttribute('data-failed-file'), failed: await page.locator('.check-bad').allTextContents() };
}

describe('the browser verifier', () => {
  it('shows the pinned fingerprint, and verifies a report with its totals, CSVs and page re-derived', { timeout: 90_000 }, async () => {
    const verdict = await verdictOfNight2();
    expect(await page.getByTestId('pinned-keys').textContent()).toContain(pinnedKeyId);
    expect(verdict.failed).toEqual([]);
    expect(verdict).toMatchObject({ ok: 'true', failedFile: null });
    for (const check of ['signature', 'chain', 'consistency', 'derived', 'summary', 'html', 'pinned-key']) {
      expect(await page.locator(`[data-check="${check}"]`).getAttribute('class'), check).toContain('check-ok');
    }
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, 'verify-rederived');
  });

  it('fails a signed summary.json, entries.csv or report.html that the entries do not bear out, naming the file', { timeout: 120_000 }, async () => {
    const signer = reportSigner();
    const summary = fromUtf8(await published('summary.json'));
    const csv = fromUtf8(await published('entries.csv'));
    const html = fromUtf8(await published('report.html'));
    const doctored: [string, string][] = [
      ['summary.json', summary.replace('"received": 300002', '"received": 300902')],
      ['entries.csv', csv.replace('300002', '300902')],
      // Night 2's receipt as the page shows it, however the figure is grouped.
      ['report.html', html.replace(/300([.,\s\u00a0\u202f]?)002/, '300$1902')],
    ];
    for (const [name, text] of doctored) {
      expect(text, name).not.toBe({ 'summary.json': summary, 'entries.csv': csv, 'report.html': html }[name]);
      await serveSigned(name, utf8(text), signer);
      const verdict = await verdictOfNight2();
      expect(verdict, name).toMatchObject({ ok: 'false', failedFile: name });
      expect(verdict.failed.join(' '), name).toContain(name);
      await page.unrouteAll();
    }
    await screenshot(page, 'verify-doctored-page');
  });

  it('fails a report whose keys.json offers a key that is not pinned, naming keys.json', { timeout: 90_000 }, async () => {
    const stranger = ephemeralSigner();
    const record = await signerRecord(stranger, nodeHasher);
    // A server with a key of its own: it re-signs the night and offers its key.
    await serveSigned('manifest.json', await published('manifest.json'), stranger);
    await page.route(/\/v1\/reports\/keys\.json$/, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ format: 'sovang-report-keys/1', keys: [record] }) }));
    const verdict = await verdictOfNight2();
    expect(verdict).toMatchObject({ ok: 'false', failedFile: 'keys.json' });
    expect(verdict.failed.join(' ')).toContain(`signed by key ${record.keyId}, which is not a pinned fingerprint`);
    expect(await page.getByTestId('verdict').textContent()).toContain('keys.json');
    await screenshot(page, 'verify-unpinned-key');
    await page.unrouteAll();
  });
});
