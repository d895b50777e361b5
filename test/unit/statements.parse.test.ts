import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import { customFormat } from '../../shared/domain/statements/formats';
import {
  type ParseOptions,
  type StatementLine,
  type StatementSource,
  parseStatement,
  parseStatementCsv,
  statementParser,
} from '../../shared/adapters/statement-parser';
import { parseAmount, parseDateTime, parseTime } from '../../shared/domain/statements/values';

const dir = fileURLToPath(new URL('../fixtures/statements/', import.meta.url));
const fixture = (name: string) => readFileSync(`${dir}${name}`);

async function collect(source: StatementSource, options?: ParseOptions): Promise<StatementLine[]> {
  const lines: StatementLine[] = [];
  for await (const line of parseStatement(source, options)) lines.push(line);
  return lines;
}

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
    ['01/09/2024 07:19:18', 'dd/mm/yyyy', { date: '2024-09-01', time: '07:19:18' }],
    ['1/9/2024 7:19', 'dd/mm/yyyy', { date: '2024-09-01', time: '07:19:00' }],
    ['01-09-2024', 'dd/mm/yyyy', { date: '2024-09-01' }],
    ['01.09.2024 23:59:59', 'dd/mm/yyyy', { date: '2024-09-01', time: '23:59:59' }],
    ['29/02/2024', 'dd/mm/yyyy', { date: '2024-02-29' }],
    ['09/01/2024', 'mm/dd/yyyy', { date: '2024-09-01' }],
    ['2024-09-01', 'yyyy-mm-dd', { date: '2024-09-01' }],
    ['2024-09-01T07:19:18', 'yyyy-mm-dd', { date: '2024-09-01', time: '07:19:18' }],
    ['2024-09-01 07:19:18+07:00', 'yyyy-mm-dd', { date: '2024-09-01', time: '07:19:18' }],
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
      value: { date: '2024-09-01', time: '08:12:41' },
    });
    expect(parseDateTime(45536, 'dd/mm/yyyy')).toEqual({ ok: true, value: { date: '2024-09-01' } });
    expect(parseDateTime(45536.5, 'dd/mm/yyyy')).toEqual({ ok: true, value: { date: '2024-09-01', time: '12:00:00' } });
  });

  it('reads time columns as text, day fractions or dates', () => {
    expect(parseTime('08:12:41')).toEqual({ ok: true, value: '08:12:41' });
    expect(parseTime('8:12')).toEqual({ ok: true, value: '08:12:00' });
    expect(parseTime(0.5)).toEqual({ ok: true, value: '12:00:00' });
    expect(parseTime(new Date(Date.UTC(1899, 11, 30, 8, 12, 41)))).toEqual({ ok: true, value: '08:12:41' });
    expect(parseTime('8h12').ok).toBe(false);
    expect(parseTime(1.5).ok).toBe(false);
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
        bookedAt: '2024-09-01T07:19:18+07:00',
        valueDate: '2024-09-01',
        direction: 'CREDIT',
        amount: 10_000,
        bankRef: 'FT1',
        memo: 'VO XUAN LONG UH45RNDNQ',
        balance: 10_000,
      },
      {
        lineNo: 2,
        bookedAt: '2024-09-03T14:29:53+07:00',
        valueDate: '2024-09-03',
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

  it('skips the bank preamble and blank rows, and counts line numbers from the header', async () => {
    let header: unknown;
    const lines = await collect(
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
    expect(lines.map((l) => [l.lineNo, l.memo])).toEqual([
      [1, 'first'],
      [2, 'second'],
    ]);
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
        bookedAt: '2024-09-01T08:00:00+07:00',
        valueDate: '2024-09-01',
        direction: 'CREDIT',
        amount: 1_000_000,
        bankRef: 'ACB1',
        memo: 'ung ho UH628XGG2',
        balance: 1_000_000,
        counterparty: 'NGUYEN VAN A',
      },
      {
        lineNo: 2,
        bookedAt: '2024-09-02T09:30:15+07:00',
        valueDate: '2024-09-02',
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
  it('statementParser.parse yields the lines parseStatement does and reports the header', async () => {
    const bytes = fixture('vcb-sample.csv');
    const headers: string[] = [];
    const lines: StatementLine[] = [];
    for await (const line of statementParser.parse(bytes, { onHeader: (h) => headers.push(h.format.id) })) lines.push(line);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toEqual(await collect(bytes));
    expect(headers).toEqual(['vcb']);
  });

  it('statementParser.parse rejects a bad file with the row-and-column ValidationError', async () => {
    const iterate = async () => {
      for await (const _ of statementParser.parse(`${VCB_HEADER}\n01/09/2024,1,,abc,0,memo\n`)) void _;
    };
    await expect(iterate()).rejects.toSatisfy((e) => e instanceof ValidationError && e.errors.some((x) => x.path === 'row 2, column "Credit"'));
  });
});

describe('malformed CSV files', () => {
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
  });

  it('a bad number', async () => {
    const e = await failure(`${NATIVE_HEADER}\n1,01/09/2024,FT1,10.000,10.000,x\n2,01/09/2024,FT2,"10,000",20.000,y`);
    expect(e.errors).toEqual([{ path: 'row 3, column "Số tiền"', message: expect.stringContaining('"10,000"') }]);
  });

  it('a bad balance', async () => {
    const e = await failure(`${VTB_HEADER}\n1,01/09/2024,08:00:00,,1,x,,"339,000",abc,A`);
    expect(paths(e)).toEqual(['row 2, column "Balance"']);
  });

  it('a bad date and a bad time', async () => {
    expect(paths(await failure(`${NATIVE_HEADER}\n1,31/09/2024 07:00,FT1,10.000,10.000,x`))).toEqual(['row 2, column "Ngày giao dịch"']);
    expect(paths(await failure(`${NATIVE_HEADER}\n1,2024-09-01,FT1,10.000,10.000,x`))).toEqual(['row 2, column "Ngày giao dịch"']);
    expect(paths(await failure(`${VTB_HEADER}\n1,01/09/2024,8h,,1,x,,"339,000","339,000",A`))).toEqual(['row 2, column "Time"']);
  });

  it('every problem in a row at once', async () => {
    const e = await failure(`${VCB_HEADER}\n1/9/24,1.1,,abc,xyz,memo`);
    expect(paths(e)).toEqual(['row 2, column "TNXDate"', 'row 2, column "Credit"', 'row 2, column "Balance"']);
  });

  it('a zero amount, both debit and credit, neither, a negative credit', async () => {
    expect(paths(await failure(`${NATIVE_HEADER}\n1,01/09/2024,FT1,0,0,x`))).toEqual(['row 2, column "Số tiền"']);
    expect(paths(await failure(`${VCB_HEADER}\n01/09/2024,1.1,100.000,200.000,,x`))).toEqual(['row 2, column "Debit"']);
    expect(paths(await failure(`${VCB_HEADER}\n01/09/2024,1.1,,,,x`))).toEqual(['row 2, column "Credit"']);
    expect(paths(await failure(`${VCB_HEADER}\n01/09/2024,1.1,,-5.000,,x`))).toEqual(['row 2, column "Credit"']);
  });

  it('a truncated file ending inside a quoted memo', async () => {
    const text = fixture('vietinbank-sample.csv').toString('utf8');
    const cut = text.indexOf('chuyen\ntien', text.indexOf('\n1,01/09/2024,08:21:50'));
    const e = await failure(text.slice(0, cut));
    expect(e.errors).toEqual([{ path: 'row 5, column "TransactionDetails"', message: expect.stringContaining('truncated') }]);
  });

  it('a truncated file ending inside a row', async () => {
    const text = fixture('vcb-sample.csv').toString('utf8');
    const e = await failure(text.slice(0, text.indexOf('200.000', text.indexOf('5152.77153')) + 3));
    expect(e.errors).toEqual([{ path: 'row 3, column "Balance"', message: expect.stringContaining('truncated') }]);
  });

  it('a row with more columns than the header', async () => {
    const e = await failure(`${NATIVE_HEADER}\n1,01/09/2024,FT1,10.000,10.000,ung ho,dong bao`);
    expect(paths(e)).toEqual(['row 2, column 7']);
  });

  it('an unclosed quote that would swallow the rest of the file', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `0${(i % 9) + 1}/09/2024,${i},,200.000,,ung ho`);
    const e = await failure([VCB_HEADER, '01/09/2024,1.1,,200.000,,"ung ho', ...rows].join('\n'));
    expect(e.errors).toEqual([{ path: 'row 2, column "Transactions in Detail"', message: expect.stringContaining('unclosed quote') }]);
  });

  it('binary data', async () => {
    const random = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256));
    expect(paths(await failure(random))).toEqual(['row 1']);
    expect(paths(await failure(Buffer.from('PK\u0003\u0004rest of a zip')))).toEqual(['row 1']);
    expect((await failure(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).errors[0]!.message).toMatch(/xls/);
    expect((await failure(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).errors[0]!.message).toMatch(/PDF/);
  });

  it('bytes that are not UTF-8 inside a memo, named by row and column', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${NATIVE_HEADER}\n1,01/09/2024,FT1,10.000,10.000,ok\n2,01/09/2024,FT2,10.000,20.000,`),
      Buffer.from([0xc6, 0xb0, 0xff, 0xfe, 0x20]),
      Buffer.from('\n'),
    ]);
    expect(paths(await failure(bytes))).toEqual(['row 3, column "Nội dung giao dịch"']);
    const nul = Buffer.concat([Buffer.from(`${NATIVE_HEADER}\n1,01/09/2024,FT1,10.000,10.000,`), Buffer.alloc(5000, 0x41), Buffer.from([0])]);
    expect(paths(await failure(nul))).toEqual(['row 2, column "Nội dung giao dịch"']);
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
    const lines: StatementLine[] = [];
    for await (const line of parseStatementCsv(fixture('vcb-sample.csv'))) lines.push(line);
    expect(lines).toHaveLength(3000);
  });
});
