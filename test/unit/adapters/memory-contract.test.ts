/** The in-memory adapter set keeps every port's contract, as the DynamoDB adapters do (test/integration/dynamo-contract.test.ts). */
import { MemoryState, memoryStores } from '../../../shared/adapters/memory';
import { storesContract } from '../../contract';

storesContract(async () => {
  const state = new MemoryState();
  return {
    stores: memoryStores(state),
    seedFunds: async (funds) => state.seedFunds(funds),
    seedAdminUnits: async (units) => state.seedAdminUnits(units),
  };
});
