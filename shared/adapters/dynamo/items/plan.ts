/**
 * A fund's plan: its header (`PLAN#<fundId>` / `META`) and one item per ward (`WARD#<code>`), whose
 * `planned`, `committed` and `headroom` move by ADD inside the transactions that journal the
 * change, on conditions (DESIGN §12.3).
 */
import type { PlanWard } from '../../../domain/plans';
import type { WriteOp } from '../../../usecases/ports/transaction';
import { keys, type Item, type TransactItem } from '../table';

export function planHeaderPut(op: Extract<WriteOp, { op: 'planHeader' }>, TableName: string): TransactItem {
  const Item: Item = { ...keys.planHeader(op.header.fundId), kind: 'PLAN', ...op.header };
  return op.expectedVersion === 0
    ? { Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } }
    : { Put: { TableName, Item, ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': op.expectedVersion } } };
}

export function planCheck(op: Extract<WriteOp, { op: 'planCheck' }>, TableName: string): TransactItem {
  return op.version === 0
    ? { ConditionCheck: { TableName, Key: keys.planHeader(op.fundId), ConditionExpression: 'attribute_not_exists(pk)' } }
    : { ConditionCheck: { TableName, Key: keys.planHeader(op.fundId), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': op.version } } };
}

export function planWardUpdate(op: Extract<WriteOp, { op: 'planWard' }>, TableName: string): TransactItem {
  const planned = op.change.planned ?? 0;
  const committed = op.change.committed ?? 0;
  const values: Record<string, unknown> = {
    ':p': planned,
    ':c': committed,
    ':h': planned - committed,
    ':kind': 'PLAN_WARD',
    ':fund': op.fundId,
    ':code': op.ward.wardCode,
    ':name': op.ward.wardName,
    ':province': op.ward.provinceCode,
  };
  let ConditionExpression: string | undefined;
  if (op.requireHeadroom !== undefined) {
    ConditionExpression = 'headroom >= :need';
    values[':need'] = op.requireHeadroom;
  }
  return {
    Update: {
      TableName,
      Key: keys.planWard(op.fundId, op.ward.wardCode),
      UpdateExpression: 'ADD planned :p, committed :c, headroom :h SET kind = :kind, fundId = :fund, wardCode = :code, wardName = :name, provinceCode = :province',
      ConditionExpression,
      ExpressionAttributeValues: values,
    },
  };
}

export function planWardFrom(item: Item): PlanWard {
  return {
    wardCode: String(item.wardCode),
    wardName: String(item.wardName ?? ''),
    provinceCode: String(item.provinceCode ?? ''),
    planned: Number(item.planned ?? 0),
    committed: Number(item.committed ?? 0),
  };
}
