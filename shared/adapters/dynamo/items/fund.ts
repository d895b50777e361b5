/** A fund's items: the fund (`FUND#<id>` / `META`, listed on gsi1 `FUNDS`) and its balance (`FUND#<id>` / `BALANCE`). */
import type { Fund } from '../../../domain/funds';
import type { FundBalance } from '../../../usecases/ports/funds';
import type { WriteOp } from '../../../usecases/ports/transaction';
import { keys, type Item, type TransactItem } from '../table';

export function fundItem(fund: Fund): Item {
  return { ...keys.fund(fund.fundId), kind: 'FUND', ...keys.fundsIndex(), gsi1sk: fund.fundId, ...fund };
}

/** The fund exists and is OPEN: checked inside a command's transaction, written by none. */
export function fundOpenCheck(fundId: string, TableName: string): TransactItem {
  return {
    ConditionCheck: {
      TableName,
      Key: keys.fund(fundId),
      ConditionExpression: 'attribute_exists(pk) AND #status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':open': 'OPEN' },
    },
  };
}

/** The fund exists and is in one of these states: checked inside a command's transaction, written by none. */
export function fundStateCheck(fundId: string, states: readonly string[], TableName: string): TransactItem {
  const values = Object.fromEntries(states.map((state, i) => [`:s${i}`, state]));
  return {
    ConditionCheck: {
      TableName,
      Key: keys.fund(fundId),
      ConditionExpression: `attribute_exists(pk) AND #status IN (${Object.keys(values).join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    },
  };
}

/** ADD to the balance; with a requirement, only if `available` holds it before the change (a missing item holds nothing). */
export function fundBalanceUpdate(op: Extract<WriteOp, { op: 'fundBalance' }>, TableName: string): TransactItem {
  const received = op.change.received ?? 0;
  const approved = op.change.approved ?? 0;
  const disbursed = op.change.disbursed ?? 0;
  const values: Record<string, unknown> = { ':r': received, ':a': approved, ':d': disbursed, ':v': received - approved - disbursed };
  let ConditionExpression: string | undefined;
  if (op.requireAvailable !== undefined) {
    ConditionExpression = 'available >= :need';
    values[':need'] = op.requireAvailable;
  }
  return {
    Update: {
      TableName,
      Key: keys.fundBalance(op.fundId),
      UpdateExpression: 'ADD received :r, approved :a, disbursed :d, available :v SET kind = :kind',
      ConditionExpression,
      ExpressionAttributeValues: { ...values, ':kind': 'FUND_BALANCE' },
    },
  };
}

export function fundBalanceFrom(item: Item | undefined): FundBalance {
  return {
    received: Number(item?.received ?? 0),
    approved: Number(item?.approved ?? 0),
    disbursed: Number(item?.disbursed ?? 0),
    available: Number(item?.available ?? 0),
  };
}
