/**
 * Plays the demo history (script.ts) into a running twin, once: pledges, plans, disbursements,
 * confirmations, goods and the funds' lifecycle through the use cases, each at its own moment
 * (`now`), and the money through bank statements the clerk uploads to the twin's API, which the
 * statement importer books as receipts and payouts. Then the nightly report, so every page of the
 * portal has something to show on the first visit.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stores } from '../../../shared/adapters/dynamo';
import { config } from '../../../shared/config';
import * as clock from '../../../shared/domain/clock';
import { readPledgeList } from '../../../shared/http/pledge-list';
import { lastFinishedDay } from '../../../shared/reports/layout';
import { createApiKey } from '../../../shared/usecases/api-keys';
import { processBatch, uploadBatch } from '../../../shared/usecases/batches';
import type { CommandContext } from '../../../shared/usecases/command';
import { actOnDisbursement, requestDisbursement } from '../../../shared/usecases/disbursements';
import { closeFund, closeReceiving } from '../../../shared/usecases/fund-commands';
import { handOverGoods, recordGoods } from '../../../shared/usecases/goods';
import { createOrganisation } from '../../../shared/usecases/organisations';
import { setPlan } from '../../../shared/usecases/plans';
import { createPledge } from '../../../shared/usecases/pledges';
import { SYSTEM_SCOPE } from '../../../shared/usecases/scope';
import { readAdminUnits } from '../seed';
import { demoHistory, statementCsv, type DemoStatement } from './script';

/** Bumped when the history changes: a twin seeded with an older one keeps it (`npm run reset` plays the new one). */
export const DEMO_HISTORY_VERSION = 'demo-history/1';
const MARKER = { pk: 'SEED', sk: 'DEMO_HISTORY' };

export interface DemoTwin {
  url: string;
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  tokens: { issue(user: string, groups: readonly string[]): Promise<string> };
  waitForTotals(timeoutMs?: number): Promise<void>;
}

export interface DemoOutcome {
  played: boolean;
  /** A pledge code to try on /check, and the demo organisation's API key (shown once). */
  sampleRef?: string;
  organisation?: { orgId: string; apiKey?: string };
}

const context = (actor: string, key: string, at: string): CommandContext => ({
  actor,
  idempotencyKey: `demo-${key}`,
  idempotencyScope: actor,
  scope: SYSTEM_SCOPE,
  now: () => new Date(at),
});

