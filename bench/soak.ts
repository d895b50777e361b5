/**
 * The soak: a steady pledge and receipt load against the twin's HTTP API for minutes on end, with
 * the stream poller keeping the totals. It proves three things at once: no request fails, the
 * counters equal the journal (drift 0) once the consumer catches up, and the twin's heap stays
 * flat.
 *
 *   npm run soak -- --minutes 10 [--rate 5] [--max-in-flight 32] [--write]
 *
 * The twin runs in a child process of its own (`node --expose-gc`, in-memory DynamoDB Local and
 * the S3 emulator), so its memory is measured without the load generator's, and after a forced
 * full GC, which is the only heap figure that says anything about leaks. The load is open-loop at
 * a fixed rate: `--rate` new pledges a second (default 5), spread over the four demo funds; 60 % of pledges
 * get a receipt (a quarter of them partial), 5 % of receipts are reversed by an approver, and 2 %
 * of pledges are sent again with the same Idempotency-Key and must come back with the same
 * reference. Every write carries an Idempotency-Key.
 *
 * Exits 1 if any request failed, any fund drifts, the totals do not equal what the API
 * acknowledged, or the heap is not flat (see `FLAT_RATIO` and `FLAT_BYTES`).
 */
import '../infra/local/quiet-sdk';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Twin } from '../infra/local/twin';
import type { PollerStats } from '../infra/local/stream-poller';
import { fmt, percentile, progress, table, writeResults } from './lib';

/** The heap is flat if the end is within 10 % of the early steady state, or within 4 MiB of it. */
const FLAT_RATIO = 0.1;
const FLAT_BYTES = 4 * 2 ** 20;
const SAMPLE_EVERY_MS = 10_000;
const PROBE_EVERY_MS = 1_000;
const RECEIPT_SHARE = 0.6;
const PARTIAL_SHARE = 0.25;
const REVERSAL_SHARE = 0.05;
const REPLAY_SHARE = 0.02;
const FUNDS = ['cuba-2025', 'lu-lut-2024', 'an-sinh-hcm-2025', 'vi-nguoi-ngheo'] as const;
const AMOUNTS = [50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000];
const DONORS = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Minh Châu', 'Phạm Quốc Dũng', 'Hoàng Thị Lan', 'Công ty TNHH Sen Vàng'];

// ---------------------------------------------------------------- the twin's side (child process)

interface ReadyMessage {
  type: 'ready';
  url: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  clerkToken: string;
  approverToken: string;
}

interface MemorySample {
  type: 'sample';
  /** Heap in use after a full GC, bytes. */
  heapUsed: number;
  heapTotal: number;
  rss: number;
  external: number;
  /** Resident memory of DynamoDB Local's JVM: it holds the in-memory table, so it grows with the data. */
  dynamoRss: number;
  gcMs: number;
  poller: PollerStats | null;
}

type ToTwin = { type: 'sample' } | { type: 'drain'; timeoutMs: number } | { type: 'stop' };
type FromTwin = ReadyMessage | MemorySample | { type: 'drained'; error?: string } | { type: 'stopped' };

