/**
 * The statement import and a clerk's review, on the in-memory stores: every row accounted for,
 * what a file that is not a statement gets, the checkpoint, and the decisions on held and counted
 * lines, each on the line's own value date (DESIGN §9).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { statementParser } from '../../../shared/adapters/statement-parser';
import { leafEntries } from '../../../shared/domain/journal';
import { lineId } from '../../../shared/domain/statements/statement';
import { ConflictError, UnprocessableError, ValidationError } from '../../../shared/errors';
import { entityHistory } from '../../../shared/usecases/audit';
import { actOnDisbursement, findDisbursement, requestDisbursement } from '../../../shared/usecases/disbursements';
import { createPledge } from '../../../shared/usecases/pledges';
import { getReceipt, recordReceipt, reverseReceipt } from '../../../shared/usecases/receipts';
import { processStatement, type ImportDeps } from '../../../shared/usecases/statements/import';
import { getReconciliation } from '../../../shared/usecases/statements/reconciliation';
import { countLine, discardLine, ignoreLine, matchLine } from '../../../shared/usecases/statements/review';
import { uploadStatement } from '../../../shared/usecases/statements/upload';
import { listLines, statementView } from '../../../shared/usecases/statements/views';
import { CLOSED_FUND, counts, ctx, memoryLedger, OPEN_FUND, type MemoryLedger } from '../../support/memory-ledger';

const fundId = OPEN_FUND.fundId;

/** A statement in the Vietcombank layout, as the bank exports it (no time, no balance here). */
function vcbCsv(lines: { ref: string; debit?: number; credit?: number; memo: string; date?: string }[]): Uint8Array {
  const amount = (n?: number) => (n === undefined ? '' : n.toLocaleString('de-DE'));
  const rows = ['TNXDate,DocNo,Debit,Credit,Balance,Transactions in Detail', ...lines.map((l) => [l.date ?? '15/09/2024', l.ref, amount(l.debit), amount(l.credit), '', l.memo].join(','))];
  return new TextEncoder().encode(rows.join('\r\n'));
}

/** BIDV's own export: title rows naming the account and the opening balance, a running balance, a totals footer. */
function bidvCsv(account: string, opening: number, lines: { when: string; credit?: number; debit?: number; memo: string; balance?: number | null; raw?: [string, string] }[]): Uint8Array {
  const money = (n: number) => `"${n.toLocaleString('en-US')}"`;
  let balance = opening;
  const rows = lines.map((l, i) => {
    balance += (l.credit ?? 0) - (l.debit ?? 0);
    const [debit, credit] = l.raw ?? [l.debit ? money(l.debit) : '', l.credit ? money(l.credit) : ''];
    return `${i + 1},${l.when},${debit},${credit},${l.balance === null ? '' : money(l.balance ?? balance)},"${l.memo}"`;
  });
  return new TextEncoder().encode(
    [
      'NGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM',
      `Số tài khoản / Account: ${account},,Chủ tài khoản: UY BAN MTTQ`,
      `"Số dư đầu kỳ: ${opening.toLocaleString('en-US')}"`,
      '',
      'STT,Ngày hiệu lực,Ghi nợ,Ghi có,Số dư,Mô tả',
      ...rows,
      '',
      `Số dư cuối kỳ,,,,${money(balance)}`,
    ].join('\r\n'),
  );
}

let ledger: MemoryLedger;
let deps: ImportDeps;
let pledgeRef: string;
let payoutRef: string;

