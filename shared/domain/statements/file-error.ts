import { ValidationError } from '../../errors';

/**
 * A statement file that cannot be read. `path` names the row, and the column when there is one,
 * as a spreadsheet numbers them (`row 4, column "Credit"`), so a clerk can find the problem.
 */
export function statementFileError(path: string, message: string, title = 'The statement file cannot be read'): ValidationError {
  return new ValidationError(title, [{ path, message }]);
}