function residentBytes(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function serveTwin(minutes: number): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the soak twin needs node --expose-gc');
  const { startTwin, PROJECT_ROOT } = await import('../infra/local/twin');
  const { startDynamoLocal } = await import('../infra/local/services');
  // Started here rather than by the twin, so its JVM's memory can be read too.
  const dynamo = await startDynamoLocal();
  const twin: Twin = await startTwin({
    dynamoEndpoint: dynamo.endpoint,
    tableName: 'soak-ledger',
    seedAdminUnits: false,
    quiet: true,
    scheduler: false,
    bucketEvents: false,
  });
  const send = (message: FromTwin) => process.send!(message);
  const expiresIn = `${Math.ceil(minutes) + 60}m`;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await twin.stop();
    await dynamo.stop();
    rmSync(join(PROJECT_ROOT, '.data', 'tmp', `s3-${process.pid}`), { recursive: true, force: true });
  };
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
  process.on('message', (message: ToTwin) => {
    if (message.type === 'sample') {
      const started = performance.now();
      // Twice: the first pass may leave objects with finalizers for the second.
      gc();
      gc();
      const gcMs = performance.now() - started;
      const usage = process.memoryUsage();
      const poller = [...twin.pollers.values()][0];
      send({
        type: 'sample',
        heapUsed: usage.heapUsed,
        heapTotal: usage.heapTotal,
        rss: usage.rss,
        external: usage.external,
        dynamoRss: residentBytes(dynamo.process.pid),
        gcMs,
        poller: poller ? poller.stats() : null,
      });
    } else if (message.type === 'drain') {
      twin.waitForTotals(message.timeoutMs).then(
        () => send({ type: 'drained' }),
        (error: Error) => send({ type: 'drained', error: error.message }),
      );
    } else if (message.type === 'stop') {
      void stop().then(() => {
        send({ type: 'stopped' });
        process.disconnect();
      });
    }
  });
  send({
    type: 'ready',
    url: twin.url,
    dynamoEndpoint: twin.dynamoEndpoint,
    s3Endpoint: twin.s3Endpoint,
    tableName: twin.tableName,
    clerkToken: await twin.tokens.issue('soak-clerk', ['finance-clerk'], { expiresIn }),
    approverToken: await twin.tokens.issue('soak-approver', ['finance-approver'], { expiresIn }),
  });
}

class TwinProcess {
  private waiting: { type: FromTwin['type']; resolve: (message: FromTwin) => void }[] = [];
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.on('message', (message: FromTwin) => {
      const at = this.waiting.findIndex((w) => w.type === message.type);
      if (at >= 0) this.waiting.splice(at, 1)[0]!.resolve(message);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(minutes: number): TwinProcess {
    const child = fork(fileURLToPath(import.meta.url), ['--serve-twin', '--minutes', String(minutes)], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new TwinProcess(child);
  }

  next<T extends FromTwin['type']>(type: T, timeoutMs: number): Promise<Extract<FromTwin, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the soak twin did not answer "${type}" within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push({
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Extract<FromTwin, { type: T }>);
        },
      });
      void this.exited.then((code) => reject(new Error(`the soak twin exited (${code}) before answering "${type}"`)));
    });
  }

  request<T extends FromTwin['type']>(message: ToTwin, answer: T, timeoutMs = 60_000): Promise<Extract<FromTwin, { type: T }>> {
    const reply = this.next(answer, timeoutMs);
    this.child.send(message);
    return reply;
  }
}

// ---------------------------------------------------------------- the load generator

type Kind = 'pledge' | 'replay' | 'receipt' | 'reversal' | 'read';
const KINDS: Kind[] = ['pledge', 'replay', 'receipt', 'reversal', 'read'];

interface Expected {
  pledged: number;
  received: number;
  pledgeCount: number;
  receiptCount: number;
}

interface FundTotals extends Expected {
  [name: string]: number;
}

interface PledgeSent {
  fundId: string;
  ref: string;
  amount: number;
  key: string;
  body: string;
}

interface Job {
  kind: Exclude<Kind, 'read'>;
  run: () => Promise<void>;
}

interface Soak {
  started: number;
  inFlight: number;
  jobs: Job[];
  latencies: Record<Kind, number[]>;
  window: { latencies: number[]; requests: number };
  requests: Record<Kind, number>;
  errors: Map<string, number>;
  expected: Map<string, Expected>;
  /** Per fund, when each new pledge was acknowledged, in order: the lag probe's yardstick. */
  acknowledged: Map<string, number[]>;
  lagSamples: number[];
  windowLagMax: number;
  newPledges: number;
  /** How late the open-loop schedule's pledges started, at worst: the twin fell behind if this grows. */
  maxStartDelayMs: number;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function mib(bytes: number): string {
  return `${fmt(bytes / 2 ** 20, 1)} MiB`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
}

/** Least-squares slope of (t, y), per minute of t in ms. */
function slopePerMinute(points: { t: number; y: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const cov = points.reduce((s, p) => s + (p.t - mt) * (p.y - my), 0);
  const variance = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return variance ? (cov / variance) * 60_000 : 0;
}

async function call(soak: Soak, kind: Kind, url: string, init: RequestInit, expectStatus: number): Promise<Record<string, unknown> | undefined> {
  const started = performance.now();
  soak.inFlight++;
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    const ms = performance.now() - started;
    soak.requests[kind]++;
    soak.window.requests++;
    soak.latencies[kind].push(ms);
    soak.window.latencies.push(ms);
    if (response.status !== expectStatus) {
      const key = `${kind} ${response.status}`;
      soak.errors.set(key, (soak.errors.get(key) ?? 0) + 1);
      if ((soak.errors.get(key) ?? 0) <= 3) progress(`${key}: ${text.slice(0, 300)}`);
      return undefined;
    }
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    soak.requests[kind]++;
    soak.window.requests++;
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    const key = `${kind} ${cause}`;
    soak.errors.set(key, (soak.errors.get(key) ?? 0) + 1);
    if ((soak.errors.get(key) ?? 0) <= 3) progress(`${key}: ${(error as Error).message}`);
    return undefined;
  } finally {
    soak.inFlight--;
  }
}

/** A write as every soak request makes it: JSON, an Idempotency-Key, maybe a staff token. */
function postJson(soak: Soak, kind: Kind, url: string, body: string, options: { key: string; token?: string; expect: number }) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': options.key };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return call(soak, kind, url, { method: 'POST', headers, body }, options.expect);
}

