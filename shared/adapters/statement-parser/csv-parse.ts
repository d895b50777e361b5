/**
 * csv-parse's streaming and one-shot parsers in one module, which ./csv-reader.ts loads the
 * first time a CSV file is read: bundled, both make one chunk of their own.
 */
export { CsvError, parse } from 'csv-parse';
export { parse as parseSync } from 'csv-parse/sync';
