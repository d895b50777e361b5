/**
 * The private salt of a donor name's commitment (DESIGN §7, format 3), drawn where a journal
 * entry naming a donor is written. Apart from names.ts so the functions that write entries load
 * only this (the statement functions' cold start is budgeted, DESIGN §13).
 */
import { ANONYMOUS_DONOR } from '../domain/pledges';

/** Whether a published name is a name at all: the anonymous label and a blank are not. */
export function isPublishableName(name: unknown): name is string {
  return typeof name === 'string' && name.trim() !== '' && name !== ANONYMOUS_DONOR;
}

/**
 * A fresh salt, 32 hex digits (a random UUID's 122 random bits: short code where the budget is
 * tight), kept private with its journal entry until published beside the name.
 */
export function newNameSalt(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}

/** The salt field of a journal entry (or a statement line) that publishes `name`: none for the anonymous donor. */
export function saltFor(name: unknown): { nameSalt?: string } {
  return isPublishableName(name) ? { nameSalt: newNameSalt() } : {};
}