function pledgeJob(soak: Soak, twin: ReadyMessage): Job {
  const fundId = pick(FUNDS);
  const amount = pick(AMOUNTS);
  const key = randomUUID();
  const body = JSON.stringify({
    fundId,
    donor: { type: 'individual', name: pick(DONORS) },
    amount,
    publishName: Math.random() < 0.5,
    message: 'Ủng hộ / In support',
  });
  return {
    kind: 'pledge',
    run: async () => {
      const created = await postJson(soak, 'pledge', `${twin.url}/v1/pledges`, body, { key, expect: 201 });
      if (!created) return;
      soak.newPledges++;
      soak.acknowledged.get(fundId)!.push(Date.now());
      const expected = soak.expected.get(fundId)!;
      expected.pledged += amount;
      expected.pledgeCount++;
      const sent: PledgeSent = { fundId, ref: String(created.ref), amount, key, body };
      if (Math.random() < RECEIPT_SHARE) soak.jobs.push(receiptJob(soak, twin, sent));
      if (Math.random() < REPLAY_SHARE) soak.jobs.push(replayJob(soak, twin, sent));
    },
  };
}

function replayJob(soak: Soak, twin: ReadyMessage, sent: PledgeSent): Job {
  return {
    kind: 'replay',
    run: async () => {
      const again = await postJson(soak, 'replay', `${twin.url}/v1/pledges`, sent.body, { key: sent.key, expect: 201 });
      if (again && again.ref !== sent.ref) {
        soak.errors.set('replay other ref', (soak.errors.get('replay other ref') ?? 0) + 1);
        progress(`replay of ${sent.ref} answered ${String(again.ref)}`);
      }
    },
  };
}

function receiptJob(soak: Soak, twin: ReadyMessage, sent: PledgeSent): Job {
  const amount = Math.random() < PARTIAL_SHARE ? sent.amount / 2 : sent.amount;
  const key = randomUUID();
  return {
    kind: 'receipt',
    run: async () => {
      const body = JSON.stringify({ fundId: sent.fundId, amount, receivedAt: new Date().toISOString(), method: 'bank', pledgeRef: sent.ref });
      const receipt = await postJson(soak, 'receipt', `${twin.url}/v1/receipts`, body, { key, token: twin.clerkToken, expect: 201 });
      if (!receipt) return;
      const expected = soak.expected.get(sent.fundId)!;
      expected.received += amount;
      expected.receiptCount++;
      if (Math.random() < REVERSAL_SHARE) soak.jobs.push(reversalJob(soak, twin, sent.fundId, String(receipt.id), amount));
    },
  };
}

function reversalJob(soak: Soak, twin: ReadyMessage, fundId: string, receiptId: string, amount: number): Job {
  const key = randomUUID();
  return {
    kind: 'reversal',
    run: async () => {
      const body = JSON.stringify({ reason: 'Nhập nhầm số tiền / amount entered wrongly' });
      const reversed = await postJson(soak, 'reversal', `${twin.url}/v1/receipts/${receiptId}/reverse`, body, { key, token: twin.approverToken, expect: 200 });
      if (!reversed) return;
      const expected = soak.expected.get(fundId)!;
      expected.received -= amount;
      expected.receiptCount--;
    },
  };
}

