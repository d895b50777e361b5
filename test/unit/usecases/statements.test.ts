import { beforeEach, describe, expect, it } from 'vitest';
import { UnprocessableError, ValidationError } from '../../../shared/errors';
import { actOnDisbursement, findDisbursement, requestDisbursement } from '../../../shared/usecases/disbursements';
import { createPledge } from '../../../shared/usecases/pledges';
import { recordReceipt } from '../../../shared/usecases/receipts';
import { processStatement, type ImportDeps } from '../../../shared/usecases/statements/import';
import { uploadStatement } from '../../../shared/usecases/statements/upload';
import { getReconciliation } from '../../../shared/usecases/statements/reconciliation';
import { ignoreLine, listLines, matchLine } from '../../../shared/usecases/statements/review';
import { counts, ctx, memoryLedger, OPEN_FUND, type MemoryLedger } from '../../support/memory-ledger';
import { statementParser } from '../../../shared/adapters/statement-parser';

const fundId = OPEN_FUND.fundId;

/** A statement in the Vietcombank layout, as the bank exports it. */
function vcbCsv(lines: { ref: string; debit?: number; credit?: number; memo: string; date?: string }[]): Uint8Array {
  const amount = (n?: number) => (n === undefined ? '' : n.toLocaleString('de-DE'));
  const rows = ['TNXDate,DocNo,Debit,Credit,Balance,Transactions in Detail', ...lines.map((l) => [l.date ?? '15/09/2024', l.ref, amount(l.debit), amount(l.credit), '', l.memo].join(','))];
  return new TextEncoder().encode(rows.join('\r\n'));
}

let ledger: MemoryLedger;
let deps: ImportDeps;
let pledgeRef: string;
let payoutRef: string;
let unknownCredit: string;

beforeEach(async () => {
  ledger = memoryLedger();
  deps = { ...ledger.stores, statementFiles: ledger.statementFiles, statementParser };
  pledgeRef = (await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'Võ Xuân Long' }, amount: 500_000, publishName: true }, ctx('public'))).body.ref;
  await recordReceipt(ledger.stores, { fundId, amount: 10_000_000, receivedAt: '2024-09-01T08:00:00+07:00', method: 'cash' }, ctx('staff:an'));
  payoutRef = (
    await requestDisbursement(ledger.stores, { fundId, beneficiary: { organisation: { name: 'UBND xã', taxCode: '0301234567' } }, amount: 3_000_000, purpose: 'Cứu trợ' }, ctx('staff:an'))
  ).body.ref;
  await actOnDisbursement(ledger.stores, payoutRef, { action: 'approve' }, ctx('staff:lan'));
  unknownCredit = 'FT0003';
});

const statementFile = () =>
  vcbCsv([
    { ref: 'FT0001', credit: 500_000, memo: `VO XUAN LONG ung ho ${pledgeRef}` },
    { ref: 'FT0002', debit: 3_000_000, memo: `Chi cuu tro ${payoutRef}` },
    { ref: unknownCredit, credit: 200_000, memo: 'NGUYEN VAN AN chuyen tien ung ho' },
    { ref: 'FT0004', debit: 22_000, memo: 'Phi dich vu' },
  ]);

async function importFile(bytes: Uint8Array, key: string) {
  const { body } = await uploadStatement(deps, { fundId, fileName: 'sao-ke.csv', contentType: 'text/csv', bytes }, ctx('staff:an', key));
  return processStatement(deps, body.id, { owner: `test:${key}` });
}

