/**
 * Statements and their lines.
 * - `STMT#<id>` / `META`: the statement, its counters (changed only with ADD) and its lease;
 *   gsi1 `STMTS#<fundId>` by id lists a fund's statements.
 * - `STMTLINE#<fundId>#<lineId>` / `LINE`: one line under its identity, written with
 *   attribute_not_exists in the transaction that books it, so a line is imported once whatever
 *   statement or retry brings it again; gsi1 `STMTLINES#<statementId>` by `<status>#<lineNo>`,
 *   and, while it waits for a person, gsi2 `REVIEW#<fundId>` by `<valueDate>#<lineId>`.
 */
import { COUNTERS, type CounterName, type Statement, type StatementLineRecord } from '../../../domain/statements/statement';
import { keys, type Item } from '../table';

const COUNTER_SET = new Set<string>(COUNTERS);

/** Line numbers sort as text in the index: zero-padded to nine digits. */
export const lineNoKey = (lineNo: number) => String(lineNo).padStart(9, '0');

export function statementItem(statement: Statement): Item {
  return { ...keys.statement(statement.id), kind: 'STATEMENT', gsi1pk: keys.fundStatementsIndex(statement.fundId), gsi1sk: statement.id, ...statement };
}

export function statementLineItem(line: StatementLineRecord): Item {
  const review = line.status === 'UNMATCHED' || line.status === 'FLAGGED';
  return {
    ...keys.statementLine(line.fundId, line.lineId),
    kind: 'STATEMENT_LINE',
    gsi1pk: keys.statementLinesIndex(line.statementId),
    gsi1sk: `${line.status}#${lineNoKey(line.lineNo)}`,
    ...(review ? { gsi2pk: keys.linesToReviewIndex(line.fundId), gsi2sk: `${line.valueDate}#${line.lineId}` } : {}),
    ...line,
  };
}

export function assertCounter(name: string): void {
  if (!COUNTER_SET.has(name)) throw new Error(`not a statement counter: ${name}`);
}

/** ADD to the counters; only to a statement that exists. */
export function statementCountersUpdate(statementId: string, change: Partial<Record<CounterName, number>>) {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const parts: string[] = [];
  for (const [name, value] of Object.entries(change)) {
    assertCounter(name);
    if (!value) continue;
    names[`#c${parts.length}`] = name;
    values[`:c${parts.length}`] = value;
    parts.push(`#c${parts.length} :c${parts.length}`);
  }
  if (parts.length === 0) {
    names['#c0'] = 'imported';
    values[':c0'] = 0;
    parts.push('#c0 :c0');
  }
  return {
    Key: keys.statement(statementId),
    UpdateExpression: `ADD ${parts.join(', ')}`,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
