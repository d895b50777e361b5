import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import { customFormat } from '../../shared/domain/statements/formats';
import {
  type ParseOptions,
  type StatementLine,
  type StatementRow,
  type StatementSource,
  parseStatement,
  parseStatementCsv,
  statementParser,
} from '../../shared/adapters/statement-parser';
import type { DamagedLine } from '../../shared/domain/statements/types';
import { parseAmount, parseDateTime, parseTime } from '../../shared/domain/statements/values';

const dir = fileURLToPath(new URL('../fixtures/statements/', import.meta.url));
const fixture = (name: string) => readFileSync(`${dir}${name}`);

async function rows(source: StatementSource, options?: ParseOptions): Promise<StatementRow[]> {
  const out: StatementRow[] = [];
  for await (const row of parseStatement(source, options)) out.push(row);
  return out;
}

/** The lines that read whole. */
async function collect(source: StatementSource, options?: ParseOptions): Promise<StatementLine[]> {
  return (await rows(source, options)).flatMap((row) => (row.kind === 'line' && !row.line.damage ? [row.line as StatementLine] : []));
}

/** The lines that did not: held by the import, naming their cells. */
async function damaged(source: StatementSource, options?: ParseOptions): Promise<DamagedLine[]> {
  return (await rows(source, options)).flatMap((row) => (row.kind === 'line' && row.line.damage ? [row.line as DamagedLine] : []));
}

const problemPaths = async (source: StatementSource) => (await damaged(source)).flatMap((line) => line.damage.problems.map((p) => p.path));