beforeEach(async () => {
  ledger = memoryLedger();
  deps = { ...ledger.stores, statementFiles: ledger.statementFiles, statementParser };
  pledgeRef = (await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'Võ Xuân Long' }, amount: 500_000, publishName: true }, ctx('public'))).body.ref;
  await recordReceipt(ledger.stores, { fundId, amount: 10_000_000, receivedAt: '2024-09-01T08:00:00+07:00', method: 'cash' }, ctx('staff:an'));
  payoutRef = (
    await requestDisbursement(ledger.stores, { fundId, beneficiary: { organisation: { name: 'UBND xã', taxCode: '0301234567' } }, amount: 3_000_000, purpose: 'Cứu trợ' }, ctx('staff:an'))
  ).body.ref;
  await actOnDisbursement(ledger.stores, payoutRef, { action: 'approve' }, ctx('staff:lan'));
});

const statementFile = () =>
  vcbCsv([
    { ref: 'FT0001', credit: 500_000, memo: `VO XUAN LONG ung ho ${pledgeRef}` },
    { ref: 'FT0002', debit: 3_000_000, memo: `Chi cuu tro ${payoutRef}` },
    { ref: 'FT0003', credit: 200_000, memo: 'NGUYEN VAN AN chuyen tien ung ho' },
    { ref: 'FT0004', debit: 22_000, memo: 'Phi dich vu' },
  ]);

async function importFile(bytes: Uint8Array, key: string, options: { account?: string } = {}) {
  const { body } = await uploadStatement(deps, { fundId, fileName: `${key}.csv`, contentType: 'text/csv', bytes, ...options }, ctx('staff:an', key));
  return processStatement(deps, body.id, { owner: `test:${key}` });
}

const lines = async (statementId: string, status?: Parameters<typeof listLines>[2]['status']) => (await listLines(ledger.stores, statementId, { ...(status ? { status } : {}), limit: 500 })).items;

/** The money each day of the journal received, as the public day totals add it up. */
function receivedByDay(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of ledger.state.journal.get(fundId)!.values()) if (entry.deltas.received) out[entry.day] = (out[entry.day] ?? 0) + entry.deltas.received;
  return out;
}

