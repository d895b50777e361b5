/** Commits a command's writes as one TransactWriteItems: each op becomes its item's conditional write, through the items' codecs. */
import { assertCommittable, opName, type Aggregate, type TransactionPort, type WriteOp } from '../../usecases/ports/transaction';
import { batchItem, batchRowsItem } from './items/batch';
import { committeeItem } from './items/committee';
import { disbursementItem } from './items/disbursement';
import { fundBalanceUpdate, fundItem, fundOpenCheck, fundStateCheck } from './items/fund';
import { flagItem } from './items/flag';
import { goodsHandoverItem, goodsLotItem } from './items/goods';
import { idempotencyItem } from './items/idempotency';
import { journalItem } from './items/journal';
import { apiKeyItem, organisationItem } from './items/organisation';
import { planCheck, planHeaderPut, planWardUpdate } from './items/plan';
import { pledgeItem, pledgeUpdate } from './items/pledge';
import { receiptItem } from './items/receipt';
import { referenceItem, uniqueItem } from './items/reference';
import { mappingItem, mappingVersionItem } from './items/mapping';
import {
  bankRefRecordedUpdate,
  bankRefsUnchangedCheck,
  batchItem as statementBatchItem,
  dayHeadUpdate,
  dayUnchangedCheck,
  indexChunkItem,
  statementCountersUpdate,
  statementItem,
} from './items/statement';
import { tableName, transactWrite, type Item, type TransactItem } from './table';

function aggregateItem(aggregate: Aggregate): Item {
  switch (aggregate.type) {
    case 'pledge':
      return pledgeItem(aggregate.value);
    case 'receipt':
      return receiptItem(aggregate.value);
    case 'disbursement':
      return disbursementItem(aggregate.value);
    case 'organisation':
      return organisationItem(aggregate.value);
    case 'apiKey':
      return apiKeyItem(aggregate.value);
    case 'statement':
      return statementItem(aggregate.value);
    case 'fund':
      return fundItem(aggregate.value);
    case 'committee':
      return committeeItem(aggregate.value);
    case 'goodsLot':
      return goodsLotItem(aggregate.value);
    case 'goodsHandover':
      return goodsHandoverItem(aggregate.value);
    case 'batch':
      return batchItem(aggregate.value);
    case 'batchRows':
      return batchRowsItem(aggregate.value);
    case 'statementBatch':
      return statementBatchItem(aggregate.value);
    case 'statementMapping':
      return mappingItem(aggregate.value);
    case 'statementMappingVersion':
      return mappingVersionItem(aggregate.value);
    case 'flag':
      return flagItem(aggregate.value);
  }
}

const NOT_EXISTS = 'attribute_not_exists(pk)';

function transactItem(op: WriteOp, TableName: string): TransactItem {
  switch (op.op) {
    case 'create':
      return { Put: { TableName, Item: aggregateItem(op.aggregate), ConditionExpression: NOT_EXISTS } };
    case 'newPledge':
      return { Put: { TableName, Item: pledgeItem(op.pledge, op.creation), ConditionExpression: NOT_EXISTS } };
    case 'update':
      // A fund seeded, or a key issued, before versions were kept has none: it counts as version 1.
      if ((op.aggregate.type === 'fund' || op.aggregate.type === 'apiKey') && op.expectedVersion === 1) {
        return {
          Put: {
            TableName,
            Item: aggregateItem(op.aggregate),
            ConditionExpression: 'attribute_exists(pk) AND (version = :expected OR attribute_not_exists(version))',
            ExpressionAttributeValues: { ':expected': 1 },
          },
        };
      }
      // A pledge keeps its creation record through every change.
      if (op.aggregate.type === 'pledge') return pledgeUpdate(op.aggregate.value, op.expectedVersion, TableName);
      return {
        Put: { TableName, Item: aggregateItem(op.aggregate), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': op.expectedVersion } },
      };
    case 'reference':
      return { Put: { TableName, Item: referenceItem(op.ref, op), ConditionExpression: NOT_EXISTS } };
    case 'unique':
      return { Put: { TableName, Item: uniqueItem(op.name, op.owner), ConditionExpression: NOT_EXISTS } };
    case 'journal':
      return { Put: { TableName, Item: journalItem(op.entry), ConditionExpression: NOT_EXISTS } };
    case 'idempotency':
      return { Put: { TableName, Item: idempotencyItem(op.record), ConditionExpression: NOT_EXISTS } };
    case 'fundOpen':
      return fundOpenCheck(op.fundId, TableName);
    case 'fundState':
      return fundStateCheck(op.fundId, op.states, TableName);
    case 'planHeader':
      return planHeaderPut(op, TableName);
    case 'planCheck':
      return planCheck(op, TableName);
    case 'planWard':
      return planWardUpdate(op, TableName);
    case 'fundBalance':
      return fundBalanceUpdate(op, TableName);
    case 'statementCounters':
      return { Update: { TableName, ...statementCountersUpdate(op) } };
    case 'indexChunk':
      return { Put: { TableName, Item: indexChunkItem(op), ConditionExpression: NOT_EXISTS } };
    case 'dayHead':
      return dayHeadUpdate(op, TableName);
    case 'dayUnchanged':
      return dayUnchangedCheck(op, TableName);
    case 'bankRefRecorded':
      return bankRefRecordedUpdate(op.fundId, TableName);
    case 'bankRefsUnchanged':
      return bankRefsUnchangedCheck(op, TableName);
  }
}

export function dynamoTransaction(): TransactionPort {
  return {
    async commit(ops) {
      assertCommittable(ops);
      const TableName = tableName();
      await transactWrite(
        ops.map((op) => transactItem(op, TableName)),
        (index) => opName(ops[index]!),
      );
    },
  };
}
