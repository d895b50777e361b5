import { encodeTime, monotonicFactory } from 'ulidx';

/** Internal ids are ULIDs: time-ordered, so journal entries sort by when they happened. */
export const newId: (now?: number) => string = monotonicFactory();

/** The smallest ULID of millisecond `ms`: every id before it has an earlier time. */
export function ulidFloor(ms: number): string {
  return `${encodeTime(ms, 10)}${'0'.repeat(16)}`;
}

/** The largest ULID of millisecond `ms`: every id after it has a later time. */
export function ulidCeiling(ms: number): string {
  return `${encodeTime(ms, 10)}${'Z'.repeat(16)}`;
}
