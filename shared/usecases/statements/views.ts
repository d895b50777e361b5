/**
 * Reading an imported statement (DESIGN §9.1): its progress and summary with every row accounted
 * for, and its lines by class or review status, a page at a time, each naming the line it
 * duplicates or may duplicate by file and line number.
 */
import type { z } from 'zod';
import { rowAccounting, lineId, parseLineId, type LineRecord, type Statement } from '../../domain/statements/statement';
import { NotFoundError } from '../../errors';
import type { Page, Stores } from '../ports';
import type { StatementLineView as LineViewSchema, StatementLinesQuery } from '../../schemas/reconciliation';
import type { StatementView as StatementViewSchema } from '../../schemas/statements';
import { decodeCursor, encodeCursor } from '../cursor';
import * as clock from '../../domain/clock';

export type StatementView = z.infer<typeof StatementViewSchema>;
export type StatementLineView = z.infer<typeof LineViewSchema>;
export type LineListQuery = z.output<typeof StatementLinesQuery>;

type LineLookup = Pick<Stores, 'statements' | 'statementLines'>;

export function statementView(s: Statement, now = clock.now()): StatementView {
  const facts = s.facts;
  const lineCount = facts?.lineCount ?? null;
  const percent = lineCount === null ? 0 : lineCount === 0 ? 100 : Math.floor((Math.min(s.linesProcessed, lineCount) / lineCount) * 100);
  const accounting = rowAccounting(s);
  return {
    id: s.id,
    fundId: s.fundId,
    account: s.account,
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
          period: { ...(facts.periodFrom ? { from: facts.periodFrom } : {}), ...(facts.periodTo ? { to: facts.periodTo } : {}) },
          size: facts.size,
          sha256: facts.sha256,
          ...(facts.accountNumber ? { accountNumber: facts.accountNumber } : {}),
          ...(facts.openingBalance !== undefined ? { openingBalance: facts.openingBalance } : {}),
          ...(facts.closingBalance !== undefined ? { closingBalance: facts.closingBalance } : {}),
          balanceBreaks: { count: facts.breaks, items: facts.breakList },
        }
      : {}),
    processing: Boolean(s.leaseUntil && s.leaseUntil > now.toISOString()),
    progress: { linesValidated: s.linesValidated, linesProcessed: s.linesProcessed, lineCount, percent },
    summary: {
      rows: accounting.rows,
      lines: lineCount,
      counted: { count: s.counted, credits: { count: s.countedCredits, amount: s.countedCredited }, debits: { count: s.countedDebits, amount: s.countedDebited } },
      held: { count: s.held, credited: s.heldCredited, debited: s.heldDebited },
      duplicates: { count: s.duplicates, credited: s.duplicatesCredited, debited: s.duplicatesDebited },
      notTransactions: {
        count: accounting.notTransactions,
        title: facts?.otherRows.TITLE ?? 0,
        header: facts?.otherRows.HEADER ?? 0,
        footer: facts?.otherRows.FOOTER ?? 0,
        blank: facts?.otherRows.BLANK ?? 0,
        decided: s.notTransactions,
      },
      pending: accounting.pending,
      balanced: accounting.balanced,
      damaged: facts?.damaged ?? 0,
      inferred: facts?.inferred ?? 0,
      matched: s.matched,
      unmatched: s.unmatched,
      flagged: s.flagged,
      ignored: s.ignored,
      credits: facts ? { count: facts.credits, amount: facts.credited } : null,
      debits: facts ? { count: facts.debits, amount: facts.debited } : null,
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
  const now = clock.now();
  return { items: page.items.map((s) => statementView(s, now)), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** Names the files lines point at: a page's references, each statement read once. */
class FileNames {
  private readonly names = new Map<string, Promise<string | undefined>>();
  constructor(private readonly statements: Pick<Stores, 'statements'>['statements']) {}
  of(statementId: string): Promise<string | undefined> {
    let name = this.names.get(statementId);
    if (!name) this.names.set(statementId, (name = this.statements.get(statementId).then((s) => s?.fileName)));
    return name;
  }
}

/** A line as the API shows it: its id (its receipt's too), and the lines it points at by file and line number. */
export async function lineView(statement: Pick<Statement, 'id' | 'fundId'>, line: LineRecord, names: FileNames): Promise<StatementLineView> {
  const { duplicateOf, candidate, clock, ...rest } = line;
  const ref = async (target: { statementId: string; lineNo: number }) => ({
    ...target,
    lineId: lineId(target.statementId, target.lineNo),
    ...(await names.of(target.statementId).then((fileName) => (fileName ? { fileName } : {}))),
  });
  return {
    ...rest,
    lineId: lineId(statement.id, line.lineNo),
    statementId: statement.id,
    fundId: statement.fundId,
    ...(clock ? { time: clock } : {}),
    ...(line.receipt ? { receiptId: lineId(statement.id, line.lineNo), receiptStatus: line.receipt } : {}),
    ...(line.replacedBy ? { receiptId: line.replacedBy, receiptStatus: 'RECORDED' as const } : {}),
    ...(candidate ? { candidate: await ref(candidate) } : {}),
    ...(duplicateOf ? { duplicateOf: 'receiptId' in duplicateOf ? duplicateOf : await ref(duplicateOf) } : {}),
  };
}

/** What a line is listed under: its class, its review status, its held reason. */
function listedUnder(line: LineRecord, status: string): boolean {
  return line.class === status || line.status === status || line.heldReason === status;
}

interface Cursor {
  /** The next line number. */
  n?: number;
  /** The next row of the file's non-transaction rows (NOT_TRANSACTION lists those first). */
  r?: number;
}

/** The position a line list's cursor names, if it is one. */
function readCursor(value: unknown): Cursor | undefined {
  const ok = (v: unknown) => v === undefined || (Number.isSafeInteger(v) && (v as number) >= 0);
  if (typeof value !== 'object' || value === null) return undefined;
  const cursor = value as Cursor;
  return ok(cursor.n) && ok(cursor.r) && Object.keys(cursor).every((k) => k === 'n' || k === 'r') ? cursor : undefined;
}

/**
 * A statement's lines in file order, a page at a time; with `status`, those of one class
 * (`COUNTED`, `HELD`, `DUPLICATE`, `NOT_TRANSACTION`: the title, header, totals and blank rows
 * first), one review status (`MATCHED`…) or one held reason (`INFERRED_AMOUNT`…).
 */
export async function listLines(deps: LineLookup, statementId: string, query: LineListQuery): Promise<Page<StatementLineView>> {
  const statement = await getStatement(deps, statementId);
  const names = new FileNames(deps.statements);
  const cursor: Cursor = query.cursor ? decodeCursor(query.cursor, readCursor) : {};
  const items: StatementLineView[] = [];
  if (query.status === 'NOT_TRANSACTION' && cursor.n === undefined) {
    const rows = statement.facts?.otherRowList ?? [];
    const from = cursor.r ?? 0;
    for (const row of rows.slice(from, from + query.limit)) {
      items.push({ statementId, fundId: statement.fundId, class: 'NOT_TRANSACTION', row: row.row, rowKind: row.what, text: row.text });
    }
    if (from + query.limit < rows.length) return { items, cursor: encodeCursor({ r: from + query.limit }) };
  }
  let from = cursor.n ?? 1;
  const having = query.status;
  while (items.length < query.limit) {
    const scan = await deps.statementLines.scan(statementId, { fromLineNo: from, maxBatches: 4, ...(having ? { having } : {}) });
    for (const batch of scan.batches) {
      for (const line of batch.lines) {
        if (line.lineNo < from || (having && !listedUnder(line, having))) continue;
        if (items.length === query.limit) return { items, cursor: encodeCursor({ n: line.lineNo }) };
        items.push(await lineView(statement, line, names));
      }
      from = batch.lastLineNo + 1;
    }
    if (scan.next === undefined) return { items };
    from = Math.max(from, scan.next);
  }
  return { items, cursor: encodeCursor({ n: from }) };
}

/** One line of a statement, and the batch that holds it. */
export async function lineOf(deps: LineLookup, statementId: string, id: string) {
  const statement = await getStatement(deps, statementId);
  const missing = () => new NotFoundError(`Sao kê ${statementId} không có dòng ${id} / Statement ${statementId} has no line ${id}`);
  const lineNo = lineNoOf(statementId, id);
  if (lineNo === null) throw missing();
  const batch = await deps.statementLines.batchOf(statementId, lineNo);
  const index = batch?.lines.findIndex((l) => l.lineNo === lineNo) ?? -1;
  if (!batch || index < 0) throw missing();
  return { statement, batch, index, line: batch.lines[index]! };
}

/** The line number a line id of this statement stands for. */
function lineNoOf(statementId: string, id: string): number | null {
  const parsed = parseLineId(id);
  return parsed && parsed.statementId === statementId ? parsed.lineNo : null;
}

export { FileNames };