describe('statement import', () => {
  it('counts a credit that arrives once the fund has closed, flagged late on its receipt and its report leaf', async () => {
    ledger.state.seedFunds([CLOSED_FUND]);
    const file = vcbCsv([{ ref: 'FT0900', credit: 300_000, memo: 'NGUYEN VAN AN ung ho' }]);
    const { body } = await uploadStatement(deps, { fundId: CLOSED_FUND.fundId, fileName: 'late.csv', contentType: 'text/csv', bytes: file }, ctx('staff:an', 'late'));
    const { statement } = await processStatement(deps, body.id, { owner: 'test:late' });
    expect(statement).toMatchObject({ counted: 1, held: 0 });
    expect((await getReceipt(ledger.stores, lineId(statement.id, 1))).flags).toContain('LATE');
    const entry = [...ledger.state.journal.get(CLOSED_FUND.fundId)!.values()].find((e) => e.type === 'STATEMENT_LINES_COUNTED')!;
    expect(leafEntries(entry)[0]!.publicDetails).toMatchObject({ late: true });
    expect(await ledger.stores.funds.balance(CLOSED_FUND.fundId)).toMatchObject({ received: 300_000 });
  });

  it('counts every line once: a matched payment raises its pledge, a debit pays its disbursement, the rest waits for review', async () => {
    const { statement, done } = await importFile(statementFile(), 'upload-1');
    expect(done).toBe(true);
    expect(statement).toMatchObject({ status: 'COMPLETED', counted: 4, held: 0, duplicates: 0, matched: 2, unmatched: 1, flagged: 1 });
    expect(statementView(statement).summary).toMatchObject({ rows: 5, notTransactions: { count: 1, header: 1 }, balanced: true });
    expect(await ledger.stores.pledges.getByRef(pledgeRef)).toMatchObject({ received: 500_000, status: 'FULFILLED' });
    expect((await findDisbursement(ledger.stores, payoutRef)).status).toBe('PAID');
    expect(await ledger.stores.funds.balance(fundId)).toEqual({ received: 10_700_000, approved: 0, disbursed: 3_000_000, available: 7_700_000 });
    // One journal entry for the batch's receipts, one element per receipt.
    const batches = [...ledger.state.journal.get(fundId)!.values()].filter((e) => e.type === 'STATEMENT_LINES_COUNTED');
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ day: '2024-09-15', deltas: { received: 700_000, receiptCount: 2, donorCount: 1 }, lines: [{ amount: 500_000, pledgeRef, donor: 'Võ Xuân Long' }, { amount: 200_000, donor: 'Nhà hảo tâm' }] });
  });

  it('journals the payout a debit line makes as the clerk who imported the statement, who then may not confirm it', async () => {
    await importFile(statementFile(), 'upload-1');
    expect(await findDisbursement(ledger.stores, payoutRef)).toMatchObject({ status: 'PAID', paidBy: 'staff:an', bankRef: 'FT0002' });
    const paid = (await ledger.stores.journal.entityTrail(payoutRef)).find((e) => e.type === 'DISBURSEMENT_PAID');
    expect(paid?.actor).toBe('staff:an');
    const confirm = (actor: string) => actOnDisbursement(ledger.stores, payoutRef, { action: 'confirm', confirmedBy: 'UBND xã', note: '' }, ctx(actor));
    await expect(confirm('staff:an')).rejects.toMatchObject({ code: 'self-confirmation' });
    expect((await confirm('staff:xa')).body.status).toBe('CONFIRMED');
  });

  it('flags a debit whose bank reference already paid another disbursement from the account, and pays nothing twice', async () => {
    const other = (await requestDisbursement(ledger.stores, { fundId, beneficiary: { organisation: { name: 'Hội Chữ thập đỏ', taxCode: '0301234567' } }, amount: 1_000_000, purpose: 'Cứu trợ' }, ctx('staff:an'))).body;
    await actOnDisbursement(ledger.stores, other.ref, { action: 'approve' }, ctx('staff:lan'));
    await actOnDisbursement(ledger.stores, other.ref, { action: 'pay', bankRef: 'FT0002', paidAt: '2024-09-15T10:00:00+07:00' }, ctx('staff:an'));
    const { statement } = await importFile(statementFile(), 'upload-1');
    const line = (await lines(statement.id)).find((l) => l.bankRef === 'FT0002')!;
    expect(line).toMatchObject({ status: 'FLAGGED', effect: 'NONE' });
    expect(line.reasons).toContain('PAYOUT_REF_USED');
    expect((await findDisbursement(ledger.stores, payoutRef)).status).toBe('APPROVED');
    expect((await ledger.stores.funds.balance(fundId)).disbursed).toBe(1_000_000);
  });

  it('gives each counted credit a receipt under the line’s own id, which the receipts API finds', async () => {
    const { statement } = await importFile(statementFile(), 'upload-1');
    const id = lineId(statement.id, 1);
    expect(await getReceipt(ledger.stores, id)).toMatchObject({ id, fundId, amount: 500_000, method: 'bank', bankRef: 'FT0001', pledgeRef, status: 'RECORDED', statementLineId: id, recordedBy: `bank:${statement.id}` });
    await expect(getReceipt(ledger.stores, lineId(statement.id, 2))).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(reverseReceipt(ledger.stores, id, 'nhầm', ctx('staff:lan'))).rejects.toBeInstanceOf(ConflictError);
    // Its history holds its own leaf of the batch's entry, as the report publishes it.
    const history = await entityHistory(ledger.stores, id);
    expect(history.entries.map((e) => [e.type, e.entityRef, e.deltas.received])).toEqual([['RECEIPT_RECORDED', id, 500_000]]);
  });

  it('counts the lines of the same file imported again as duplicates, naming each line they duplicate, and books nothing twice', async () => {
    const first = await importFile(statementFile(), 'upload-1');
    const before = counts(ledger.state);
    const { statement } = await importFile(statementFile(), 'upload-2');
    expect(statement).toMatchObject({ status: 'COMPLETED', counted: 0, duplicates: 4, duplicatesCredited: 700_000 });
    expect((await lines(statement.id, 'DUPLICATE')).map((l) => l.duplicateOf)).toEqual(
      [1, 2, 3, 4].map((n) => ({ statementId: first.statement.id, lineNo: n, lineId: lineId(first.statement.id, n), fileName: 'upload-1.csv' })),
    );
    expect(counts(ledger.state).journal).toBe(before.journal);
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(10_700_000);
  });

  it('continues an interrupted import from its checkpoint, with exact counters', async () => {
    const { body } = await uploadStatement(deps, { fundId, fileName: 'sao-ke.csv', contentType: 'text/csv', bytes: statementFile() }, ctx('staff:an'));
    const first = await processStatement(deps, body.id, { owner: 'run-1', deadline: Date.now(), batchLines: 2 });
    expect(first).toMatchObject({ done: false, statement: { linesProcessed: 2, status: 'IMPORTING', counted: 2 } });
    const second = await processStatement(deps, body.id, { owner: 'run-2', batchLines: 2 });
    expect(second.statement).toMatchObject({ status: 'COMPLETED', linesProcessed: 4, counted: 4, duplicates: 0 });
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(10_700_000);
  });

  it('holds a damaged row and counts the rest; refuses only a file that is not a statement, writing nothing', async () => {
    const damaged = vcbCsv([
      { ref: 'FT1', credit: 1_000, memo: 'x' },
      { ref: 'FT2', memo: 'y', date: '31/02/2024', credit: 5_000 },
    ]);
    const { statement } = await importFile(damaged, 'damaged');
    expect(statement).toMatchObject({ counted: 1, held: 1 });
    expect(await lines(statement.id, 'HELD')).toMatchObject([{ lineNo: 2, heldReason: 'UNREADABLE', raw: expect.stringContaining('31/02/2024'), problems: [{ path: 'row 3, column "TNXDate"' }] }]);

    const before = counts(ledger.state);
    const statements = ledger.state.statements.size;
    for (const [bytes, message] of [
      [new Uint8Array(0), /empty/],
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]), /binary/],
      [new TextEncoder().encode('Ngay,So tien\r\n01/09/2024,100'), /unknown columns/],
    ] as const) {
      const error = await uploadStatement(deps, { fundId, fileName: 'x.csv', contentType: 'text/csv', bytes }, ctx('staff:an')).catch((e: unknown) => e);
      expect(error, String(message)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors[0]!.message).toMatch(message);
    }
    expect(counts(ledger.state)).toEqual(before);
    expect(ledger.state.statements.size).toBe(statements);
  });

  it('refuses a file whose opening and closing balances contradict its rows', async () => {
    const text = new TextDecoder().decode(bidvCsv('0071000000079', 1_000_000, [{ when: '01/09/2024 08:00:00', credit: 100_000, memo: 'x' }])).replace('Số dư cuối kỳ,,,,"1,100,000"', 'Số dư cuối kỳ,,,,"1,200,000"');
    const error = await uploadStatement(deps, { fundId, fileName: 'x.csv', contentType: 'text/csv', bytes: new TextEncoder().encode(text) }, ctx('staff:an')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([{ path: 'file', message: expect.stringContaining('contradict') }]);
  });

  it('answers 422 naming both accounts when the file is another account’s statement', async () => {
    const error = await uploadStatement(deps, { fundId, fileName: 'x.csv', contentType: 'text/csv', bytes: bidvCsv('12010001932418', 0, [{ when: '01/09/2024 08:00:00', credit: 1, memo: 'x' }]) }, ctx('staff:an')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as UnprocessableError).errors[0]!.message).toMatch(/12010001932418.*0071000000079/);
    expect(ledger.state.statements.size).toBe(0);
  });

  it('holds a row whose amount is glued into its memo with the balance’s difference, and a clerk accepts it in one click, on its own day', async () => {
    const file = bidvCsv('0071000000079', 1_000_000, [
      { when: '01/09/2024 08:00:00', credit: 100_000, memo: 'ung ho' },
      { when: '01/09/2024 08:05:00', credit: 10_000, memo: 'MA_GD:4199|CASZLP|1863865410,000 MAI HUU LAN UNG HO', raw: ['', ''] },
      { when: '02/09/2024 09:00:00', credit: 50_000, memo: 'ung ho' },
    ]);
    const { statement } = await importFile(file, 'glued');
    expect(statement).toMatchObject({ counted: 2, held: 1, heldCredited: 10_000 });
    const [held] = await lines(statement.id, 'INFERRED_AMOUNT');
    expect(held).toMatchObject({ class: 'HELD', heldReason: 'INFERRED_AMOUNT', inferred: true, direction: 'CREDIT', amount: 10_000, valueDate: '2024-09-01' });
    const receivedBefore = (await ledger.stores.funds.balance(fundId)).received;
    const later = new Date('2025-01-20T03:00:00Z');
    const { body: counted } = await countLine(ledger.stores, statement.id, held!.lineId!, {}, ctx('staff:an', 'accept-1', later));
    expect(counted).toMatchObject({ class: 'COUNTED', status: 'UNMATCHED', receiptStatus: 'RECORDED', decidedBy: 'staff:an' });
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(receivedBefore + 10_000);
    expect(await ledger.stores.statements.get(statement.id)).toMatchObject({ counted: 3, held: 0, heldCredited: 0 });
    expect(receivedByDay()['2024-09-01']).toBe(10_000_000 + 110_000);
    expect(receivedByDay()['2025-01-20']).toBeUndefined();
    // Counting it again is a conflict, not a second receipt.
    await expect(countLine(ledger.stores, statement.id, held!.lineId!, {}, ctx('staff:an'))).rejects.toBeInstanceOf(ConflictError);
  });

  it('counts a held debit naming a disbursement that is not approved as the import would: flagged for review, the disbursement untouched', async () => {
    const requested = (await requestDisbursement(ledger.stores, { fundId, beneficiary: { organisation: { name: 'UBND xã', taxCode: '0301234567' } }, amount: 40_000, purpose: 'Cứu trợ' }, ctx('staff:an'))).body.ref;
    const file = bidvCsv('0071000000079', 1_000_000, [
      { when: '01/09/2024 08:00:00', credit: 100_000, memo: 'ung ho' },
      { when: '01/09/2024 08:05:00', debit: 40_000, memo: `Chi cuu tro ${requested}`, raw: ['', ''] },
    ]);
    const { statement } = await importFile(file, 'held-debit');
    const [held] = await lines(statement.id, 'INFERRED_AMOUNT');
    expect(held).toMatchObject({ class: 'HELD', direction: 'DEBIT', amount: 40_000 });
    const { body: counted } = await countLine(ledger.stores, statement.id, held!.lineId!, {}, ctx('staff:an', 'count-debit'));
    expect(counted).toMatchObject({ class: 'COUNTED', status: 'FLAGGED' });
    expect(counted.reasons).toContain('DISBURSEMENT_NOT_PAYABLE');
    expect((await findDisbursement(ledger.stores, requested)).status).toBe('REQUESTED');
  });

  it('takes a reference recorded by hand once: before the import the line is its duplicate, after it the hand receipt is refused', async () => {
    await recordReceipt(ledger.stores, { fundId, amount: 200_000, receivedAt: '2024-09-15T10:00:00+07:00', method: 'bank', bankRef: 'FT0003' }, ctx('staff:an'));
    const { statement } = await importFile(statementFile(), 'upload-1');
    expect(statement).toMatchObject({ counted: 3, duplicates: 1 });
    expect(await lines(statement.id, 'DUPLICATE')).toMatchObject([{ lineNo: 3, duplicateOf: { receiptId: expect.any(String) } }]);
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(10_000_000 + 200_000 + 500_000);
    await expect(recordReceipt(ledger.stores, { fundId, amount: 500_000, receivedAt: '2024-09-15T12:00:00+07:00', method: 'bank', bankRef: 'FT0001' }, ctx('staff:an'))).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('statement review', () => {
  it('matches an unmatched credit to a pledge by replacing its receipt on the line’s own day: the pledge rises, no day’s total moves', async () => {
    const { statement } = await importFile(statementFile(), 'upload-1');
    const other = (await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'Nguyễn Văn An' }, amount: 200_000, publishName: true }, ctx('public'))).body.ref;
    const days = receivedByDay();
    const [line] = await lines(statement.id, 'UNMATCHED');
    const today = new Date('2025-03-02T02:00:00Z');
    const { body: matched } = await matchLine(ledger.stores, statement.id, line!.lineId!, { pledgeRef: other }, ctx('staff:an', 'match-1', today));
    expect(matched).toMatchObject({ status: 'MATCHED', pledgeRef: other, decidedBy: 'staff:an', receipt: 'REVERSED' });
    expect(await ledger.stores.pledges.getByRef(other)).toMatchObject({ received: 200_000, status: 'FULFILLED' });
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(10_700_000);
    expect(await ledger.stores.statements.get(statement.id)).toMatchObject({ matched: 3, unmatched: 0 });
    // The reversal and the new receipt are on 15/09/2024, the bank's value date: every day's total is as it was.
    const entries = [...ledger.state.journal.get(fundId)!.values()].filter((e) => e.at === today.toISOString());
    expect(entries.map((e) => [e.type, e.day])).toEqual([
      ['RECEIPT_RECORDED', '2024-09-15'],
      ['RECEIPT_REVERSED', '2024-09-15'],
      ['STATEMENT_LINE_MATCHED', '2024-09-15'],
    ]);
    expect(receivedByDay()).toEqual(days);
    expect(await getReceipt(ledger.stores, line!.lineId!)).toMatchObject({ status: 'REVERSED' });
    await expect(matchLine(ledger.stores, statement.id, line!.lineId!, { pledgeRef: other }, ctx('staff:an'))).rejects.toMatchObject({ currentState: 'MATCHED' });
  });

  it('reverses a re-linked receipt on the line’s own day too', async () => {
    const { statement } = await importFile(statementFile(), 'upload-1');
    const other = (await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'An' }, amount: 200_000, publishName: false }, ctx('public'))).body.ref;
    const [line] = await lines(statement.id, 'UNMATCHED');
    const { body } = await matchLine(ledger.stores, statement.id, line!.lineId!, { pledgeRef: other }, ctx('staff:an'));
    const days = receivedByDay();
    await reverseReceipt(ledger.stores, body.receiptId!, 'nhầm quỹ', ctx('staff:lan', 'rev-1', new Date('2025-05-05T05:00:00Z')));
    expect(receivedByDay()).toEqual({ ...days, '2024-09-15': days['2024-09-15']! - 200_000 });
  });

  it('sets a flagged line aside with a reason, and the reconciliation stops listing it', async () => {
    const { statement } = await importFile(statementFile(), 'upload-1');
    const before = await getReconciliation(ledger.stores, fundId, new Date('2024-09-20T00:00:00Z'));
    expect(before.lines.toReview.map((l) => l.status).sort()).toEqual(['FLAGGED', 'UNMATCHED']);
    const [fee] = await lines(statement.id, 'FLAGGED');
    await ignoreLine(ledger.stores, statement.id, fee!.lineId!, 'Phí ngân hàng', ctx('staff:an'));
    const after = await getReconciliation(ledger.stores, fundId, new Date('2024-09-20T00:00:00Z'));
    expect(after.lines.toReview.map((l) => l.status)).toEqual(['UNMATCHED']);
    expect(after.lines.ignored).toEqual({ count: 1, amount: 22_000 });
    expect(after.ledgerBalance).toMatchObject({ received: 10_700_000, disbursed: 3_000_000 });
    expect(after.approvedNotPaid.count).toBe(0);
  });

  it('discards a counted line found to be a duplicate: its receipt is reversed on its own day, and the pledge it paid drops', async () => {
    const { statement } = await importFile(statementFile(), 'upload-1');
    const days = receivedByDay();
    const { body } = await discardLine(ledger.stores, statement.id, lineId(statement.id, 1), { as: 'DUPLICATE', reason: 'Ngân hàng ghi hai lần' }, ctx('staff:an', 'd-1', new Date('2025-02-01T00:00:00Z')));
    expect(body).toMatchObject({ class: 'DUPLICATE', receipt: 'REVERSED', discardReason: 'Ngân hàng ghi hai lần' });
    expect(await ledger.stores.pledges.getByRef(pledgeRef)).toMatchObject({ received: 0, status: 'PLEDGED' });
    expect(receivedByDay()).toEqual({ ...days, '2024-09-15': days['2024-09-15']! - 500_000 });
    expect(await ledger.stores.statements.get(statement.id)).toMatchObject({ counted: 3, duplicates: 1, matched: 1 });
    await expect(discardLine(ledger.stores, statement.id, lineId(statement.id, 2), { as: 'NOT_TRANSACTION', reason: 'x y z' }, ctx('staff:an'))).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('statements of a fund with accounts at two banks', () => {
  const BIDV = { bankBin: '970418', bankName: 'BIDV', accountNumber: '31410000079079', accountName: 'UY BAN MTTQ THU NGHIEM' };
  const twoBanks = { ...OPEN_FUND, fundId: 'hai-ngan-hang', bankAccounts: [OPEN_FUND.bankAccount, BIDV] };

  it('keeps each statement’s account in its lines’ identity, so the same line on the other account is new, not a duplicate', async () => {
    ledger.state.seedFunds([twoBanks]);
    const file = vcbCsv([{ ref: 'FT0101', credit: 300_000, memo: 'NGUYEN VAN AN ung ho' }]);
    const upload = async (accountNumber: string | undefined, key: string) => {
      const { body } = await uploadStatement(deps, { fundId: twoBanks.fundId, fileName: 'sao-ke.csv', contentType: 'text/csv', bytes: file, accountNumber }, ctx('staff:an', key));
      return { body, done: await processStatement(deps, body.id, { owner: `test:${key}` }) };
    };
    // A file that names no account, for a fund with two: the clerk must say which (a guess could book money to the wrong account).
    const unnamed = await upload(undefined, 'none').catch((e: unknown) => e);
    expect((unnamed as UnprocessableError).errors.map((e) => e.path)).toEqual(['query.accountNumber']);
    const first = await upload(OPEN_FUND.bankAccount.accountNumber, 'vcb');
    expect(first.body.account).toBe(`970436/${OPEN_FUND.bankAccount.accountNumber}`);
    const second = await upload(BIDV.accountNumber, 'bidv');
    expect(second.body.account).toBe(`970418/${BIDV.accountNumber}`);
    expect(second.done.statement).toMatchObject({ duplicates: 0 });
  });

  it('refuses an account the fund does not publish with a 422 naming the field, and writes nothing', async () => {
    ledger.state.seedFunds([twoBanks]);
    const before = counts(ledger.state);
    const error = await uploadStatement(deps, { fundId: twoBanks.fundId, fileName: 'x.csv', contentType: 'text/csv', bytes: statementFile(), accountNumber: '1234567890' }, ctx('staff:an')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as UnprocessableError).errors.map((e) => e.path)).toEqual(['query.accountNumber']);
    expect(counts(ledger.state)).toEqual(before);
    expect(ledger.state.statements.size).toBe(0);
  });
});
