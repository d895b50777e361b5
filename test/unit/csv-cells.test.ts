/**
 * Every CSV the platform writes (the nightly report's spreadsheets, the open-data totals, the
 * portal's plan download) goes through one cell function: text that a spreadsheet could run as a
 * formula is neutralised wherever a cell could begin, and numbers stay numbers.
 */
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, disbursementsCsvRow, entriesCsvRow, neutraliseCsvText } from '../../shared/reports/csv';
import type { PublicEntry } from '../../shared/reports/entries';
import { wardTotalsCsv } from '../../shared/reports/totals-csv';
import type { Totals } from '../../shared/domain/journal';

describe('neutraliseCsvText', () => {
  it.each([
    ['=HYPERLINK("http://x","bấm")', `'=HYPERLINK("http://x","bấm")`],
    ['+84 912 345 678', "'+84 912 345 678"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t'=1"],
    ['\r=1', "'\r'=1"],
    ['abc;=cmd', "abc;'=cmd"],
    ['x,=1', "x,'=1"],
    ['dòng 1\n=cmd|/c calc', "dòng 1\n'=cmd|/c calc"],
    ['a\r\n@x', "a\r\n'@x"],
    ['ung ho;+1;-2;@3', "ung ho;'+1;'-2;'@3"],
    ['a,\t=1', "a,'\t'=1"],
    ['ủng hộ đồng bào, mong bình an', 'ủng hộ đồng bào, mong bình an'],
    ['a - b = c', 'a - b = c'],
  ])('%j → %j', (text, neutralised) => {
    expect(neutraliseCsvText(text)).toBe(neutralised);
  });

  it('leaves numbers as numbers: a negative amount is written as it is', () => {
    expect(csvCell(-500_000)).toBe('-500000');
    expect(csvRow(['x,=1', -1, 'abc;=cmd', undefined])).toBe(`"x,'=1",-1,abc;'=cmd,\r\n`);
  });
});

const entry = (over: Partial<PublicEntry>): PublicEntry => ({
  v: 1,
  entryId: '01JAAAAAAAAAAAAAAAAAAAAAAA',
  fundId: 'quy-1',
  type: 'RECEIPT_REVERSED',
  at: '2026-12-04T03:00:00.000Z',
  day: '2026-12-04',
  actor: 'staff',
  entityType: 'receipt',
  entityRef: 'r-1',
  deltas: { received: -500_000 },
  details: {},
  ...over,
});

describe('the CSV writers', () => {
  it('the report’s entries: a donor and a memo with a formula after a separator are neutralised, the negative amount stays a number', () => {
    const row = entriesCsvRow(0, entry({ details: { donor: 'Lan;=HYPERLINK("x")', reason: 'nhầm,@cmd' } }));
    expect(row).toContain(`"Lan;'=HYPERLINK(""x"")"`);
    expect(row).toContain(`"reason: nhầm,'@cmd"`);
    expect(row.split(',')).toContain('-500000');
  });

  it('the report’s disbursements: the recipient and the purpose', () => {
    const row = disbursementsCsvRow(0, entry({ entityType: 'disbursement', type: 'DISBURSEMENT_APPROVED', deltas: { approved: 1000 }, details: { organisation: 'Hội A\n=1', purpose: 'mua gạo;-cmd' } }));
    expect(row).toContain(`"Hội A\n'=1"`);
    expect(row).toContain("mua gạo;'-cmd");
  });

  it('the open-data totals: a ward name is neutralised, a negative balance stays a number', () => {
    const totals = { pledged: 0, received: 0, approved: 0, disbursed: 0, confirmed: 0, planned: 0, goodsReceived: 0, goodsHandedOver: 0, balance: -7, available: -7, pledgeCount: 0, receiptCount: 0, donorCount: 0 } as Totals;
    const { text } = wardTotalsCsv({ fundId: 'quy-1', items: [{ wardCode: '00001', name: 'Xã A;=1', provinceCode: '01', totals }] });
    expect(text.split('\r\n')[1]).toBe("quy-1,00001,Xã A;'=1,01,0,0,0,0,0,0,0,0,-7,-7,0,0,0");
  });
});
