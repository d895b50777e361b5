/**
 * Reviewing an imported statement: its progress and summary, its lines by status, and a clerk's
 * decisions on the lines the matcher left (match to a pledge or a disbursement, or ignore).
 * Every decision is one command: the line (version-checked), the ledger's own writes through
 * the existing use cases, a STATEMENT_LINE_MATCHED or STATEMENT_LINE_IGNORED journal entry
 * under the clerk's name, and the statement's counters.
 */
import type { z } from 'zod';
import type { Statement, StatementLineRecord, StoredLineStatus } from '../../domain/statements/statement';
import { counterChange } from '../../domain/statements/statement';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors';
import { executeCommand, type CommandContext, type CommandDeps } from '../command';
import { actOnDisbursement, findDisbursement } from '../disbursements';
import type { Page, Stores, WriteOp } from '../ports';
import type { MatchLineBody } from '../../schemas/reconciliation';
import type { StatementView as StatementViewSchema } from '../../schemas/statements';
import { recordReceipt, reverseReceipt } from '../receipts';
import { decisionEntry, receiptInput } from './line-command';
import { mergeWrites, planCommand } from './unit-of-work';

type LineLookup = Pick<Stores, 'statements' | 'statementLines'>;
/** A clerk's decision on a line: the line, and the receipt or payment it makes through their own commands. */
export type LineDecisionDeps = CommandDeps & LineLookup & Pick<Stores, 'funds' | 'pledges' | 'receipts' | 'disbursements'>;


export type StatementView = z.infer<typeof StatementViewSchema>;

export function statementView(s: Statement, now = new Date()): StatementView {
  const facts = s.facts;
  const lineCount = facts?.lineCount ?? null;
  const percent = lineCount === null ? 0 : lineCount === 0 ? 100 : Math.floor((Math.min(s.linesProcessed, lineCount) / lineCount) * 100);
  return {
    id: s.id,
    fundId: s.fundId,
    fileName: s.fileName,
    contentType: s.contentType,
    source: s.source,
    status: s.status,
    uploadedBy: s.uploadedBy,
    uploadedAt: s.uploadedAt,
    ...(s.validatedAt ? { validatedAt: s.validatedAt } : {}),
    ...(s.completedAt ? { completedAt: s.completedAt } : {}),
    ...(s.failedAt ? { failedAt: s.failedAt } : {}),
    ...(facts
      ? {
          format: facts.format,
          period: { from: facts.periodFrom, to: facts.periodTo },
          size: facts.size,
          sha256: facts.sha256,
          ...(facts.openingBalance !== undefined ? { openingBalance: facts.openingBalance, closingBalance: facts.closingBalance } : {}),
        }
      : {}),
    processing: Boolean(s.leaseUntil && s.leaseUntil > now.toISOString()),
    progress: { linesValidated: s.linesValidated, linesProcessed: s.linesProcessed, lineCount, percent },
    summary: {
      lines: lineCount,
      imported: s.imported,
      duplicates: s.duplicates,
      matched: s.matched,
      unmatched: s.unmatched,
      flagged: s.flagged,
      ignored: s.ignored,
      credits: facts ? { count: facts.credits, amount: facts.credited } : null,
      debits: facts ? { count: facts.debits, amount: facts.debited } : null,
      importedCredits: { count: s.importedCredits, amount: s.importedCredited },
      importedDebits: { count: s.importedDebits, amount: s.importedDebited },
      amounts: { matched: s.matchedAmount, unmatched: s.unmatchedAmount, flagged: s.flaggedAmount, ignored: s.ignoredAmount },
      outsideLedger: { credited: s.outsideLedgerCredited, debited: s.outsideLedgerDebited },
    },
    ...(s.errors?.length ? { errors: s.errors } : {}),
  };
}

export async function getStatement(deps: Pick<Stores, 'statements'>, id: string): Promise<Statement> {
  const statement = await deps.statements.get(id);
  if (!statement) throw new NotFoundError(`Không có sao kê ${id} / No statement ${id}`);
  return statement;
}

