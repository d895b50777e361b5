/**
 * Limits on uploaded files (DESIGN §9, §10): bank statements (CSV, XLSX) and organisations'
 * pledge lists. A file over one is refused whole with `UploadLimitError`, which names the limit
 * and its value. The XLSX limits are checked from the zip's directory, and each entry's real
 * inflated size, before the workbook reader inflates anything, so a small file that would
 * inflate to gigabytes (a zip bomb) costs no more than reading its own bytes once.
 */
import { UploadLimitError, type FieldError } from '../errors';

export const UPLOAD_LIMITS = {
  /** An XLSX workbook is held whole while its zip directory is checked. */
  xlsxBytes: 32 * 1024 * 1024,
  /** All the workbook's parts, inflated. */
  xlsxUncompressedBytes: 256 * 1024 * 1024,
  /** Inflated ÷ compressed size, of any one part and of the whole; a sheet's XML is 5–30. */
  xlsxInflateRatio: 200,
  /** Parts in the zip: a workbook has a dozen or so, plus one per sheet. */
  xlsxEntries: 1_000,
  xlsxSheets: 32,
  /** Excel's own last row is 1,048,576: a row number past this limit is refused, not padded with blank rows. */
  xlsxRows: 500_000,
  /** Characters in one cell; a memo is a few hundred. */
  cellChars: 4_096,
  /** Characters in one CSV record (a statement) or line (a pledge list); a real row is well under 1 KB. */
  csvLineChars: 65_536,
} as const;

export type UploadLimit = keyof typeof UPLOAD_LIMITS;

/** The error for a file over `limit`, at `path` (a row, `file`, `body`), saying what was found. */
export function overLimit(limit: UploadLimit, path: string, found: string): UploadLimitError {
  const value = UPLOAD_LIMITS[limit];
  const error: FieldError = { path, message: `${found}; the limit ${limit} is ${value}` };
  return new UploadLimitError({ name: limit, value }, error);
}
