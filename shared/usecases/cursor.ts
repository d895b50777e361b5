/**
 * Page cursors: a list's position as base64url JSON, opaque to clients. Each list reads back only
 * the cursors it gave out; anything else is a 400 naming `query.cursor`.
 */
import { ValidationError } from '../errors';

export const encodeCursor = (position: unknown): string => Buffer.from(JSON.stringify(position)).toString('base64url');

/** `read` returns the position, or undefined for a value that is not one of this list's. */
export function decodeCursor<T>(cursor: string, read: (value: unknown) => T | undefined, message = 'is not a cursor from this list'): T {
  let position: T | undefined;
  try {
    position = read(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    // Reported below, as any cursor that is not this list's.
  }
  if (position === undefined) throw new ValidationError('Invalid cursor', [{ path: 'query.cursor', message }]);
  return position;
}