async function importStatement(twin: DemoTwin, token: string, statement: DemoStatement, opening: number, log: (line: string) => void): Promise<void> {
  const url = `${twin.url}/v1/statements?fundId=${statement.fundId}&fileName=${encodeURIComponent(statement.fileName)}&accountNumber=${statement.accountNumber}`;
  const headers = { authorization: `Bearer ${token}`, 'idempotency-key': `demo-${statement.fileName}`, 'content-type': 'text/csv' };
  const uploaded = await fetch(url, { method: 'POST', headers, body: statementCsv(statement, opening) });
  const body = (await uploaded.json()) as { id?: string; detail?: string };
  if (uploaded.status >= 300 || !body.id) throw new Error(`demo statement ${statement.fileName}: ${uploaded.status} ${body.detail ?? ''}`);
  for (let attempt = 0; attempt < 120; attempt++) {
    const processed = await fetch(`${twin.url}/v1/statements/${body.id}/process`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (processed.status === 200) {
      log(`Demo statement ${statement.fileName}: ${statement.lines.length} lines`);
      return;
    }
    if (processed.status !== 202) throw new Error(`demo statement ${statement.fileName}: ${processed.status} ${await processed.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`demo statement ${statement.fileName} did not finish`);
}

/** Plays the history unless this table has it already. */
export async function seedDemoHistory(twin: DemoTwin, log: (line: string) => void = () => undefined): Promise<DemoOutcome> {
  const existing = await twin.documentClient.send(new GetCommand({ TableName: twin.tableName, Key: MARKER, ConsistentRead: true }));
  if (existing.Item) return { played: false, sampleRef: existing.Item.sampleRef as string | undefined, organisation: existing.Item.orgId ? { orgId: String(existing.Item.orgId) } : undefined };
  const { units } = readAdminUnits();
  const histories = demoHistory(units);
  const clerkToken = await twin.tokens.issue('an', ['scope:vn-79:finance-clerk:children']);
  const balances = new Map<string, number>();
  const importAll = async (statements: DemoStatement[]) => {
    for (const statement of statements) {
      const opening = balances.get(statement.accountNumber) ?? 0;
      await importStatement(twin, clerkToken, statement, opening, log);
      balances.set(statement.accountNumber, opening + statement.lines.reduce((sum, line) => sum + line.amount, 0));
    }
  };

  // Pledges, in the order they were made.
  const pledges = histories.flatMap((h) => h.pledges).sort((a, b) => a.at.localeCompare(b.at));
  for (const p of pledges) {
    const input = { fundId: p.fundId, donor: p.donor, amount: p.amount, publishName: p.publishName, accountNumber: p.accountNumber, ...(p.message ? { message: p.message } : {}) };
    await createPledge(stores, input, context('public', p.ref, p.at), { ref: () => p.ref });
  }
  log(`Demo pledges: ${pledges.length}`);

  // The money comes in, through the banks' statements.
  await importAll(histories.flatMap((h) => h.incoming));

  // Plans, requests and approvals, in time order.
  const steps: { at: string; run: () => Promise<unknown> }[] = [];
  for (const h of histories) {
    if (h.plan) {
      const plan = h.plan;
      steps.push({ at: plan.at, run: () => setPlan(stores, h.fundId, { items: plan.items }, context('staff:lan', `plan-${h.fundId}`, plan.at)) });
    }
    for (const d of h.disbursements) {
      steps.push({ at: d.requestedAt, run: () => requestDisbursement(stores, { fundId: d.fundId, beneficiary: d.beneficiary, amount: d.amount, purpose: d.purpose }, context('staff:an', `request-${d.ref}`, d.requestedAt), { ref: () => d.ref }) });
      if (d.approvedAt) steps.push({ at: d.approvedAt, run: () => actOnDisbursement(stores, d.ref, { action: 'approve' }, context('staff:lan', `approve-${d.ref}`, d.approvedAt!)) });
    }
  }
  for (const step of steps.sort((a, b) => a.at.localeCompare(b.at))) await step.run();

  // The payouts leave the account: the statement's debits carry their GN codes.
  await importAll(histories.flatMap((h) => h.outgoing));

  // Confirmations by the receiving wards, goods received and handed over.
  const later: { at: string; run: () => Promise<unknown> }[] = [];
  for (const h of histories) {
    for (const d of h.disbursements) {
      // The receiving ward's own officer confirms: never the clerk who imported the payout (DESIGN §10).
      if (d.confirmedAt) later.push({ at: d.confirmedAt, run: () => actOnDisbursement(stores, d.ref, { action: 'confirm', confirmedBy: d.confirmedBy!, note: 'Đã nhận đủ' }, context('staff:phuong', `confirm-${d.ref}`, d.confirmedAt!)) });
    }
    h.goods.forEach((g, i) => {
      later.push({
        at: g.receivedAt,
        run: async () => {
          const lot = await recordGoods(stores, g.fundId, g, context('staff:an', `goods-${g.fundId}-${i}`, g.receivedAt));
          for (const [j, handover] of g.handovers.entries()) {
            await handOverGoods(stores, g.fundId, lot.body.id, handover, context('staff:an', `handover-${g.fundId}-${i}-${j}`, handover.handedOverAt));
          }
        },
      });
    });
  }
  for (const step of later.sort((a, b) => a.at.localeCompare(b.at))) await step.run();

  // Campaigns that ended: receiving closed, money that still came counted as late, the fund closed.
  const cacheSeconds = config().FUND_CACHE_SECONDS;
  for (const h of histories) {
    if (h.closeReceivingAt) await closeReceiving(stores, h.fundId, { reason: 'Kết thúc đợt vận động' }, context('staff:quan', `close-receiving-${h.fundId}`, h.closeReceivingAt), { cacheSeconds });
    await importAll(h.late);
    if (h.closeAt) await closeFund(stores, h.fundId, { reason: 'Đã phân bổ hết, quyết toán xong' }, context('staff:quan', `close-${h.fundId}`, h.closeAt));
  }

  // A trade union hands over its members' list for the welfare fund.
  const org = await createOrganisation(stores, { name: 'Công đoàn Tổng công ty Cấp nước Sài Gòn', committeeId: 'vn-79' }, context('staff:quan', 'organisation', '2026-11-01T02:00:00.000Z'));
  const key = await createApiKey(stores, org.body.id, { label: 'Nộp danh sách' }, context('staff:quan', 'organisation-key', '2026-11-01T02:05:00.000Z'));
  const members = ['ho_ten,so_tien,cong_khai,ma_rieng', ...Array.from({ length: 40 }, (_, i) => `Đoàn viên số ${i + 1},${(1 + (i % 5)) * 100_000},${i % 2 ? 'có' : 'không'},CD-${i + 1}`)].join('\r\n');
  const list = await readPledgeList(new TextEncoder().encode(members));
  const batch = await uploadBatch(stores, { orgId: org.body.id, fundId: 'an-sinh-hcm-2025', fileName: 'doan-vien-thang-11.csv', sha256: 'demo', ...list }, context(`org:${org.body.id}`, 'batch', '2026-11-02T02:00:00.000Z'));
  await processBatch(stores, org.body.id, batch.body.id, { deadline: Date.now() + 60_000 });

  // Last night's report, so the portal has one to show and verify.
  await twin.waitForTotals(120_000);
  const { runNightlyReports } = await import('../../../shared/usecases/nightly-report');
  const { nightlyReportDeps } = await import('../../../functions/reports/nightly-deps');
  await runNightlyReports(nightlyReportDeps(), { date: lastFinishedDay(clock.now()), fundIds: histories.map((h) => h.fundId) });

  const sampleRef = pledges.find((p) => p.publishName && p.fundId === 'vi-nguoi-ngheo')?.ref;
  await twin.documentClient.send(
    new PutCommand({ TableName: twin.tableName, Item: { ...MARKER, kind: 'SEED', version: DEMO_HISTORY_VERSION, sampleRef, orgId: org.body.id, at: new Date().toISOString() } }),
  );
  log('Demo history played');
  return { played: true, sampleRef, organisation: { orgId: org.body.id, apiKey: key.body.apiKey } };
}