describe('statement import', () => {
  it('books every line once: a matched payment raises its pledge, a debit pays its disbursement, the rest waits for review', async () => {
    const { statement, done } = await importFile(statementFile(), 'upload-1');
    expect(done).toBe(true);
    expect(statement).toMatchObject({ status: 'COMPLETED', imported: 4, matched: 2, unmatched: 1, flagged: 1, duplicates: 0 });
    expect(await ledger.stores.pledges.getByRef(pledgeRef)).toMatchObject({ received: 500_000, status: 'FULFILLED' });
    expect((await findDisbursement(ledger.stores, payoutRef)).status).toBe('PAID');
    expect(await ledger.stores.funds.balance(fundId)).toEqual({ received: 10_700_000, approved: 0, disbursed: 3_000_000, available: 7_700_000 });
  });

  it('counts the lines of the same file imported again as duplicates, and books nothing twice', async () => {
    await importFile(statementFile(), 'upload-1');
    const before = counts(ledger.state);
    const { statement } = await importFile(statementFile(), 'upload-2');
    expect(statement).toMatchObject({ status: 'COMPLETED', imported: 0, duplicates: 4 });
    expect({ ...counts(ledger.state), idempotency: 0 }).toEqual({ ...before, idempotency: 0 });
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(10_700_000);
  });

  it('continues an interrupted import from its checkpoint, with exact counters', async () => {
    const { body } = await uploadStatement(deps, { fundId, fileName: 'sao-ke.csv', contentType: 'text/csv', bytes: statementFile() }, ctx('staff:an'));
    const first = await processStatement(deps, body.id, { owner: 'run-1', deadline: Date.now(), batchLines: 2 });
    expect(first).toMatchObject({ done: false, statement: { linesProcessed: 2, status: 'IMPORTING' } });
    const second = await processStatement(deps, body.id, { owner: 'run-2', batchLines: 2 });
    expect(second.statement).toMatchObject({ status: 'COMPLETED', linesProcessed: 4, imported: 4, duplicates: 0 });
  });

  it('refuses a malformed file with 400 naming row and column, and writes no statement and no line', async () => {
    const before = counts(ledger.state);
    const bad = vcbCsv([{ ref: 'FT1', credit: 1, memo: 'x' }, { ref: 'FT2', memo: 'y', date: '31/02/2024' }]);
    const error = await uploadStatement(deps, { fundId, fileName: 'x.csv', contentType: 'text/csv', bytes: bad }, ctx('staff:an')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors[0]!.path).toBe('row 3, column "TNXDate"');
    expect(counts(ledger.state)).toEqual(before);
    expect(ledger.state.statements.size).toBe(0);
    expect(ledger.statementFiles.objects.size).toBe(0);
  });
});

describe('statement review', () => {
  it('matches an unmatched credit to a pledge by replacing its receipt: the pledge rises, the fund’s money does not', async () => {
    const { statement } = await importFile(statementFile(), 'upload-1');
    const other = (await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'Nguyễn Văn An' }, amount: 200_000, publishName: true }, ctx('public'))).body.ref;
    const [line] = (await listLines(ledger.stores, statement.id, { status: 'UNMATCHED', limit: 10 })).items;
    const { body: matched } = await matchLine(ledger.stores, statement.id, line!.lineId, { pledgeRef: other }, ctx('staff:an'));
    expect(matched).toMatchObject({ status: 'MATCHED', pledgeRef: other, decidedBy: 'staff:an' });
    expect(await ledger.stores.pledges.getByRef(other)).toMatchObject({ received: 200_000, status: 'FULFILLED' });
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(10_700_000);
    expect(await ledger.stores.statements.get(statement.id)).toMatchObject({ matched: 3, unmatched: 0 });
    await expect(matchLine(ledger.stores, statement.id, line!.lineId, { pledgeRef: other }, ctx('staff:an'))).rejects.toMatchObject({ currentState: 'MATCHED' });
  });

  it('sets a flagged line aside with a reason, and the reconciliation stops listing it', async () => {
    const { statement } = await importFile(statementFile(), 'upload-1');
    const before = await getReconciliation(ledger.stores, fundId, new Date('2024-09-20T00:00:00Z'));
    expect(before.lines.toReview.map((l) => l.status).sort()).toEqual(['FLAGGED', 'UNMATCHED']);
    const [fee] = (await listLines(ledger.stores, statement.id, { status: 'FLAGGED', limit: 10 })).items;
    await ignoreLine(ledger.stores, statement.id, fee!.lineId, 'Phí ngân hàng', ctx('staff:an'));
    const after = await getReconciliation(ledger.stores, fundId, new Date('2024-09-20T00:00:00Z'));
    expect(after.lines.toReview.map((l) => l.status)).toEqual(['UNMATCHED']);
    expect(after.lines.ignored).toEqual({ count: 1, amount: 22_000 });
    expect(after.ledgerBalance).toMatchObject({ received: 10_700_000, disbursed: 3_000_000 });
    expect(after.approvedNotPaid.count).toBe(0);
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
    const first = await upload(undefined, 'vcb');
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
