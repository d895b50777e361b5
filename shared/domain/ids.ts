import { monotonicFactory } from 'ulidx';

/** Internal ids are ULIDs: time-ordered, so journal entries sort by when they happened. */
export const newId: (now?: number) => string = monotonicFactory();