async function failure(source: StatementSource, options?: ParseOptions): Promise<ValidationError> {
  try {
    await collect(source, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the statement to be rejected');
}

const paths = (e: ValidationError) => e.errors.map((x) => x.path);

const NATIVE_HEADER = 'STT,Ngày giao dịch,Số tham chiếu,Số tiền,Số dư,Nội dung giao dịch';
const VCB_HEADER = 'TNXDate,DocNo,Debit,Credit,Balance,Transactions in Detail';
const VTB_HEADER = 'PageId,Date,Time,DocumentNumber,ReferenceNumber,TransactionDetails,DebitAmount,CreditAmount,Balance,OffsetAccount';

describe('amounts', () => {
  it.each([
    ['10.000', ',', 10_000],
    ['1.000.000', ',', 1_000_000],
    ['-500.000', ',', -500_000],
    ['+500.000', ',', 500_000],
    ['−500.000', ',', -500_000],
    ['(500.000)', ',', -500_000],
    ['500.000-', ',', -500_000],
    ['500000', ',', 500_000],
    ['1.000.000,00', ',', 1_000_000],
    [' 1.000.000 VND ', ',', 1_000_000],
    ['1.000.000 ₫', ',', 1_000_000],
    ['1 000 000', ',', 1_000_000],
    ['1\u00a0000\u00a0000', ',', 1_000_000],
    ['-1.163.000.000', ',', -1_163_000_000],
    ['339,000', '.', 339_000],
    ['1,000,000', '.', 1_000_000],
    ['-986,098', '.', -986_098],
    ['1,000,000.00', '.', 1_000_000],
    ['0', '.', 0],
  ] as const)('%j with decimal %j is %d', (text, decimal, value) => {
    expect(parseAmount(text, decimal)).toEqual({ ok: true, value });
  });

  it('takes numbers from spreadsheets, tolerating float noise but not fractions', () => {
    expect(parseAmount(1_000_000, ',')).toEqual({ ok: true, value: 1_000_000 });
    expect(parseAmount(339_000.0000001, '.')).toEqual({ ok: true, value: 339_000 });
    expect(parseAmount(-500_000, '.')).toEqual({ ok: true, value: -500_000 });
    expect(parseAmount(1000.5, '.').ok).toBe(false);
    expect(parseAmount(Number.NaN, '.').ok).toBe(false);
    expect(parseAmount(2 ** 60, '.').ok).toBe(false);
  });

  it.each([
    ['1,000,000', ','],
    ['1.000.000', '.'],
    ['1,000', ','],
    ['500.000', '.'],
    ['1.000.000,50', ','],
    ['1.5', ','],
    ['abc', ','],
    ['12a', ','],
    ['', ','],
    ['-', ','],
    ['1..000', ','],
    ['9.999.999.999.999.999', ','],
  ] as const)('rejects %j with decimal %j', (text, decimal) => {
    const parsed = parseAmount(text, decimal);
    expect(parsed.ok).toBe(false);
  });

  it('says which convention a misread number looks like', () => {
    expect(parseAmount('1,000,000', ',')).toMatchObject({ ok: false, message: expect.stringContaining('1,000,000') });
    expect(parseAmount('1,000', ',')).toMatchObject({ ok: false, message: expect.stringContaining('ambiguous') });
  });
});

describe('dates and times', () => {
  it.each([
    ['01/09/2024', 'dd/mm/yyyy', { date: '2024-09-01' }],
    ['01/09/2024 07:19:18', 'dd/mm/yyyy', { date: '2024-09-01', time: '07:19:18', precision: 'second' }],
    ['1/9/2024 7:19', 'dd/mm/yyyy', { date: '2024-09-01', time: '07:19:00', precision: 'minute' }],
    ['01-09-2024', 'dd/mm/yyyy', { date: '2024-09-01' }],
    ['01.09.2024 23:59:59', 'dd/mm/yyyy', { date: '2024-09-01', time: '23:59:59', precision: 'second' }],
    ['29/02/2024', 'dd/mm/yyyy', { date: '2024-02-29' }],
    ['09/01/2024', 'mm/dd/yyyy', { date: '2024-09-01' }],
    ['2024-09-01', 'yyyy-mm-dd', { date: '2024-09-01' }],
    ['2024-09-01T07:19:18', 'yyyy-mm-dd', { date: '2024-09-01', time: '07:19:18', precision: 'second' }],
    ['2024-09-01 07:19:18+07:00', 'yyyy-mm-dd', { date: '2024-09-01', time: '07:19:18', precision: 'second' }],
  ] as const)('%j (%s)', (text, format, value) => {
    expect(parseDateTime(text, format)).toEqual({ ok: true, value });
  });

  it.each([
    ['31/02/2024', 'dd/mm/yyyy'],
    ['29/02/2023', 'dd/mm/yyyy'],
    ['13/13/2024', 'dd/mm/yyyy'],
    ['2024-09-01', 'dd/mm/yyyy'],
    ['01/09/24', 'dd/mm/yyyy'],
    ['01/09/2024 25:00', 'dd/mm/yyyy'],
    ['01/09/2024 7h19', 'dd/mm/yyyy'],
    ['hôm qua', 'dd/mm/yyyy'],
    ['', 'dd/mm/yyyy'],
  ] as const)('rejects %j (%s)', (text, format) => {
    expect(parseDateTime(text, format).ok).toBe(false);
  });

  it('reads spreadsheet dates as wall-clock time', () => {
    expect(parseDateTime(new Date(Date.UTC(2024, 8, 1, 8, 12, 41)), 'dd/mm/yyyy')).toEqual({
      ok: true,
      value: { date: '2024-09-01', time: '08:12:41', precision: 'second' },
    });
    expect(parseDateTime(45536, 'dd/mm/yyyy')).toEqual({ ok: true, value: { date: '2024-09-01' } });
    expect(parseDateTime(45536.5, 'dd/mm/yyyy')).toEqual({ ok: true, value: { date: '2024-09-01', time: '12:00:00', precision: 'second' } });
  });

  it('reads time columns as text, day fractions, dates, or a date and time (MB prints the moment beside the value date)', () => {
    expect(parseTime('08:12:41')).toEqual({ ok: true, value: { time: '08:12:41', precision: 'second' } });
    expect(parseTime('8:12')).toEqual({ ok: true, value: { time: '08:12:00', precision: 'minute' } });
    expect(parseTime(0.5)).toEqual({ ok: true, value: { time: '12:00:00', precision: 'second' } });
    expect(parseTime(new Date(Date.UTC(1899, 11, 30, 8, 12, 41)))).toEqual({ ok: true, value: { time: '08:12:41', precision: 'second' } });
    expect(parseTime('01/09/2024 07:40:26')).toEqual({ ok: true, value: { time: '07:40:26', precision: 'second' } });
    expect(parseTime(45536.5)).toEqual({ ok: true, value: { time: '12:00:00', precision: 'second' } });
    expect(parseTime('8h12').ok).toBe(false);
    expect(parseTime(-1).ok).toBe(false);
  });
});

describe('CSV statements', () => {
  it('gives each line its date, time, direction, amount, reference, memo and balance', async () => {
    const lines = await collect(
      [
        NATIVE_HEADER,
        '1,01/09/2024 07:19:18,FT1,10.000,10.000,VO XUAN LONG UH45RNDNQ',
        '2,03/09/2024 14:29:53,FT2,-1.163.000.000,-1.162.990.000,Chuyen kinh phi theo GN8N4A91A',
      ].join('\r\n'),
    );
    expect(lines).toEqual([
      {
        lineNo: 1,
        row: 2,
        bookedAt: '2024-09-01T07:19:18+07:00',
        valueDate: '2024-09-01',
        clock: '07:19:18',
        precision: 'second',
        direction: 'CREDIT',
        amount: 10_000,
        bankRef: 'FT1',
        memo: 'VO XUAN LONG UH45RNDNQ',
        balance: 10_000,
      },
      {
        lineNo: 2,
        row: 3,
        bookedAt: '2024-09-03T14:29:53+07:00',
        valueDate: '2024-09-03',
        clock: '14:29:53',
        precision: 'second',
        direction: 'DEBIT',
        amount: 1_163_000_000,
        bankRef: 'FT2',
        memo: 'Chuyen kinh phi theo GN8N4A91A',
        balance: -1_162_990_000,
      },
    ]);
  });

  it('reads the same lines with or without a byte order mark', async () => {
    const withBom = fixture('native-sample.csv');
    expect(withBom.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const withoutBom = withBom.subarray(3);
    expect(await collect(withoutBom)).toEqual(await collect(withBom));
  });

  it('reads a UTF-16 file with its byte order mark', async () => {
    const text = `${VCB_HEADER}\r\n01/09/2024,1.1,,200.000,,Ủng hộ đồng bào UH628XGG2\r\n`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const [line] = await collect(utf16);
    expect(line).toMatchObject({ amount: 200_000, memo: 'Ủng hộ đồng bào UH628XGG2' });
  });

  it('keeps multi-line quoted memos whole, whatever the line endings', async () => {
    const row = (end: string) =>
      `1,01/09/2024,08:12:41,,99234675,"CT nhanh 247 den: TRAN NGOC VY chuyen${end}tien UHXNCHSCR UNG HO",,"339,000","339,000",TRAN NGOC VY – A/C`;
    for (const [eol, inner] of [
      ['\r\n', '\n'],
      ['\n', '\n'],
      ['\r\n', '\r\n'],
    ]) {
      const lines = await collect([VTB_HEADER, row(inner!), row(inner!)].join(eol));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({
        bookedAt: '2024-09-01T08:12:41+07:00',
        memo: 'CT nhanh 247 den: TRAN NGOC VY chuyen\ntien UHXNCHSCR UNG HO',
        amount: 339_000,
        counterparty: 'TRAN NGOC VY – A/C',
      });
    }
  });

  it('parses the same lines however the bytes are chunked, even inside a multi-byte character', async () => {
    const bytes = fixture('vietinbank-sample.csv');
    const whole = await collect(bytes);
    function* chunks(size: number) {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    }
    expect(await collect(chunks(7))).toEqual(whole);
    expect(await collect(chunks(4096))).toEqual(whole);
    expect(await collect(bytes.toString('utf8'))).toEqual(whole);
    expect(await collect(new Uint8Array(bytes))).toEqual(whole);
  });

  it('classifies the bank preamble, the header and blank rows, and counts line numbers from the header', async () => {
    let header: unknown;
    const all = await rows(
      [
        'SAO KÊ TÀI KHOẢN,,,,,',
        'Số tài khoản: 0011001932418,,,,,',
        '',
        VCB_HEADER,
        '01/09/2024,1.1,,200.000,,first',
        ',,,,,',
        '02/09/2024,1.2,,300.000,,second',
        '',
      ].join('\n'),
      { onHeader: (h) => (header = h) },
    );
    expect(header).toMatchObject({ row: 4, format: { id: 'vcb' } });
    expect(all.map((r) => (r.kind === 'line' ? [r.line.row, r.line.lineNo, r.line.memo] : [r.row, r.what]))).toEqual([
      [1, 'TITLE'],
      [2, 'TITLE'],
      [3, 'BLANK'],
      [4, 'HEADER'],
      [5, 1, 'first'],
      [6, 'BLANK'],
      [7, 2, 'second'],
    ]);
    expect(all[1]).toMatchObject({ notes: { accountNumber: '0011001932418' } });
  });

  it('recognises headers regardless of case, diacritics and spacing', async () => {
    const lines = await collect('stt,NGAY GIAO DICH, So tham chieu ,SỐ TIỀN,số dư,Nội Dung Giao Dịch\n1,01/09/2024,FT1,10.000,10.000,x');
    expect(lines).toHaveLength(1);
  });

  it('guesses a semicolon or tab delimiter', async () => {
    const semi = `${VCB_HEADER.replaceAll(',', ';')}\n01/09/2024;1.1;;200.000;;ung ho, dong bao`;
    expect((await collect(semi))[0]).toMatchObject({ amount: 200_000, memo: 'ung ho, dong bao' });
    const tab = `${VCB_HEADER.replaceAll(',', '\t')}\n01/09/2024\t1.1\t\t200.000\t\tung ho`;
    expect((await collect(tab))[0]).toMatchObject({ amount: 200_000, memo: 'ung ho' });
  });

  it('accepts debits printed with a minus sign in the debit column', async () => {
    const [line] = await collect(`${VCB_HEADER}\n01/09/2024,1.1,-1.000.000,,,chi`);
    expect(line).toMatchObject({ direction: 'DEBIT', amount: 1_000_000 });
  });

  it('treats a zero in the unused debit or credit column as empty', async () => {
    const [line] = await collect(`${VCB_HEADER}\n01/09/2024,1.1,0,200.000,,x`);
    expect(line).toMatchObject({ direction: 'CREDIT', amount: 200_000 });
  });

  it('reads another bank through a saved column mapping', async () => {
    const acb = customFormat('acb', {
      date: 'Ngày hiệu lực',
      time: 'Giờ',
      reference: 'Mã GD',
      debit: 'Ghi nợ',
      credit: 'Ghi có',
      memo: 'Diễn giải',
      balance: 'Số dư cuối',
      counterparty: 'Người chuyển',
      dateFormat: 'yyyy-mm-dd',
      decimal: '.',
    });
    const text = [
      'Ngày hiệu lực;Giờ;Mã GD;Ghi nợ;Ghi có;Số dư cuối;Diễn giải;Người chuyển',
      '2024-09-01;08:00;ACB1;;1,000,000.00;1,000,000.00;ung ho UH628XGG2;NGUYEN VAN A',
      '2024-09-02;09:30:15;ACB2;250,000;;750,000;chi ho tro;',
    ].join('\n');
    const lines = await collect(text, { formats: [acb] });
    expect(lines).toEqual([
      {
        lineNo: 1,
        row: 2,
        bookedAt: '2024-09-01T08:00:00+07:00',
        valueDate: '2024-09-01',
        clock: '08:00:00',
        precision: 'minute',
        direction: 'CREDIT',
        amount: 1_000_000,
        bankRef: 'ACB1',
        memo: 'ung ho UH628XGG2',
        balance: 1_000_000,
        counterparty: 'NGUYEN VAN A',
      },
      {
        lineNo: 2,
        row: 3,
        bookedAt: '2024-09-02T09:30:15+07:00',
        valueDate: '2024-09-02',
        clock: '09:30:15',
        precision: 'second',
        direction: 'DEBIT',
        amount: 250_000,
        bankRef: 'ACB2',
        memo: 'chi ho tro',
        balance: 750_000,
      },
    ]);

    const signed = customFormat('sacombank', { date: 'Ngày', amount: 'Số tiền', memo: 'Nội dung', decimal: ',' });
    expect(await collect('Ngày,Số tiền,Nội dung\n01/09/2024,"-1.000",x', { formats: [signed] })).toMatchObject([
      { direction: 'DEBIT', amount: 1000, bankRef: '', bookedAt: '2024-09-01T00:00:00+07:00' },
    ]);
  });

  it('rejects an incomplete saved mapping, naming the field', () => {
    expect(() => customFormat('x', { date: 'Ngày', memo: 'Nội dung', debit: 'Nợ', decimal: ',' })).toThrow(ValidationError);
    try {
      customFormat('x', { date: 'Ngày', memo: 'Nội dung', amount: 'Số tiền', debit: 'Nợ', decimal: ',' });
    } catch (error) {
      expect(paths(error as ValidationError)).toEqual(['mapping.amount']);
    }
  });
});

describe('the parser as the statement import sees it', () => {
  it('statementParser.parse yields the rows parseStatement does and reports the header', async () => {
    const bytes = fixture('vcb-sample.csv');
    const headers: string[] = [];
    const all: StatementRow[] = [];
    for await (const row of statementParser.parse(bytes, { onHeader: (h) => headers.push(h.format.id) })) all.push(row);
    expect(all.length).toBe(3001);
    expect(all).toEqual(await rows(bytes));
    expect(headers).toEqual(['vcb']);
  });

  it('statementParser.parse rejects what is not a statement with the ValidationError naming the row', async () => {
    const iterate = async () => {
      for await (const _ of statementParser.parse('a,b,c\n1,2,3\n')) void _;
    };
    await expect(iterate()).rejects.toSatisfy((e) => e instanceof ValidationError && e.errors.some((x) => x.path === 'row 1'));
  });

  it('statementParser.preview gives the first rows as text, whatever the layout', async () => {
    const preview = await statementParser.preview(fixture('bidv-sample.part1.csv'), 8);
    expect(preview).toHaveLength(8);
    expect(preview[6]).toEqual(['STT', 'Ngày hiệu lực', 'Ghi nợ', 'Ghi có', 'Số dư', 'Mô tả']);
    expect(await statementParser.preview('a;b;c\n1;2;3\n', 20)).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
  });
});

describe('files that are not a statement at all: refused whole, saying why', () => {
  it('0 bytes', async () => {
    const e = await failure(Buffer.alloc(0));
    expect(e.errors).toEqual([{ path: 'row 1', message: 'the file is empty (0 bytes)' }]);
    expect(paths(await failure([]))).toEqual(['row 1']);
  });

  it('a byte order mark or blank lines and nothing else', async () => {
    expect((await failure(Buffer.from([0xef, 0xbb, 0xbf]))).errors[0]!.message).toMatch(/no rows/);
    expect((await failure('\r\n\r\n  \n')).errors[0]!.message).toMatch(/no rows/);
  });

  it('a wrong column in a known layout, named with the row', async () => {
    const e = await failure(`STT,Ngày giao dịch,Số tham chiếu,Amount,Số dư,Nội dung giao dịch\n1,01/09/2024,FT1,10.000,10.000,x`);
    expect(e.errors).toEqual([{ path: 'row 1, column "Số tiền"', message: expect.stringContaining('missing') }]);
  });

  it('columns of no known layout', async () => {
    const e = await failure('a,b,c\n1,2,3\n');
    expect(e.message).toBe('Unknown statement format');
    expect(paths(e)).toEqual(['row 1']);
    expect(e.errors[0]!.message).toMatch(/unknown columns/);
  });

  it('an unclosed quote that swallows the rest of the file', async () => {
    const rest = Array.from({ length: 3000 }, (_, i) => `0${(i % 9) + 1}/09/2024,${i},,200.000,,ung ho`);
    const e = await failure([VCB_HEADER, '01/09/2024,1.0,,100.000,,first', '01/09/2024,1.1,,200.000,,"ung ho', ...rest].join('\n'));
    expect(e.errors).toEqual([{ path: 'row 3, column "Transactions in Detail"', message: expect.stringContaining('unclosed quote') }]);
  });

  it('an unclosed quote before the header', async () => {
    const e = await failure('"SAO KE TAI KHOAN\n' + 'x,'.repeat(40_000));
    expect(paths(e)[0]).toMatch(/^row \d/);
  });
});

describe('damaged rows: held with their text, naming their cells, never a reason to refuse the file', () => {
  it('a bad number', async () => {
    const text = `${NATIVE_HEADER}\n1,01/09/2024,FT1,10.000,10.000,x\n2,01/09/2024,FT2,"10,000",20.000,y`;
    expect(await collect(text)).toHaveLength(1);
    const [line] = await damaged(text);
    expect(line).toMatchObject({ lineNo: 2, row: 3, valueDate: '2024-09-01', balance: 20_000, bankRef: 'FT2', memo: 'y', damage: { reason: 'UNREADABLE', raw: expect.stringContaining('10,000') } });
    expect(line!.damage.problems).toEqual([{ path: 'row 3, column "Số tiền"', message: expect.stringContaining('"10,000"') }]);
  });

  it('a bad balance or a bad time costs the line only that', async () => {
    expect(await collect(`${VTB_HEADER}\n1,01/09/2024,08:00:00,,1,x,,"339,000",abc,A`)).toMatchObject([{ amount: 339_000, clock: '08:00:00' }]);
    const [noTime] = await collect(`${VTB_HEADER}\n1,01/09/2024,8h,,1,x,,"339,000","339,000",A`);
    expect(noTime).toMatchObject({ amount: 339_000, bookedAt: '2024-09-01T00:00:00+07:00' });
    expect(noTime!.clock).toBeUndefined();
  });

  it('a bad date', async () => {
    expect(await problemPaths(`${NATIVE_HEADER}\n1,31/09/2024 07:00,FT1,10.000,10.000,x`)).toEqual(['row 2, column "Ngày giao dịch"']);
    expect(await problemPaths(`${NATIVE_HEADER}\n1,2024-09-01,FT1,10.000,10.000,x`)).toEqual(['row 2, column "Ngày giao dịch"']);
  });

  it('every problem in a row at once', async () => {
    expect(await problemPaths(`${VCB_HEADER}\n1/9/24,1.1,,abc,xyz,memo`)).toEqual(['row 2, column "TNXDate"', 'row 2, column "Credit"']);
  });

  it('a zero amount, both debit and credit, neither, a negative credit', async () => {
    expect(await problemPaths(`${NATIVE_HEADER}\n1,01/09/2024,FT1,0,0,x`)).toEqual(['row 2, column "Số tiền"']);
    expect(await problemPaths(`${VCB_HEADER}\n01/09/2024,1.1,100.000,200.000,,x`)).toEqual(['row 2, column "Debit"']);
    expect(await problemPaths(`${VCB_HEADER}\n01/09/2024,1.1,,,,x`)).toEqual(['row 2, column "Credit"']);
    expect(await problemPaths(`${VCB_HEADER}\n01/09/2024,1.1,,-5.000,,x`)).toEqual(['row 2, column "Credit"']);
  });

  it('a truncated file ending inside a quoted memo: the rows before it are whole, the cut one is held', async () => {
    const text = fixture('vietinbank-sample.csv').toString('utf8');
    const cut = text.indexOf('chuyen\ntien', text.indexOf('\n1,01/09/2024,08:21:50'));
    expect(await collect(text.slice(0, cut))).toHaveLength(3);
    const held = await damaged(text.slice(0, cut));
    expect(held).toEqual([expect.objectContaining({ lineNo: 4, row: 5, damage: expect.objectContaining({ problems: [{ path: 'row 5', message: expect.stringContaining('cut off') }] }) })]);
  });

  it('a truncated file ending inside a row', async () => {
    const text = fixture('vcb-sample.csv').toString('utf8');
    const held = await damaged(text.slice(0, text.indexOf('200.000', text.indexOf('5152.77153')) + 3));
    expect(held.map((l) => l.damage.problems[0]!)).toEqual([{ path: 'row 3, column "Balance"', message: expect.stringContaining('truncated') }]);
  });

  it('a row with more columns than the header', async () => {
    expect(await problemPaths(`${NATIVE_HEADER}\n1,01/09/2024,FT1,10.000,10.000,ung ho,dong bao`)).toEqual(['row 2, column 7']);
  });

  it('bytes that are not UTF-8 inside a memo, named by row and column', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${NATIVE_HEADER}\n1,01/09/2024,FT1,10.000,10.000,ok\n2,01/09/2024,FT2,10.000,20.000,`),
      Buffer.from([0xc6, 0xb0, 0xff, 0xfe, 0x20]),
      Buffer.from('\n'),
    ]);
    expect(await problemPaths(bytes)).toEqual(['row 3, column "Nội dung giao dịch"']);
  });

  it('a totals row and a closing-balance row after the lines are not transactions, and say what they say', async () => {
    const all = await rows(fixture('mb-sample.part1.csv'));
    const footers = all.filter((r) => r.kind === 'other' && r.what === 'FOOTER');
    expect(footers).toEqual([
      expect.objectContaining({ notes: { totalDebit: 5_931_000_000, totalCredit: 812_234_369 } }),
      expect.objectContaining({ notes: { closingBalance: 1_041_479_681 } }),
    ]);
    expect(all.filter((r) => r.kind === 'line' && r.line.damage)).toEqual([]);
  });
});

describe('binary files and sources that fail', () => {
  it('binary data', async () => {
    const random = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256));
    expect(paths(await failure(random))).toEqual(['row 1']);
    expect(paths(await failure(Buffer.from('PK\u0003\u0004rest of a zip')))).toEqual(['row 1']);
    expect((await failure(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).errors[0]!.message).toMatch(/xls/);
    expect((await failure(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).errors[0]!.message).toMatch(/PDF/);
  });

  it('binary data in the bank\'s title rows', async () => {
    expect(paths(await failure(`SAO KE\u0001\n${VCB_HEADER}\n01/09/2024,1.1,,200.000,,x`))).toEqual(['row 1, column 1']);
    // Past the first 4 KB a NUL is one damaged row, held; within them, the file is binary.
    const nul = Buffer.concat([Buffer.from(`${NATIVE_HEADER}\n1,01/09/2024,FT1,10.000,10.000,`), Buffer.alloc(5000, 0x41), Buffer.from([0])]);
    expect(await problemPaths(nul)).toEqual(['row 2, column "Nội dung giao dịch"']);
    expect(paths(await failure(Buffer.concat([Buffer.from(`${NATIVE_HEADER}\n`), Buffer.from([0, 1, 2])])))).toEqual(['row 1']);
  });

  it('chunks that are not bytes', async () => {
    const e = await failure([{ not: 'bytes' }] as unknown as Iterable<Uint8Array>);
    expect(paths(e)).toEqual(['row 1']);
  });

  it('lets a failing source stream through as it is: that is not a bad file', async () => {
    async function* flaky() {
      yield Buffer.from(`${VCB_HEADER}\n01/09/2024,1.1,,200.000,,x\n`);
      throw new Error('socket hang up');
    }
    await expect(collect(flaky())).rejects.toThrow('socket hang up');
    await expect(collect(flaky())).rejects.not.toBeInstanceOf(ValidationError);
  });

  it('throws nothing but ValidationError for any text', async () => {
    const piece = fc.constantFrom(
      NATIVE_HEADER,
      VCB_HEADER,
      VTB_HEADER,
      '\n',
      '\r\n',
      ',',
      ';',
      '"',
      '01/09/2024',
      '31/02/2024 25:61',
      '10.000',
      '"339,000"',
      '-',
      'UH628XGG2',
      '\u0000',
      '\ufeff',
      'Ủng hộ',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(piece, fc.string()), { maxLength: 40 }), async (parts) => {
        try {
          await collect(parts.join(''));
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('throws nothing but ValidationError for damaged copies of a real statement', async () => {
    const bytes = fixture('native-sample.csv').subarray(0, 6000);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: bytes.length }),
        fc.array(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async (cut, flips) => {
          const damaged = Buffer.from(bytes.subarray(0, cut));
          for (const [at, value] of flips) if (at < damaged.length) damaged[at] = value;
          try {
            await collect(damaged);
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseStatementCsv', () => {
  it('is the CSV path on its own', async () => {
    const lines: StatementRow[] = [];
    for await (const row of parseStatementCsv(fixture('vcb-sample.csv'))) if (row.kind === 'line') lines.push(row);
    expect(lines).toHaveLength(3000);
  });
});
