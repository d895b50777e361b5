/**
 * exceljs ships one declaration file for its package entry; this names the streaming reader's
 * own module, which the XLSX reader loads on its own (see xlsx-reader.ts).
 */
declare module 'exceljs/lib/stream/xlsx/workbook-reader.js' {
  import type ExcelJS from 'exceljs';

  const WorkbookReader: typeof ExcelJS.stream.xlsx.WorkbookReader;
  export default WorkbookReader;
}
