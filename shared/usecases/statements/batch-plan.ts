/**
 * Planning one batch of a statement's lines (DESIGN §9.3): consecutive lines of one value date
 * become one transaction's writes. Each line gets its class (§9.1) from the day index (§9.2) and
 * the fund's hand-recorded bank references; the counted ones are matched (§9.4); the batch's new
 * receipts are one journal entry with one element each, and the lines, the prints for the day
 * index, the pledges paid, the statement's counters and checkpoint go in the same transaction.
 */
import { saltFor } from '../../reports/name-salt';
import { payoutRefName } from '../../domain/payouts';
import { isLate, type Fund } from '../../domain/funds';
import { newId } from '../../domain/ids';
import type { CountedLineLeaf, JournalEntry } from '../../domain/journal';
import { ANONYMOUS_DONOR, publicDonorName, statusAfterReceipts, type Pledge } from '../../domain/pledges';
import { counterpartyKey, encodePrint, lineKeys, lineRefKey, normalBankRef, parseLineRefKey, type Decision, type DayIdentity, type LineKeys, type PrintClass } from '../../domain/statements/identity';
import { Matcher, refsToLookUp, type DisbursementInfo, type PledgeInfo } from '../../domain/statements/match';
import { addCounters, lineCounters, lineId, type Counters, type LineBatch, type LineClass, type LineRecord, type Statement } from '../../domain/statements/statement';
import { isDamaged, type ReadLine, type StatementLine } from '../../domain/statements/types';
import type { CommandContext } from '../command';
import type { Stores, WriteOp } from '../ports';
import { payFromLine } from './disbursement-commands';
import { mergeWrites } from './unit-of-work';

/** What a batch plan reads: the fund's pledges, disbursements and hand-recorded references, and commands to pay disbursements. */
export type BatchDeps = Pick<Stores, 'funds' | 'pledges' | 'disbursements' | 'receipts' | 'idempotency' | 'transaction'> & Partial<Pick<Stores, 'plans'>>;

/** One account's day of the index, as the import holds it while it writes that day. */
export interface LoadedDay {
  valueDate: string;
  identity: DayIdentity;
  version: number;
}

export interface BatchContext {
  statement: Statement;
  fund: Fund;
  day: LoadedDay | undefined;
  /** Receipts recorded by hand with a bank reference in the fund, when the import last looked. */
  bankRefCount: number;
  owner: string;
  leaseUntil: string;
  now: Date;
}

export interface PlannedBatch {
  ops: WriteOp[];
  batch: LineBatch;
  counters: Partial<Counters>;
}

const PRINT_CLASS: Record<LineClass, PrintClass> = { COUNTED: 'C', HELD: 'H', DUPLICATE: 'D', NOT_TRANSACTION: 'N' };

/** The line's fields as its record keeps them. */
function recordOf(line: ReadLine, at: string): LineRecord {
  const record: LineRecord = {
    lineNo: line.lineNo,
    row: line.row,
    class: 'COUNTED',
    bankRef: line.bankRef,
    memo: line.memo,
    effect: 'NONE',
    reasons: [],
    codes: [],
    nearMisses: [],
    importedAt: at,
  };
  for (const field of ['valueDate', 'bookedAt', 'clock', 'precision', 'direction', 'amount', 'balance', 'counterparty'] as const) {
    if (line[field] !== undefined) (record as unknown as Record<string, unknown>)[field] = line[field];
  }
  if (isDamaged(line)) {
    record.raw = line.damage.raw;
    record.problems = line.damage.problems;
    if (line.damage.reason === 'INFERRED_AMOUNT') record.inferred = true;
  }
  return record;
}

const hold = (record: LineRecord, reason: LineRecord['heldReason']) => Object.assign(record, { class: 'HELD' as const, heldReason: reason });

/** A line the identity rule can compare: dated, with a direction and an amount (read or inferred). */
const comparable = (line: ReadLine): boolean => line.valueDate !== undefined && line.direction !== undefined && line.amount !== undefined;

/** The pledges and disbursements the counted lines' memos name (near-miss suggestions included), this fund's only. */
async function lookup(deps: BatchDeps, fundId: string, lines: readonly StatementLine[]) {
  const refs = [...refsToLookUp(lines)];
  if (refs.length === 0) return { pledges: new Map<string, Pledge>(), disbursements: new Map<string, DisbursementInfo>() };
  const [pledges, disbursements] = await Promise.all([deps.pledges.getByRefs(refs.filter((r) => r.startsWith('UH'))), deps.disbursements.getByRefs(refs.filter((r) => r.startsWith('GN')))]);
  return {
    // Another fund's code is not a match here: to this fund it is an unknown code.
    pledges: new Map(pledges.filter((p) => p.fundId === fundId).map((p) => [p.ref, p])),
    disbursements: new Map<string, DisbursementInfo>(
      disbursements.filter((d) => d.fundId === fundId).map((d) => [d.ref, { amount: d.amount, paid: d.status === 'PAID' || d.status === 'CONFIRMED' }]),
    ),
  };
}

