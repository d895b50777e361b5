import { funds, receipts } from '../../shared/adapters/dynamo';
import { dynamoTransferIndex } from '../../shared/adapters/dynamo/transfer-index';
import { reportStore } from '../../shared/adapters/s3/report-store';
import { routeHandler } from '../../shared/http/handler';
import { nodeHasher } from '../../shared/reports/node-hash';
import { FindTransfers } from '../../shared/routes/funds';
import { findTransfers } from '../../shared/usecases/transfers';

const transfers = dynamoTransferIndex();

export const handler = routeHandler(FindTransfers, async ({ params, query }) => ({
  body: await findTransfers({ funds, transfers, receipts, reports: reportStore(), hasher: nodeHasher }, { fundId: params.fundId, ...query }),
}));
