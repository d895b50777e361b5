/** Every port's contract, for one adapter set: the DynamoDB adapters run it in an integration file, the in-memory ones in a unit file. */
import { aggregatesContract } from './aggregates.contract';
import { campaignsContract } from './campaigns.contract';
import { countersContract } from './counters.contract';
import type { FixtureFactory } from './fixture';
import { journalContract } from './journal.contract';
import { statementsContract } from './statements.contract';
import { transactionContract } from './transaction.contract';

export type { FixtureFactory, StoresFixture } from './fixture';

export function storesContract(make: FixtureFactory): void {
  transactionContract(make);
  aggregatesContract(make);
  journalContract(make);
  statementsContract(make);
  countersContract(make);
  campaignsContract(make);
}
