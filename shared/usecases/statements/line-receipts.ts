/**
 * The receipts statement lines hold (DESIGN §9.3): a counted credit's receipt lives in its line,
 * under the line's id, so `GET /v1/receipts/{id}` finds it without an item of its own; and the
 * other side of "a fund takes each bank reference once": a receipt recorded by hand with a bank
 * reference a statement line already carries is refused.
 */
import { vietnamDay } from '../../domain/journal';
import { accountKey, fundAccounts, type Fund } from '../../domain/funds';
import { decodePrint, refKey, parseLineRefKey } from '../../domain/statements/identity';
import { parseLineId, type LineRecord } from '../../domain/statements/statement';
import type { Receipt, ReceiptFlag } from '../../domain/receipts';
import type { Stores, WriteOp } from '../ports';

/** The receipt a statement line holds, as the receipts API shows it; null when the id is no counted credit's. */
export async function lineReceipt(deps: Pick<Stores, 'statements' | 'statementLines'>, id: string): Promise<Receipt | null> {
  const parsed = parseLineId(id);
  if (!parsed) return null;
  const statement = await deps.statements.get(parsed.statementId);
  if (!statement) return null;
  const batch = await deps.statementLines.batchOf(statement.id, parsed.lineNo);
  const line: LineRecord | undefined = batch?.lines.find((l) => l.lineNo === parsed.lineNo);
  if (!batch || !line?.receipt || line.amount === undefined || !line.bookedAt) return null;
  const flags: ReceiptFlag[] = [...(line.amountCheck === 'PARTIAL' ? ['PARTIAL' as const] : line.amountCheck === 'OVERPAID' ? ['OVERPAID' as const] : []), ...(line.late ? ['LATE' as const] : [])];
  const auto = `bank:${statement.id}`;
  return {
    id,
    fundId: statement.fundId,
    amount: line.amount,
    receivedAt: line.bookedAt,
    method: 'bank',
    ...(line.bankRef ? { bankRef: line.bankRef } : {}),
    ...(line.counterparty ? { payerName: line.counterparty } : {}),
    // Replaced by a clerk's match: the line's own receipt stays what it was, unlinked.
    ...(line.pledgeRef && !line.replacedBy ? { pledgeRef: line.pledgeRef } : {}),
    statementLineId: id,
    memo: line.memo,
    flags: line.replacedBy ? (line.late ? ['LATE'] : []) : flags,
    status: line.receipt,
    recordedBy: line.decidedBy && line.decidedBy !== auto && !line.replacedBy && line.receipt === 'RECORDED' ? line.decidedBy : auto,
    recordedAt: line.importedAt,
    ...(line.receipt === 'REVERSED' ? { reversedBy: line.receiptReversedBy, reversedAt: line.receiptReversedAt, reversalReason: line.receiptReversalReason } : {}),
    version: batch.version,
  };
}

/**
 * Whether a statement line of the fund carries this bank reference (counted, held or a proven
 * duplicate of a counted one), looked for in the day index around the receipt's day, and the
 * fences that make the answer hold until the receipt is written: an import writing those days
 * meanwhile refuses the receipt's transaction, which then looks again.
 */
export async function statementLineWithRef(
  deps: Pick<Stores, 'dayIndex'>,
  fund: Fund,
  bankRef: string,
  receivedAt: string,
): Promise<{ found?: { statementId: string; lineNo: number }; fences: WriteOp[] }> {
  const day = vietnamDay(receivedAt);
  const ms = Date.parse(`${day}T00:00:00Z`);
  const days = [-1, 0, 1].map((d) => new Date(ms + d * 86_400_000).toISOString().slice(0, 10));
  const fences: WriteOp[] = [];
  let found: { statementId: string; lineNo: number } | undefined;
  for (const account of fundAccounts(fund).map(accountKey)) {
    const key = refKey(account, bankRef);
    for (const valueDate of days) {
      const index = await deps.dayIndex.read(account, valueDate);
      fences.push({ op: 'dayUnchanged', account, valueDate, version: index.version });
      for (const chunk of index.chunks) {
        for (const text of chunk.prints) {
          const print = decodePrint(text);
          if (print.keys.q !== key || print.cls === 'N') continue;
          found ??= print.cls === 'D' && print.of && !print.of.startsWith('receipt/') ? parseLineRefKey(print.of) : { statementId: chunk.statementId, lineNo: print.lineNo };
        }
      }
    }
  }
  return { ...(found ? { found } : {}), fences };
}
