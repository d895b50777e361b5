/**
 * Public supervision (DESIGN §7.4) on DynamoDB Local through the twin: anyone flags a published
 * disbursement without an account, an auditor answers in public, the flagger's contact is on no
 * public route nor report line, held text waits for moderation, and the flag route is rate-limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { dynamo } from '../../shared/adapters/dynamo/table';
import { entryLine } from '../../shared/reports/entries';
import type { JournalEntry } from '../../shared/domain/journal';
import { allItems, idem, request, staff, startTestTwin } from '../support/twin';

const FUND = 'cuba-2025';
const PHONE = '0912 345 678';
const EMAIL = 'an.nguyen@example.vn';
let twin: Twin;
let auditor: Record<string, string>;
let payoutRef: string;

type PublicFlag = { id: string; status: string; reason: string | null; target: { kind: string; ref?: string }; answers: { text: string; at: string }[] };

async function journal(): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await request<{ items: JournalEntry[]; cursor?: string }>(twin, 'GET', `/v1/funds/${FUND}/journal?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: auditor });
    entries.push(...page.body.items);
    cursor = page.body.cursor;
  } while (cursor);
  return entries;
}

beforeAll(async () => {
  twin = await startTestTwin();
  auditor = await staff(twin, 'kiem-toan', 'auditor');
  const clerk = await staff(twin, 'ke-toan', 'finance-clerk');
  const approver = await staff(twin, 'duyet', 'finance-approver');
  await request(twin, 'POST', '/v1/receipts', { body: { fundId: FUND, amount: 10_000_000, receivedAt: '2025-11-20T09:00:00+07:00', method: 'cash' }, headers: { ...clerk, ...idem() } });
  const requested = await request<{ ref: string }>(twin, 'POST', '/v1/disbursements', {
    body: { fundId: FUND, beneficiary: { organisation: { name: 'Hội Chữ thập đỏ phường', taxCode: '0301234567' } }, amount: 1_000_000, purpose: 'Cứu trợ lũ' },
    headers: { ...clerk, ...idem() },
  });
  payoutRef = requested.body.ref;
  expect((await request(twin, 'POST', `/v1/disbursements/${payoutRef}/approve`, { body: {}, headers: { ...approver, ...idem() } })).status).toBe(200);
});
afterAll(async () => twin?.stop());

describe('flags on published disbursements', () => {
  let flagId: string;

  it('takes an anonymous flag with contact details, and lists it publicly without them', async () => {
    const raised = await request<PublicFlag>(twin, 'POST', `/v1/funds/${FUND}/flags`, {
      body: { disbursementRef: payoutRef, reason: `Số tiền không khớp biên bản, gọi tôi ${PHONE}`, contact: EMAIL },
      headers: idem(),
    });
    expect(raised.status).toBe(201);
    expect(raised.body.status).toBe('OPEN');
    expect(raised.body.reason).toBe('Số tiền không khớp biên bản, gọi tôi ***');
    flagId = raised.body.id;

    const listed = await request<{ items: PublicFlag[] }>(twin, 'GET', `/v1/funds/${FUND}/flags`);
    expect(listed.body.items.map((f) => f.id)).toContain(flagId);
    expect(JSON.stringify(listed.body)).not.toContain(EMAIL);
    expect(JSON.stringify(listed.body)).not.toContain('0912');
  });

  it('answers a replay of the same Idempotency-Key with the same flag, writing it once', async () => {
    const key = idem();
    const body = { disbursementRef: payoutRef, reason: 'Thiếu chứng từ bàn giao cho xã' };
    const first = await request<PublicFlag>(twin, 'POST', `/v1/funds/${FUND}/flags`, { body, headers: key });
    const again = await request<PublicFlag>(twin, 'POST', `/v1/funds/${FUND}/flags`, { body, headers: key });
    expect(again.body.id).toBe(first.body.id);
    const flags = (await allItems(twin)).filter((item) => item.kind === 'FLAG' && item.reason === body.reason);
    expect(flags).toHaveLength(1);
  });

  it('refuses a flag on an unknown disbursement with 422 naming body.disbursementRef, and an unknown fund with 404, writing nothing', async () => {
    const before = (await allItems(twin)).length;
    const unknown = await request<{ errors: { path: string }[] }>(twin, 'POST', `/v1/funds/${FUND}/flags`, { body: { disbursementRef: 'GN0000000', reason: 'Khoản chi này không có thật' }, headers: idem() });
    expect([400, 422]).toContain(unknown.status);
    expect(unknown.body.errors.map((e) => e.path)).toEqual(['body.disbursementRef']);
    const line = await request<{ errors: { path: string }[] }>(twin, 'POST', `/v1/funds/${FUND}/flags`, { body: { entryId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', reason: 'Dòng này sai số tiền' }, headers: idem() });
    expect(line.status).toBe(422);
    expect(line.body.errors.map((e) => e.path)).toEqual(['body.entryId']);
    const noFund = await request(twin, 'POST', '/v1/funds/khong-co-quy/flags', { body: { disbursementRef: payoutRef, reason: 'Khoản chi này không có thật' }, headers: idem() });
    expect(noFund.status).toBe(404);
    expect((await allItems(twin)).length).toBe(before);
  });

  it('lets an auditor answer in public; the answer shows on the public route, masked, and the contact on no public route', async () => {
    const answered = await request<{ answers: { text: string; answeredBy: string }[] }>(twin, 'POST', `/v1/flags/${flagId}/answers`, {
      body: { text: `Đã đối chiếu: biên bản đúng; liên hệ ${PHONE}` },
      headers: { ...auditor, ...idem() },
    });
    expect(answered.status).toBe(201);
    const listed = await request<{ items: PublicFlag[] }>(twin, 'GET', `/v1/funds/${FUND}/flags`);
    const flag = listed.body.items.find((f) => f.id === flagId)!;
    expect(flag.answers.map((a) => a.text)).toEqual(['Đã đối chiếu: biên bản đúng; liên hệ ***']);
    expect(JSON.stringify(flag)).not.toContain('kiem-toan');
    for (const path of [`/v1/funds/${FUND}/flags`, `/v1/funds/${FUND}/disbursements`, `/v1/funds/${FUND}/donors`, `/v1/funds/${FUND}`]) {
      expect(JSON.stringify((await request(twin, 'GET', path)).body)).not.toContain(EMAIL);
    }
    const queue = await request<{ flags: { id: string; contact?: string }[] }>(twin, 'GET', `/v1/funds/${FUND}/moderation`, { headers: auditor });
    expect(queue.body.flags.find((f) => f.id === flagId)?.contact).toBe(EMAIL);
  });

  it('refuses an answer from a role that does not audit', async () => {
    const clerk = await staff(twin, 'ke-toan', 'finance-clerk');
    expect((await request(twin, 'POST', `/v1/flags/${flagId}/answers`, { body: { text: 'Không đúng' }, headers: { ...clerk, ...idem() } })).status).toBe(403);
  });

  it('journals the flag and its answer as report lines with masked text and no contact', async () => {
    const entries = (await journal()).filter((e) => e.entityRef === flagId);
    expect(entries.map((e) => e.type)).toEqual(['FLAG_RAISED', 'FLAG_ANSWERED']);
    const lines = entries.map((entry) => entryLine(entry));
    expect(lines[0]).toContain('"reason":"Số tiền không khớp biên bản, gọi tôi ***"');
    expect(lines[1]).toContain('"answer":"Đã đối chiếu: biên bản đúng; liên hệ ***"');
    for (const line of lines) {
      expect(line).not.toContain(EMAIL);
      expect(line).not.toContain('0912');
      expect(line).not.toContain('kiem-toan');
    }
  });
});

describe('moderation queue', () => {
  it('holds a flag reason the word list matches until staff release it', async () => {
    const raised = await request<PublicFlag>(twin, 'POST', `/v1/funds/${FUND}/flags`, { body: { disbursementRef: payoutRef, reason: 'Tôi là Chủ tịch xã, khoản này sai' }, headers: idem() });
    expect(raised.body.status).toBe('HELD');
    expect(raised.body.reason).toBeNull();
    const listed = await request<{ items: PublicFlag[] }>(twin, 'GET', `/v1/funds/${FUND}/flags`);
    expect(JSON.stringify(listed.body)).not.toContain('Chủ tịch');
    expect((await request(twin, 'POST', `/v1/flags/${raised.body.id}/answers`, { body: { text: 'Đã xem' }, headers: { ...auditor, ...idem() } })).status).toBe(409);
    const released = await request(twin, 'POST', `/v1/flags/${raised.body.id}/moderation`, { body: { decision: 'release' }, headers: { ...auditor, ...idem() } });
    expect(released.status).toBe(200);
    const after = await request<{ items: PublicFlag[] }>(twin, 'GET', `/v1/funds/${FUND}/flags`);
    expect(after.body.items.find((f) => f.id === raised.body.id)?.reason).toBe('Tôi là Chủ tịch xã, khoản này sai');
  });

  it('shows a stranger’s moderated pledge name as awaiting moderation until staff release it; the pledge counts at once', async () => {
    const made = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', {
      body: { fundId: FUND, donor: { type: 'individual', name: 'Bộ trưởng Nguyễn Văn A' }, amount: 200_000, publishName: true },
      headers: idem(),
    });
    expect(made.status).toBe(201);
    const ref = made.body.ref;
    const held = await request<{ donorName: string }>(twin, 'GET', `/v1/pledges/${ref}`);
    expect(held.body.donorName).toBe('Nhà hảo tâm (đang chờ kiểm duyệt / awaiting moderation)');
    const queue = await request<{ pledges: { ref: string; name: string }[] }>(twin, 'GET', `/v1/funds/${FUND}/moderation`, { headers: auditor });
    expect(queue.body.pledges).toContainEqual(expect.objectContaining({ ref, name: 'Bộ trưởng Nguyễn Văn A' }));
    const entries = await journal();
    expect(entries.find((e) => e.entityRef === ref && e.type === 'PLEDGE_MADE')?.deltas.pledged).toBe(200_000);
    expect(entries.filter((e) => e.entityRef === ref).map((entry) => entryLine(entry)).join()).not.toContain('Bộ trưởng');

    expect((await request(twin, 'POST', `/v1/pledges/${ref}/moderation`, { body: { decision: 'release' }, headers: { ...auditor, ...idem() } })).status).toBe(200);
    expect((await request<{ pledges: { ref: string }[] }>(twin, 'GET', `/v1/funds/${FUND}/moderation`, { headers: auditor })).body.pledges.map((p) => p.ref)).not.toContain(ref);
    const released = (await journal()).find((e) => e.entityRef === ref && e.type === 'PLEDGE_NAME_RELEASED');
    expect(released?.publicDetails.donor).toBe('Bộ trưởng Nguyễn Văn A');
  });

  it('lists held names oldest first from their own index, reading none of the fund’s journal; a rejected name and a cancelled pledge leave it', async () => {
    const approver = await staff(twin, 'duyet-2', 'finance-approver');
    const refs: string[] = [];
    for (const name of ['Thủ tướng Lê Văn B', 'Chủ tịch xã Trần C', 'Bộ trưởng Phạm D']) {
      const made = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', { body: { fundId: FUND, donor: { type: 'individual', name }, amount: 100_000, publishName: true }, headers: idem() });
      expect(made.status).toBe(201);
      refs.push(made.body.ref);
    }
    const queued = async () => (await request<{ pledges: { ref: string }[] }>(twin, 'GET', `/v1/funds/${FUND}/moderation`, { headers: auditor })).body.pledges.map((p) => p.ref).filter((ref) => refs.includes(ref));

    const tables: string[] = [];
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { IndexName?: string; ExpressionAttributeValues?: Record<string, unknown> };
        if (context.commandName === 'QueryCommand') tables.push(`${input.IndexName ?? 'table'} ${String(Object.values(input.ExpressionAttributeValues ?? {})[0])}`);
        return next(args);
      },
      { step: 'initialize', name: 'countModerationReads' },
    );
    try {
      expect(await queued()).toEqual(refs);
    } finally {
      dynamo().middlewareStack.remove('countModerationReads');
    }
    expect(tables.filter((read) => read.includes('JOURNAL'))).toEqual([]);
    expect(tables).toContain(`gsi1 HELDNAMES#${FUND}`);

    expect((await request(twin, 'POST', `/v1/pledges/${refs[0]}/moderation`, { body: { decision: 'reject' }, headers: { ...auditor, ...idem() } })).status).toBe(200);
    expect((await request(twin, 'POST', `/v1/pledges/${refs[1]}/cancel`, { body: { reason: 'Nhập trùng' }, headers: { ...approver, ...idem() } })).status).toBe(200);
    expect(await queued()).toEqual([refs[2]]);
  });
});

describe('the flag route is rate-limited per client, as the WAF does in AWS', () => {
  let limited: Twin;
  beforeAll(async () => {
    limited = await startTestTwin({ rateLimits: true });
  });
  afterAll(async () => limited?.stop());

  it('answers the 21st flag from one address in five minutes with 429, and still serves another address', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const answers = await Promise.all(Array.from({ length: 20 }, () => request(limited, 'POST', `/v1/funds/${FUND}/flags`, { body: {}, headers: { ...from('203.0.113.9'), ...idem() } })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(400));
    const refused = await request(limited, 'POST', `/v1/funds/${FUND}/flags`, { body: {}, headers: { ...from('203.0.113.9'), ...idem() } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await request(limited, 'POST', `/v1/funds/${FUND}/flags`, { body: {}, headers: { ...from('198.51.100.9'), ...idem() } })).status).toBe(400);
  });
});
