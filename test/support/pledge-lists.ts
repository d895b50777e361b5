/**
 * Organisations' pledge lists for the batch tests: a union's list of members, with bad rows at
 * known places, each wrong in one column, so a test can check every error by row and column.
 */
const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Hữu', 'Thanh', 'Quốc', 'Thu', 'Đức', 'Kim'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hải', 'Hoa', 'Hùng', 'Lan', 'Long', 'Mai', 'Nam', 'Phương', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Yến'];

export const LIST_HEADER = 'stt,ho_ten,so_tien,loai,email,cong_khai,loi_nhan,ma_rieng';

/** Each kind of bad row: the cells it puts in the row, and the column its error names. */
const BAD: { column: string; cells: (i: number, name: string) => string[] }[] = [
  { column: 'so_tien', cells: (i, name) => [String(i), name, '-200000', 'cá nhân', '', 'có', '', `DV-${i}`] },
  { column: 'so_tien', cells: (i, name) => [String(i), name, 'một trăm nghìn', 'cá nhân', '', 'có', '', `DV-${i}`] },
  { column: 'so_tien', cells: (i, name) => [String(i), name, '', 'cá nhân', '', 'có', '', `DV-${i}`] },
  { column: 'ho_ten', cells: (i) => [String(i), '', '100000', 'cá nhân', '', 'có', '', `DV-${i}`] },
  { column: 'email', cells: (i, name) => [String(i), name, '100000', 'cá nhân', 'khong-phai-email', 'có', '', `DV-${i}`] },
  { column: 'cong_khai', cells: (i, name) => [String(i), name, '100000', 'cá nhân', '', 'có lẽ', '', `DV-${i}`] },
  { column: 'loai', cells: (i, name) => [String(i), name, '100000', 'hội', '', 'không', '', `DV-${i}`] },
  { column: 'so_tien', cells: (i, name) => [String(i), name, '0', 'cá nhân', '', 'không', '', `DV-${i}`] },
];

export interface PledgeListFixture {
  csv: string;
  /** `row N, column "c"` of each bad row, in file order. */
  badPaths: string[];
  goodRows: number;
  /** The total of the good rows' amounts. */
  goodTotal: number;
}

function cell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `rows` members (the header is row 1); `bad` of them, spread evenly, each wrong in one column. */
export function memberList(rows: number, bad: number, options: { refs?: boolean } = {}): PledgeListFixture {
  const lines = [LIST_HEADER];
  const badPaths: string[] = [];
  const every = Math.floor(rows / Math.max(1, bad));
  let goodTotal = 0;
  for (let i = 1; i <= rows; i++) {
    const name = `${SURNAMES[i % SURNAMES.length]} ${MIDDLE[(i * 7) % MIDDLE.length]} ${GIVEN[(i * 13) % GIVEN.length]}`;
    const rowNo = i + 1;
    const badIndex = bad > 0 && i % every === 0 && badPaths.length < bad ? badPaths.length : -1;
    if (badIndex >= 0) {
      const kind = BAD[badIndex % BAD.length]!;
      lines.push(kind.cells(i, name).map(cell).join(','));
      badPaths.push(`row ${rowNo}, column "${kind.column}"`);
      continue;
    }
    const amount = 50_000 * (1 + ((i * 31) % 40));
    goodTotal += amount;
    const publish = i % 3 === 0 ? 'không' : 'có';
    const message = i % 10 === 0 ? 'Chung tay vì người nghèo, "Tết ấm"' : '';
    lines.push([String(i), name, i % 2 ? String(amount) : amount.toLocaleString('de-DE'), 'cá nhân', '', publish, message, options.refs === false ? '' : `DV-${i}`].map(cell).join(','));
  }
  return { csv: `\uFEFF${lines.join('\r\n')}\r\n`, badPaths, goodRows: rows - badPaths.length, goodTotal };
}
