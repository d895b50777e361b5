import { dynamoLedgerStore } from './ledger-store';

/** The store every handler of this container shares. */
export const ledgerStore = dynamoLedgerStore();
