import { statementFileError } from '../../domain/statements/file-error';
import { ValidationError } from '../../errors';
import { SourceError } from './source';

/**
 * What a reader throws when reading stopped at `row` (the last row read): the file's own
 * problems as a ValidationError naming the row, a failing source stream as its original error
 * (that is not the file's fault), anything else the parser library raised as a damaged file.
 */
export function readFailure(error: unknown, row: number): unknown {
  if (error instanceof ValidationError) return error;
  if (error instanceof SourceError) return error.original;
  const message = error instanceof Error ? error.message : String(error);
  return statementFileError(`row ${row + 1}`, `the file is damaged or not a statement (${message})`, 'The statement file cannot be read');
}