/** Plans a batch of consecutive lines (one value date; undated damaged lines ride along). */
export async function planBatch(deps: BatchDeps, ctx: BatchContext, lines: readonly ReadLine[]): Promise<PlannedBatch> {
  const { statement, fund } = ctx;
  const at = ctx.now.toISOString();
  const actor = `bank:${statement.id}`;
  const records = lines.map((line) => recordOf(line, at));

  // 1. Identity: which comparable lines another file already has.
  const keyed: { index: number; keys: LineKeys }[] = [];
  lines.forEach((line, index) => {
    if (comparable(line)) keyed.push({ index, keys: lineKeys(statement.account, line as Parameters<typeof lineKeys>[1]) });
  });
  const decisions: Decision[] = ctx.day
    ? ctx.day.identity.decide(keyed.map(({ index, keys }) => ({ keys, clock: lines[index]!.clock, precision: lines[index]!.precision, cp: counterpartyKey(lines[index]!.counterparty) })))
    : keyed.map(() => ({ kind: 'NEW' }));

  // 2. A reference a clerk recorded by hand is that receipt's.
  const refs = new Set<string>();
  keyed.forEach(({ index }, i) => {
    if (decisions[i]!.kind === 'NEW' && lines[index]!.bankRef) for (const ref of [lines[index]!.bankRef.trim(), normalBankRef(lines[index]!.bankRef)]) refs.add(ref);
  });
  const owners = ctx.bankRefCount > 0 && refs.size > 0 ? await deps.receipts.bankRefOwners(fund.fundId, [...refs]) : new Map<string, string>();

  const decisionOf = new Map(keyed.map(({ index }, i) => [index, decisions[i]!]));
  const toMatch: number[] = [];
  records.forEach((record, index) => {
    const line = lines[index]!;
    const decision = decisionOf.get(index);
    if (!decision) return void hold(record, 'UNREADABLE');
    if (decision.kind === 'DUPLICATE') {
      const of = parseLineRefKey(decision.of);
      record.class = 'DUPLICATE';
      record.duplicateOf = of.statementId.startsWith('receipt') ? { receiptId: of.statementId.slice('receipt/'.length) } : of;
      return;
    }
    if (decision.kind === 'POSSIBLE_DUPLICATE') {
      hold(record, 'POSSIBLE_DUPLICATE');
      record.candidate = parseLineRefKey(decision.of);
      return;
    }
    const owner = line.bankRef ? (owners.get(line.bankRef.trim()) ?? owners.get(normalBankRef(line.bankRef))) : undefined;
    if (owner) {
      record.class = 'DUPLICATE';
      record.duplicateOf = { receiptId: owner };
    } else if (isDamaged(line)) hold(record, 'INFERRED_AMOUNT');
    else toMatch.push(index);
  });

  // 3. Matching the counted lines, and what they do to the ledger.
  const ops: WriteOp[] = [];
  const counted = toMatch.map((i) => lines[i] as StatementLine);
  const found = await lookup(deps, fund.fundId, counted);
  const matcher = new Matcher({
    pledges: new Map<string, PledgeInfo>([...found.pledges].map(([ref, p]) => [ref, { amount: p.amount, received: p.received }])),
    disbursements: found.disbursements,
  });
  const paid = new Map<string, Pledge>();
  const leaves: CountedLineLeaf[] = [];
  // Paying a disbursement is a person's act: the clerk who imported the statement answers for it
  // (paidBy and the DISBURSEMENT_PAID entry), and may therefore not confirm its receipt.
  const payer: CommandContext = { actor: statement.uploadedBy, idempotencyKey: `batch:${statement.id}:${lines[0]!.lineNo}`, idempotencyScope: actor, now: () => ctx.now };
  const payouts = new Set<string>();
  for (const index of toMatch) {
    const line = lines[index] as StatementLine;
    const record = records[index]!;
    const match = matcher.match(line);
    Object.assign(record, { status: match.status, reasons: [...match.reasons], codes: match.codes, nearMisses: match.nearMisses });
    if (match.disbursementRef) record.disbursementRef = match.disbursementRef;
    if (match.status === 'MATCHED') Object.assign(record, { decidedBy: actor, decidedAt: at });
    if (line.direction === 'CREDIT') {
      record.effect = 'RECEIPT';
      record.receipt = 'RECORDED';
      let pledge = match.pledgeRef ? (paid.get(match.pledgeRef) ?? found.pledges.get(match.pledgeRef)) : undefined;
      if (pledge && pledge.status === 'CANCELLED') {
        // The money still counts, unlinked, for a person to sort out.
        Object.assign(record, { status: 'FLAGGED', reasons: [...record.reasons, 'PLEDGE_CANCELLED'] });
        delete record.decidedBy;
        delete record.decidedAt;
        pledge = undefined;
      }
      if (pledge) {
        const received = pledge.received + line.amount;
        paid.set(pledge.ref, { ...pledge, received, status: statusAfterReceipts(pledge.amount, received, false) });
        Object.assign(record, { pledgeRef: pledge.ref, amountCheck: match.amountCheck, expectedAmount: match.expectedAmount });
      }
      // Money that arrives after the receiving window, or once the fund closed, still counts: it is flagged late (DESIGN §12.1).
      const late = isLate(fund, line.bookedAt);
      if (late) record.late = true;
      leaves.push({ receiptId: lineId(statement.id, line.lineNo), lineNo: line.lineNo, amount: line.amount, donor: pledge ? publicDonorName(pledge) : ANONYMOUS_DONOR, ...(pledge ? { pledgeRef: pledge.ref, ...saltFor(publicDonorName(pledge)) } : {}), ...(late ? { late: true } : {}) });
    } else if (match.effect === 'DISBURSEMENT_PAID' && match.disbursementRef) {
      const payment = { bankRef: line.bankRef || `line:${lineId(statement.id, line.lineNo)}`, paidAt: line.bookedAt, account: statement.account };
      // Two lines of one batch with one reference: the first pays, the second is flagged (the claim is made once per transaction).
      const name = payoutRefName(payment.account, payment.bankRef);
      const paid = payouts.has(name) ? { flag: 'PAYOUT_REF_USED' as const } : await payFromLine(deps, match.disbursementRef, payment, payer);
      if ('ops' in paid) {
        payouts.add(name);
        ops.push(...paid.ops);
        record.effect = 'DISBURSEMENT_PAID';
      } else {
        Object.assign(record, { status: 'FLAGGED', reasons: [...record.reasons, paid.flag] });
        delete record.decidedBy;
        delete record.decidedAt;
      }
    }
  }

  // 4. The writes.
  const first = lines[0]!.lineNo;
  const last = lines.at(-1)!.lineNo;
  const valueDate = lines.find((l) => l.valueDate)?.valueDate;
  const batch: LineBatch = {
    statementId: statement.id,
    fundId: fund.fundId,
    account: statement.account,
    firstLineNo: first,
    lastLineNo: last,
    ...(valueDate ? { valueDate } : {}),
    lines: records,
    version: 1,
    writtenAt: at,
  };
  ops.push({ op: 'create', aggregate: { type: 'statementBatch', value: batch } });
  if (ctx.day && keyed.length > 0) {
    const prints = keyed.map(({ index, keys }) => {
      const record = records[index]!;
      const line = lines[index]!;
      const of =
        record.duplicateOf && 'receiptId' in record.duplicateOf
          ? `receipt/${record.duplicateOf.receiptId}:0`
          : record.duplicateOf
            ? lineRefKey(record.duplicateOf.statementId, record.duplicateOf.lineNo)
            : record.candidate
              ? lineRefKey(record.candidate.statementId, record.candidate.lineNo)
              : undefined;
      return encodePrint({ lineNo: line.lineNo, cls: PRINT_CLASS[record.class], keys, clock: line.clock, precision: line.precision, cp: counterpartyKey(line.counterparty), of });
    });
    const cover = statement.facts?.days[ctx.day.valueDate]?.cover;
    ops.push(
      { op: 'indexChunk', account: statement.account, valueDate: ctx.day.valueDate, chunk: { statementId: statement.id, firstLineNo: first, ...(cover ? { cover } : {}), prints } },
      { op: 'dayHead', account: statement.account, valueDate: ctx.day.valueDate, expectedVersion: ctx.day.version },
    );
  }
  if (leaves.length > 0) {
    const received = leaves.reduce((sum, leaf) => sum + leaf.amount, 0);
    const unlinked = leaves.filter((leaf) => !leaf.pledgeRef).length;
    const entry: JournalEntry = {
      entryId: newId(ctx.now.getTime()),
      fundId: fund.fundId,
      type: 'STATEMENT_LINES_COUNTED',
      at,
      // The bank's value date: a later clerk's action never moves this money to another day.
      day: valueDate!,
      actor,
      entityRef: statement.id,
      entityType: 'statement',
      deltas: { received, receiptCount: leaves.length, ...(unlinked ? { donorCount: unlinked } : {}) },
      publicDetails: { statementId: statement.id, firstLineNo: first, lastLineNo: last, receipts: leaves.length },
      lines: leaves,
    };
    ops.push({ op: 'journal', entry }, { op: 'fundBalance', fundId: fund.fundId, change: { received } });
  }
  for (const pledge of paid.values()) {
    const before = found.pledges.get(pledge.ref)!;
    ops.push({ op: 'update', aggregate: { type: 'pledge', value: { ...pledge, version: before.version + 1 } }, expectedVersion: before.version });
  }
  // A reference recorded by hand after this plan read the guards would make a counted line its duplicate: fence on their count.
  if (records.some((r) => r.class === 'COUNTED' && r.bankRef)) ops.push({ op: 'bankRefsUnchanged', fundId: fund.fundId, count: ctx.bankRefCount });
  const counters = records.reduce<Partial<Counters>>((sum, record) => addCounters(sum, lineCounters(record)), {});
  ops.push({
    op: 'statementCounters',
    statementId: statement.id,
    change: counters,
    checkpoint: { owner: ctx.owner, from: statement.linesProcessed, to: last, leaseUntil: ctx.leaseUntil },
  });
  return { ops: mergeWrites(ops), batch, counters };
}