async function readTotals(soak: Soak | undefined, twin: ReadyMessage, fundId: string): Promise<FundTotals | undefined> {
  if (!soak) return ((await (await fetch(`${twin.url}/v1/funds/${fundId}`)).json()) as { totals: FundTotals }).totals;
  const fund = await call(soak, 'read', `${twin.url}/v1/funds/${fundId}`, {}, 200);
  return (fund as { totals: FundTotals } | undefined)?.totals;
}

/** The age of the oldest acknowledged pledge that the fund's count does not show yet (0 if it shows all). */
async function probeLag(soak: Soak, twin: ReadyMessage): Promise<void> {
  await Promise.all(
    FUNDS.map(async (fundId) => {
      const totals = await readTotals(soak, twin, fundId);
      if (!totals) return;
      const acknowledged = soak.acknowledged.get(fundId)!;
      const lag = totals.pledgeCount < acknowledged.length ? Date.now() - acknowledged[totals.pledgeCount]! : 0;
      soak.lagSamples.push(lag);
      soak.windowLagMax = Math.max(soak.windowLagMax, lag);
    }),
  );
}

// ---------------------------------------------------------------- the run

interface Options {
  minutes: number;
  rate: number;
  maxInFlight: number;
  write: boolean;
}

async function soakRun(options: Options): Promise<number> {
  const loadAtStart = loadavg();
  progress(`starting the twin (child process, --expose-gc, in-memory DynamoDB Local)`);
  const twinProcess = TwinProcess.start(options.minutes);
  const ready = await twinProcess.next('ready', 300_000);
  progress(`twin at ${ready.url}; ${options.rate} pledges/s for ${options.minutes} min`);

  const { twinEnvironment } = await import('../infra/local/twin');
  // Before the first read: the adapters read their configuration once.
  Object.assign(process.env, twinEnvironment({ dynamo: ready.dynamoEndpoint, s3: ready.s3Endpoint, table: ready.tableName }), { POWERTOOLS_LOG_LEVEL: 'SILENT' });

  const soak: Soak = {
    started: Date.now(),
    inFlight: 0,
    jobs: [],
    latencies: Object.fromEntries(KINDS.map((k) => [k, []])) as unknown as Record<Kind, number[]>,
    window: { latencies: [], requests: 0 },
    requests: Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>,
    errors: new Map(),
    expected: new Map(FUNDS.map((f) => [f, { pledged: 0, received: 0, pledgeCount: 0, receiptCount: 0 }])),
    acknowledged: new Map(FUNDS.map((f) => [f, []])),
    lagSamples: [],
    windowLagMax: 0,
    newPledges: 0,
    maxStartDelayMs: 0,
  };
  const samples: (MemorySample & { t: number })[] = [];
  let code: number;
  try {
    const durationMs = options.minutes * 60_000;
    const running = new Set<Promise<void>>();
    const launch = (job: Job) => {
      const promise: Promise<void> = job.run().finally(() => running.delete(promise));
      running.add(promise);
    };
    let pledgesStarted = 0;
    let probing: Promise<void> | undefined;
    soak.started = Date.now();
    let nextSample = soak.started + SAMPLE_EVERY_MS;
    let nextProbe = soak.started + PROBE_EVERY_MS;
    for (;;) {
      const now = Date.now();
      const elapsed = now - soak.started;
      if (elapsed >= durationMs) break;
      // Open loop: what is due by now starts now, unless the in-flight cap says the twin is behind.
      const due = Math.floor((elapsed / 1000) * options.rate) - pledgesStarted;
      for (let i = 0; i < due && soak.inFlight < options.maxInFlight; i++) {
        soak.maxStartDelayMs = Math.max(soak.maxStartDelayMs, elapsed - (pledgesStarted / options.rate) * 1000);
        launch(pledgeJob(soak, ready));
        pledgesStarted++;
      }
      while (soak.jobs.length && soak.inFlight < options.maxInFlight) launch(soak.jobs.shift()!);
      if (now >= nextProbe && !probing) {
        nextProbe += PROBE_EVERY_MS;
        probing = probeLag(soak, ready).finally(() => (probing = undefined));
      }
      if (now >= nextSample) {
        nextSample += SAMPLE_EVERY_MS;
        const sample = await twinProcess.request({ type: 'sample' }, 'sample');
        samples.push({ ...sample, t: Date.now() - soak.started });
        const window = [...soak.window.latencies].sort((a, b) => a - b);
        const errors = [...soak.errors.values()].reduce((s, n) => s + n, 0);
        progress(
          `${fmt((Date.now() - soak.started) / 1000)} s: ${fmt(Object.values(soak.requests).reduce((s, n) => s + n, 0))} requests ` +
            `(${fmt(soak.window.requests / (SAMPLE_EVERY_MS / 1000), 1)}/s), ${soak.newPledges} pledges, errors ${errors}` +
            `${errors ? ` ${JSON.stringify(Object.fromEntries(soak.errors))}` : ''}, p50 ${fmt(percentile(window, 50))} ms, p95 ${fmt(percentile(window, 95))} ms, ` +
            `twin heap ${mib(sample.heapUsed)} (after GC, ${fmt(sample.gcMs)} ms) external ${mib(sample.external)} rss ${mib(sample.rss)}, DynamoDB Local rss ${mib(sample.dynamoRss)}, ` +
            `totals lag max ${fmt(soak.windowLagMax)} ms, load ${loadavg()[0]!.toFixed(1)}`,
        );
        soak.window = { latencies: [], requests: 0 };
        soak.windowLagMax = 0;
      }
      await sleep(10);
    }
    const loadMs = Date.now() - soak.started;
    progress(`load stopped after ${fmt(loadMs / 1000)} s; finishing ${running.size} requests and ${soak.jobs.length} queued follow-ups`);
    while (running.size || soak.jobs.length) {
      while (soak.jobs.length && soak.inFlight < options.maxInFlight) launch(soak.jobs.shift()!);
      await Promise.race(running);
    }
    await probing;

    // Catch-up: the consumer has read everything, and every fund shows every acknowledged write.
    const drainStarted = Date.now();
    const drained = await twinProcess.request({ type: 'drain', timeoutMs: 120_000 }, 'drained', 130_000);
    if (drained.error) throw new Error(drained.error);
    const shown = new Map<string, FundTotals>();
    for (const fundId of FUNDS) {
      for (;;) {
        const totals = (await readTotals(undefined, ready, fundId))!;
        shown.set(fundId, totals);
        if (totals.pledgeCount >= soak.expected.get(fundId)!.pledgeCount || Date.now() - drainStarted > 120_000) break;
        await sleep(100);
      }
    }
    const catchUpMs = Date.now() - drainStarted;

    const { checkDrift } = await import('../shared/usecases/totals-drift');
    const { stores } = await import('../shared/adapters/dynamo');
    const drift = await Promise.all(FUNDS.map((fundId) => checkDrift(stores, fundId)));
    const driftingScopes = drift.flatMap((report) => report.scopes.filter((s) => Object.values(s.drift).some((v) => v !== 0)));
    const mismatches: string[] = [];
    for (const fundId of FUNDS) {
      const expected = soak.expected.get(fundId)!;
      const totals = shown.get(fundId)!;
      for (const name of Object.keys(expected) as (keyof Expected)[]) {
        if (totals[name] !== expected[name]) mismatches.push(`${fundId} ${name}: shown ${totals[name]}, acknowledged ${expected[name]}`);
      }
    }
    const last = await twinProcess.request({ type: 'sample' }, 'sample');
    samples.push({ ...last, t: Date.now() - soak.started });

    // Memory: the early steady state is the minute after a warm-up (handlers loaded, pools and
    // caches filled), the end is the last minute of load.
    const warmUpMs = Math.min(60_000, loadMs * 0.2);
    const loadSamples = samples.filter((s) => s.t <= loadMs + 1000);
    const early = loadSamples.filter((s) => s.t >= warmUpMs && s.t < warmUpMs + 60_000);
    const late = loadSamples.filter((s) => s.t > loadMs - 60_000);
    const middle = loadSamples.reduce((best, s) => (Math.abs(s.t - loadMs / 2) < Math.abs(best.t - loadMs / 2) ? s : best), loadSamples[0]!);
    const baseline = median(early.map((s) => s.heapUsed));
    const endHeap = median(late.map((s) => s.heapUsed));
    const growth = endHeap - baseline;
    const allowance = Math.max(FLAT_RATIO * baseline, FLAT_BYTES);
    const flat = early.length > 0 && late.length > 0 && growth <= allowance;
    const heapSlope = slopePerMinute(loadSamples.filter((s) => s.t >= warmUpMs).map((s) => ({ t: s.t, y: s.heapUsed })));
    const rssSlope = slopePerMinute(loadSamples.filter((s) => s.t >= warmUpMs).map((s) => ({ t: s.t, y: s.rss })));

    const errorCount = [...soak.errors.values()].reduce((s, n) => s + n, 0);
    const totalRequests = Object.values(soak.requests).reduce((s, n) => s + n, 0);
    const pledgesPerSecond = soak.newPledges / (loadMs / 1000);
    const lags = [...soak.lagSamples].sort((a, b) => a - b);
    const poller = last.poller;
    const loadAtEnd = loadavg();
    const ok = errorCount === 0 && driftingScopes.length === 0 && mismatches.length === 0 && flat && (poller?.discarded ?? 0) === 0;

    const latencyRows = KINDS.filter((k) => soak.requests[k] > 0).map((kind) => {
      const sorted = [...soak.latencies[kind]].sort((a, b) => a - b);
      return [kind, fmt(soak.requests[kind]), fmt(percentile(sorted, 50)), fmt(percentile(sorted, 95)), fmt(percentile(sorted, 99)), fmt(sorted[sorted.length - 1] ?? NaN)];
    });
    const all = KINDS.flatMap((k) => soak.latencies[k]).sort((a, b) => a - b);
    latencyRows.push(['**all**', fmt(totalRequests), fmt(percentile(all, 50)), fmt(percentile(all, 95)), fmt(percentile(all, 99)), fmt(all[all.length - 1] ?? NaN)]);
    const memoryRow = (label: string, s: MemorySample & { t: number }) => [label, `${fmt(s.t / 1000)} s`, mib(s.heapUsed), mib(s.external), mib(s.rss), mib(s.dynamoRss)];
    const firstSteady = early[0] ?? loadSamples[0]!;
    const verdict = (pass: boolean) => (pass ? '**pass**' : '**FAIL**');

    const body = [
      `\`npm run soak -- --minutes ${options.minutes} --rate ${options.rate}${options.write ? ' --write' : ''}\`: ${options.rate} new pledges a second (open loop, at most`,
      `${options.maxInFlight} requests in flight) spread over the ${FUNDS.length} demo funds for ${options.minutes} min through the twin's HTTP API; ${RECEIPT_SHARE * 100} % of pledges`,
      `get a receipt (${PARTIAL_SHARE * 100} % of those partial), ${REVERSAL_SHARE * 100} % of receipts are reversed by an approver, ${REPLAY_SHARE * 100} % of pledges are sent again`,
      `with the same Idempotency-Key (must answer the same reference), and every fund is read once a second to time the totals.`,
      `The twin runs in a child process (\`node --expose-gc\`) with in-memory DynamoDB Local, the S3 emulator and the stream poller;`,
      `its heap is sampled every ${SAMPLE_EVERY_MS / 1000} s after a forced full GC. Load average (1/5/15 min) ${loadAtStart.map((l) => l.toFixed(1)).join(' / ')} at the start,`,
      `${loadAtEnd.map((l) => l.toFixed(1)).join(' / ')} at the end${loadAtEnd[0]! > 2.5 ? ': other work shared the 2 cores, so latencies are pessimistic' : ''}.`,
      '',
      table(
        ['check', 'result', 'criterion'],
        [
          ['requests', fmt(totalRequests), ''],
          ['errors', `${errorCount}${errorCount ? ` ${JSON.stringify(Object.fromEntries(soak.errors))}` : ''}`, `0: ${verdict(errorCount === 0)}`],
          [
            'drift (checkDrift, every fund, ward and day)',
            `${driftingScopes.length} scopes off, ${fmt(drift.reduce((s, r) => s + r.entries, 0))} journal entries checked`,
            `0: ${verdict(driftingScopes.length === 0)}`,
          ],
          ['totals = acknowledged writes', mismatches.length ? mismatches.join('; ') : 'pledged, received, pledge and receipt counts equal', verdict(mismatches.length === 0)],
          [
            'twin heap after GC',
            `${mib(baseline)} early → ${mib(endHeap)} at the end (${growth >= 0 ? '+' : ''}${mib(growth)}; trend ${heapSlope >= 0 ? '+' : ''}${fmt(heapSlope / 1024, 1)} KiB/min)`,
            `end within max(${FLAT_RATIO * 100} %, ${mib(FLAT_BYTES)}) = ${mib(allowance)} of the early steady state: ${verdict(flat)}`,
          ],
          [
            'new pledges',
            `${fmt(soak.newPledges)} (${fmt(pledgesPerSecond, 2)}/s of ${options.rate}/s asked; a pledge started at most ${fmt(soak.maxStartDelayMs)} ms behind the schedule)`,
            '',
          ],
          ['receipts / reversals / replays', `${fmt(soak.requests.receipt)} / ${fmt(soak.requests.reversal)} / ${fmt(soak.requests.replay)}`, ''],
          ['totals lag (oldest pledge not yet shown)', `p50 ${fmt(percentile(lags, 50))} ms, p95 ${fmt(percentile(lags, 95))} ms, max ${fmt(lags[lags.length - 1] ?? 0)} ms`, ''],
          ['catch-up after the load stopped', `${fmt(catchUpMs)} ms`, ''],
          [
            'stream consumer',
            poller ? `${fmt(poller.invocations)} invocations, ${fmt(poller.recordsCompleted)} records, ${poller.failedInvocations} failed, ${poller.discarded} discarded` : 'off',
            `0 discarded: ${verdict((poller?.discarded ?? 0) === 0)}`,
          ],
        ],
      ),
      '',
      'Memory of the twin process (heap after a full GC) and of DynamoDB Local\'s JVM, which holds the in-memory table and so grows with the data:',
      '',
      table(
        ['moment', 'at', 'twin heap', 'twin external', 'twin RSS', 'DynamoDB Local RSS'],
        [memoryRow('start (first sample)', loadSamples[0]!), memoryRow('early steady state', firstSteady), memoryRow('middle', middle), memoryRow('end of load', late[late.length - 1] ?? loadSamples[loadSamples.length - 1]!), memoryRow('after catch-up', samples[samples.length - 1]!)],
      ),
      '',
      `Twin RSS trend after warm-up: ${rssSlope >= 0 ? '+' : ''}${fmt(rssSlope / 2 ** 20, 2)} MiB/min.`,
      '',
      'Latency (ms, client side, including the twin\'s forced GC pauses):',
      '',
      table(['request', 'count', 'p50', 'p95', 'p99', 'max'], latencyRows),
      '',
      `Verdict: ${ok ? '**pass**' : '**FAIL**'}.`,
    ].join('\n');
    console.log(`\n${body}\n`);
    if (options.write) writeResults(`Soak, ${options.minutes} min`, [{ title: 'Steady pledge and receipt load against the twin', body }]);
    code = ok ? 0 : 1;
  } finally {
    await twinProcess.request({ type: 'stop' }, 'stopped', 60_000).catch((error: Error) => {
      progress(`stopping the twin: ${error.message}`);
      twinProcess.child.kill('SIGKILL');
    });
    await twinProcess.exited;
  }
  return code;
}

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '5' },
    'max-in-flight': { type: 'string', default: '32' },
    write: { type: 'boolean', default: false },
    'serve-twin': { type: 'boolean', default: false },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
if (!(minutes > 0) || !(rate > 0)) {
  console.error('usage: npm run soak -- --minutes N [--rate pledges/s] [--max-in-flight N] [--write]');
  process.exit(2);
}
if (values['serve-twin']) {
  await serveTwin(minutes);
} else {
  process.exit(await soakRun({ minutes, rate, maxInFlight: Number(values['max-in-flight']), write: values.write }));
}