export async function listStatements(deps: Pick<Stores, 'funds' | 'statements'>, fundId: string, options: { cursor?: string; limit: number }): Promise<Page<StatementView>> {
  if (!(await deps.funds.get(fundId))) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  const page = await deps.statements.list(fundId, options);
  const now = new Date();
  return { items: page.items.map((s) => statementView(s, now)), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

export async function listLines(
  deps: LineLookup,
  statementId: string,
  options: { status?: StoredLineStatus; cursor?: string; limit: number },
): Promise<Page<StatementLineRecord>> {
  await getStatement(deps, statementId);
  const page = await deps.statementLines.listByStatement(statementId, options);
  return { items: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

async function lineOf(deps: LineLookup, statementId: string, lineId: string): Promise<{ statement: Statement; line: StatementLineRecord }> {
  const statement = await getStatement(deps, statementId);
  const line = await deps.statementLines.get(statement.fundId, lineId);
  // A line belongs to the statement that imported it first; later statements only counted it.
  if (!line || line.statementId !== statementId) throw new NotFoundError(`Sao kê ${statementId} không có dòng ${lineId} / Statement ${statementId} has no line ${lineId}`);
  return { statement, line };
}

function mustBeOpen(line: StatementLineRecord): void {
  if (line.status === 'MATCHED' || line.status === 'IGNORED') {
    throw new ConflictError(
      `Dòng sao kê đã được xử lý (${line.status}) / The line is already ${line.status}` +
        (line.status === 'MATCHED' && line.receiptId ? `: reverse receipt ${line.receiptId} first to change it` : ''),
      line.status,
    );
  }
}

export type MatchBody = z.output<typeof MatchLineBody>;

/**
 * A clerk matches an UNMATCHED or FLAGGED line.
 * - A credit to a pledge. Its money is already in the ledger as a receipt without a pledge
 *   (every credit is received at import), so that receipt is replaced: a receipt linked to the
 *   pledge is recorded and the unlinked one reversed, in the same transaction, which leaves
 *   `received` unchanged and raises the pledge's. A credit that has no receipt (its fund had
 *   closed, say) gets one now.
 * - A debit to a disbursement: marks it PAID, as the import would have, if the amounts agree.
 */
export async function matchLine(deps: LineDecisionDeps, statementId: string, lineId: string, body: MatchBody, context: CommandContext) {
  return executeCommand<StatementLineRecord>(deps, 'MatchStatementLine', { statementId, lineId, body }, context, async (now) => {
    const { line } = await lineOf(deps, statementId, lineId);
    mustBeOpen(line);
    const at = now.toISOString();
    const inner: CommandContext = { ...context, now: () => now };
    const ops: WriteOp[] = [];
    const next: StatementLineRecord = { ...line, status: 'MATCHED', decidedBy: context.actor, decidedAt: at, version: line.version + 1 };
    if ('pledgeRef' in body) {
      if (line.direction !== 'CREDIT') {
        throw new UnprocessableError('A debit pays a disbursement: match it with disbursementRef', [{ path: 'body.pledgeRef', message: 'the line is a debit' }]);
      }
      const pledge = await deps.pledges.getByRef(body.pledgeRef);
      if (!pledge || pledge.fundId !== line.fundId) {
        throw new UnprocessableError(`No pledge ${body.pledgeRef} in fund ${line.fundId}`, [{ path: 'body.pledgeRef', message: `no such pledge in fund ${line.fundId}` }]);
      }
      const source = { statementLineId: line.lineId, memo: line.memo };
      const replaces = line.effect === 'RECEIPT' && line.receiptId ? line.receiptId : undefined;
      // The replacing receipt cannot claim the bank reference: the reversed one keeps it, as history does.
      const input = { ...receiptInput({ fundId: line.fundId, line, occurrence: line.occurrence }, pledge.ref), ...(replaces ? { bankRef: undefined } : {}) };
      const recorded = await planCommand(deps, (planning) => recordReceipt(planning, input, inner, source));
      ops.push(...recorded.ops);
      if (replaces) {
        const reason = `Dòng sao kê khớp với ${pledge.ref} / statement line matched to ${pledge.ref}`;
        ops.push(...(await planCommand(deps, (planning) => reverseReceipt(planning, replaces, reason, inner))).ops);
      }
      Object.assign(next, { effect: 'RECEIPT', pledgeRef: pledge.ref, receiptId: recorded.body.id, disbursementRef: undefined });
    } else {
      if (line.direction !== 'DEBIT') {
        throw new UnprocessableError('A credit is money received: match it with pledgeRef', [{ path: 'body.disbursementRef', message: 'the line is a credit' }]);
      }
      const disbursement = await findDisbursement(deps, body.disbursementRef).catch(() => null);
      if (!disbursement || disbursement.fundId !== line.fundId) {
        throw new UnprocessableError(`No disbursement ${body.disbursementRef} in fund ${line.fundId}`, [
          { path: 'body.disbursementRef', message: `no such disbursement in fund ${line.fundId}` },
        ]);
      }
      if (disbursement.amount !== line.amount) {
        throw new UnprocessableError(`The line is ${line.amount} đồng, disbursement ${disbursement.ref} is ${disbursement.amount}`, [
          { path: 'body.disbursementRef', message: `amount ${disbursement.amount} differs from the line's ${line.amount}` },
        ]);
      }
      const paid = await planCommand(deps, (planning) =>
        actOnDisbursement(planning, disbursement.ref, { action: 'pay', bankRef: line.bankRef || `line:${line.lineId}`, paidAt: line.bookedAt }, inner),
      );
      ops.push(...paid.ops);
      Object.assign(next, { effect: 'DISBURSEMENT_PAID', disbursementRef: disbursement.ref, pledgeRef: undefined });
    }
    ops.push(
      { op: 'update', aggregate: { type: 'statementLine', value: next }, expectedVersion: line.version },
      { op: 'journal', entry: decisionEntry(next, 'STATEMENT_LINE_MATCHED', context.actor, at, 'manual') },
      { op: 'statementCounters', statementId, change: counterChange(line, next) },
    );
    return {
      ops: mergeWrites(ops),
      response: { status: 200, body: next },
      onRejected: (error) => {
        if (error.failedOp === 'unique') return new ConflictError(`Bank reference ${line.bankRef} is already recorded for fund ${line.fundId}`, line.status);
        if (error.failedOp === 'fundOpen') return new UnprocessableError(`Fund ${line.fundId} is closed`, [{ path: 'body', message: 'fund is closed' }]);
        if (error.failedOp === 'fundBalance') return new ConflictError("The fund's available balance cannot cover this change", line.status);
        return undefined;
      },
    };
  });
}

/** A clerk sets a line aside with a reason (a bank fee, an internal transfer). Its receipt, if any, stays. */
export async function ignoreLine(deps: CommandDeps & LineLookup, statementId: string, lineId: string, reason: string, context: CommandContext) {
  return executeCommand<StatementLineRecord>(deps, 'IgnoreStatementLine', { statementId, lineId, reason }, context, async (now) => {
    const { line } = await lineOf(deps, statementId, lineId);
    mustBeOpen(line);
    const at = now.toISOString();
    const next: StatementLineRecord = { ...line, status: 'IGNORED', ignoreReason: reason, decidedBy: context.actor, decidedAt: at, version: line.version + 1 };
    return {
      ops: [
        { op: 'update', aggregate: { type: 'statementLine', value: next }, expectedVersion: line.version },
        { op: 'journal', entry: decisionEntry(next, 'STATEMENT_LINE_IGNORED', context.actor, at, 'manual') },
        { op: 'statementCounters', statementId, change: counterChange(line, next) },
      ],
      response: { status: 200, body: next },
    };
  });
}
