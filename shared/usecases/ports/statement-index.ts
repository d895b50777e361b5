import type { IndexChunk } from '../../domain/statements/identity';

/** One account's day in the day index: every chunk of prints, and the version that fences its writers. */
export interface DayIndex {
  version: number;
  chunks: IndexChunk[];
}

/**
 * The day index (DESIGN §9.2): per account and value date, the identities of every statement
 * line of that day. Written by commands (`indexChunk`, `dayHead`); read whole, strongly consistent.
 */
export interface DayIndexStore {
  read(account: string, valueDate: string): Promise<DayIndex>;
}
