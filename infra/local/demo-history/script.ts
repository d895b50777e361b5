/**
 * The demo funds' history as data: who pledged what and when, the bank statements that carry the
 * money (and the payouts), each fund's plan per ward, its disbursements and confirmations, its
 * goods, and when receiving closed. A pure function of a seed and the official list of units, so
 * every fresh `npm start` plays the same history (seed.ts plays it through the use cases).
 */
import type { AdminUnit } from '../../../shared/domain/admin-units';
import { CROCKFORD, luhnCheckChar } from '../../../shared/domain/refs';
import type { GoodsUnit } from '../../../shared/domain/goods';
import { demoFunds } from '../demo-data';

/** Deterministic PRNG (mulberry32): the same seed, the same history. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoPledge {
  ref: string;
  fundId: string;
  /** When it was made (UTC). */
  at: string;
  donor: { type: 'individual' | 'organisation'; name: string };
  amount: number;
  publishName: boolean;
  accountNumber: string;
  message?: string;
}

export interface DemoLine {
  at: string;
  amount: number;
  memo: string;
}

export interface DemoStatement {
  fundId: string;
  accountNumber: string;
  fileName: string;
  lines: DemoLine[];
}

export interface DemoDisbursement {
  ref: string;
  fundId: string;
  beneficiary: { wardCode: string } | { organisation: { name: string; taxCode: string } };
  amount: number;
  purpose: string;
  requestedAt: string;
  approvedAt?: string;
  /** Paid by a debit line of the fund's statement, carrying the GN code. */
  paid: boolean;
  confirmedAt?: string;
  confirmedBy?: string;
}

export interface DemoGoods {
  fundId: string;
  description: string;
  unit: GoodsUnit;
  quantity: number;
  estimatedValue: number;
  donor: { type: 'individual' | 'organisation'; name: string; publishName: boolean };
  receivingPoint: string;
  receivedAt: string;
  handovers: { wardCode: string; quantity: number; receivedBy: string; handedOverAt: string }[];
}

export interface DemoFundHistory {
  fundId: string;
  pledges: DemoPledge[];
  /** Imported before the disbursements: the money comes in. */
  incoming: DemoStatement[];
  plan?: { at: string; items: { wardCode: string; amount: number }[] };
  disbursements: DemoDisbursement[];
  /** Imported after approvals: the payouts (debits with GN codes) and later gifts. */
  outgoing: DemoStatement[];
  goods: DemoGoods[];
  closeReceivingAt?: string;
  closeAt?: string;
  /** Statements of credits that came after receiving closed: counted, flagged late. */
  late: DemoStatement[];
}

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Trương', 'Đinh'];
const MIDDLE_MALE = ['Văn', 'Minh', 'Hữu', 'Quốc', 'Đức', 'Thanh', 'Công', 'Anh'];
const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thu', 'Kim', 'Thanh', 'Mỹ', 'Hoài', 'Bích'];
const GIVEN_MALE = ['An', 'Bình', 'Dũng', 'Hải', 'Hùng', 'Khang', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thắng', 'Tuấn', 'Vinh'];
const GIVEN_FEMALE = ['Chi', 'Hà', 'Hoa', 'Lan', 'Linh', 'Mai', 'Nga', 'Phương', 'Thảo', 'Trang', 'Uyên', 'Vy', 'Xuân', 'Yến'];
const ORGANISATIONS = [
  'Công ty CP Sữa Việt Nam',
  'Tổng công ty Điện lực TP.HCM',
  'Ngân hàng TMCP Ngoại thương Việt Nam',
  'Công đoàn Tổng công ty Cấp nước Sài Gòn',
  'Hội Doanh nhân trẻ TP.HCM',
  'Trường THPT Lê Hồng Phong',
  'Công ty TNHH Thực phẩm Sài Gòn',
  'Hội Liên hiệp Phụ nữ TP.HCM',
  'Thành Đoàn TP.HCM',
  'Công ty CP Xây dựng Hòa Bình',
  'Tập đoàn Dệt may Thành Công',
  'Bệnh viện Chợ Rẫy',
];
const MESSAGES = ['Mong bà con sớm ổn định cuộc sống', 'Chung tay vì cộng đồng', 'Một chút tấm lòng', 'Nghĩa tình Việt Nam – Cuba', 'Thương lắm miền Bắc ơi'];
const SMALL = [50_000, 100_000, 100_000, 200_000, 200_000, 300_000, 500_000, 500_000, 1_000_000, 2_000_000, 5_000_000];

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function personName(rng: () => number): string {
  const female = rng() < 0.5;
  return `${pick(rng, SURNAMES)} ${pick(rng, female ? MIDDLE_FEMALE : MIDDLE_MALE)} ${pick(rng, female ? GIVEN_FEMALE : GIVEN_MALE)}`;
}

/** A valid reference code from the PRNG (the check character computed as refs.ts does). */
function refOf(rng: () => number, prefix: 'UH' | 'GN'): string {
  let body = '';
  for (let i = 0; i < 6; i++) body += CROCKFORD[Math.floor(rng() * 32)];
  return `${prefix}${body}${luhnCheckChar(body)}`;
}

/** An instant between two (UTC, whole seconds), in the day hours of Vietnam. */
function between(rng: () => number, from: string, to: string): string {
  const start = Date.parse(from);
  const span = Date.parse(to) - start;
  const ms = start + Math.floor(rng() * span);
  // 16:00–24:00 UTC is 23:00–7:00 in Vietnam: a night-time gift moves ten hours back, into the day.
  const nudged = new Date(ms).getUTCHours() >= 16 ? ms - 10 * 3_600_000 : ms;
  return new Date(Math.floor(nudged / 1000) * 1000).toISOString();
}

const ascii = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toUpperCase();

interface FundPlanOptions {
  from: string;
  to: string;
  people: number;
  organisations: [number, number][];
  /** Share of pledges paid in full; a few more are paid in part, the rest not yet. */
  paid: number;
  anonymousGifts: number;
}

function pledgesFor(rng: () => number, fundId: string, options: FundPlanOptions): DemoPledge[] {
  const fund = demoFunds.find((f) => f.fundId === fundId)!;
  const accounts = (fund.bankAccounts ?? [fund.bankAccount]).map((a) => a.accountNumber);
  const pledges: DemoPledge[] = [];
  for (let i = 0; i < options.people; i++) {
    pledges.push({
      ref: refOf(rng, 'UH'),
      fundId,
      at: between(rng, options.from, options.to),
      donor: { type: 'individual', name: personName(rng) },
      amount: pick(rng, SMALL),
      publishName: rng() < 0.6,
      accountNumber: pick(rng, accounts),
      ...(rng() < 0.2 ? { message: pick(rng, MESSAGES) } : {}),
    });
  }
  const orgs = [...ORGANISATIONS].sort(() => rng() - 0.5);
  options.organisations.forEach(([low, high], i) => {
    const amount = Math.round((low + rng() * (high - low)) / 10_000_000) * 10_000_000;
    pledges.push({ ref: refOf(rng, 'UH'), fundId, at: between(rng, options.from, options.to), donor: { type: 'organisation', name: orgs[i % orgs.length]! }, amount, publishName: true, accountNumber: accounts[0]! });
  });
  return pledges.sort((a, b) => a.at.localeCompare(b.at));
}

/** The credits that pay pledges (in full, in part, typed a little wrong), and gifts without a pledge, per account. */
function incomingFor(rng: () => number, fundId: string, pledges: DemoPledge[], options: FundPlanOptions, upTo: string): DemoStatement[] {
  const byAccount = new Map<string, DemoLine[]>();
  const add = (accountNumber: string, line: DemoLine) => {
    if (line.at >= upTo) return;
    if (!byAccount.has(accountNumber)) byAccount.set(accountNumber, []);
    byAccount.get(accountNumber)!.push(line);
  };
  for (const pledge of pledges) {
    const roll = rng();
    const at = new Date(Date.parse(pledge.at) + Math.floor(rng() * 6 * 3_600_000)).toISOString().replace(/\.\d{3}Z$/, '.000Z');
    const who = ascii(pledge.donor.name);
    if (roll < options.paid) add(pledge.accountNumber, { at, amount: pledge.amount, memo: `${who} chuyen tien ${pledge.ref} ung ho` });
    else if (roll < options.paid + 0.06) add(pledge.accountNumber, { at, amount: Math.round(pledge.amount / 2), memo: `${who} ${pledge.ref.toLowerCase()} ung ho dot 1` });
  }
  const fund = demoFunds.find((f) => f.fundId === fundId)!;
  const accounts = (fund.bankAccounts ?? [fund.bankAccount]).map((a) => a.accountNumber);
  for (let i = 0; i < options.anonymousGifts; i++) {
    add(pick(rng, accounts), { at: between(rng, options.from, options.to), amount: pick(rng, SMALL), memo: `${ascii(personName(rng))} ung ho ${i % 3 === 0 ? 'dong bao' : 'quy'}` });
  }
  return [...byAccount.entries()].map(([accountNumber, lines]) => ({
    fundId,
    accountNumber,
    fileName: `sao-ke-${fundId}-${accountNumber.slice(-4)}-dot-1.csv`,
    lines: lines.sort((a, b) => a.at.localeCompare(b.at)),
  }));
}

const HOUR = 3_600_000;
const plus = (at: string, hours: number) => new Date(Date.parse(at) + hours * HOUR).toISOString();

/** The history of the four demo funds. `units` is the official list (2025); `seed` picks everything else. */
export function demoHistory(units: readonly AdminUnit[], seed = 2025): DemoFundHistory[] {
  const rng = random(seed);
  const hcmc = units.filter((u) => u.provinceCode === '79').sort((a, b) => a.code.localeCompare(b.code));
  const north = ['15', '04', '08'].flatMap((p) => units.filter((u) => u.provinceCode === p).sort((a, b) => a.code.localeCompare(b.code)).slice(0, 4));
  const histories: DemoFundHistory[] = [];

  // Cuba: the city's campaign, sent to the central committee's account for Cuba; rice waits for shipping.
  {
    const options: FundPlanOptions = { from: '2025-08-01T01:00:00.000Z', to: '2025-10-25T10:00:00.000Z', people: 110, organisations: [[300_000_000, 900_000_000], [200_000_000, 600_000_000], [400_000_000, 1_200_000_000], [100_000_000, 300_000_000], [500_000_000, 900_000_000], [200_000_000, 400_000_000]], paid: 0.82, anonymousGifts: 25 };
    const pledges = pledgesFor(rng, 'cuba-2025', options);
    const incoming = incomingFor(rng, 'cuba-2025', pledges, options, '2025-10-31T00:00:00.000Z');
    const transfer: DemoDisbursement = {
      ref: refOf(rng, 'GN'),
      fundId: 'cuba-2025',
      beneficiary: { organisation: { name: 'Ủy ban Trung ương MTTQ Việt Nam – Quỹ ủng hộ nhân dân Cuba', taxCode: '0100290044' } },
      amount: 2_000_000_000,
      purpose: 'Chuyển tiền ủng hộ nhân dân Cuba đợt 1 về Ủy ban Trung ương',
      requestedAt: '2025-11-03T02:00:00.000Z',
      approvedAt: '2025-11-03T07:00:00.000Z',
      paid: true,
      confirmedAt: '2025-11-10T03:00:00.000Z',
      confirmedBy: 'Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam',
    };
    histories.push({
      fundId: 'cuba-2025',
      pledges,
      incoming,
      disbursements: [transfer],
      outgoing: [{ fundId: 'cuba-2025', accountNumber: '0071000000079', fileName: 'sao-ke-cuba-2025-0079-dot-2.csv', lines: [{ at: '2025-11-04T03:15:00.000Z', amount: -transfer.amount, memo: `${transfer.ref} chuyen UB TW MTTQ ung ho Cuba` }] }],
      goods: [
        {
          fundId: 'cuba-2025',
          description: 'Gạo tẻ đóng bao 25 kg',
          unit: 'tan',
          quantity: 50,
          estimatedValue: 900_000_000,
          donor: { type: 'organisation', name: 'Tổng công ty Lương thực miền Nam', publishName: true },
          receivingPoint: 'Kho Ủy ban MTTQ TP.HCM, 55 Mạc Đĩnh Chi, phường Sài Gòn',
          receivedAt: '2025-09-20T02:00:00.000Z',
          handovers: [],
        },
      ],
      closeReceivingAt: '2025-10-31T00:00:00.000Z',
      late: [],
    });
  }

  // Flood relief 2024: northern communes, their plan, money and goods handed over; closed, with a credit that came late.
  {
    const options: FundPlanOptions = {
      from: '2024-09-09T00:00:00.000Z',
      to: '2024-10-28T10:00:00.000Z',
      people: 150,
      organisations: [[1_000_000_000, 3_000_000_000], [2_000_000_000, 5_000_000_000], [500_000_000, 1_500_000_000], [1_000_000_000, 2_000_000_000], [300_000_000, 800_000_000], [2_000_000_000, 4_000_000_000], [1_000_000_000, 2_500_000_000], [500_000_000, 1_000_000_000]],
      paid: 0.9,
      anonymousGifts: 40,
    };
    const pledges = pledgesFor(rng, 'lu-lut-2024', options);
    const incoming = incomingFor(rng, 'lu-lut-2024', pledges, options, '2024-10-31T00:00:00.000Z');
    const planItems = north.map((unit, i) => ({ wardCode: unit.code, amount: (i % 3 === 0 ? 1_500_000_000 : 1_000_000_000) }));
    const disbursements = planItems.map((item, i): DemoDisbursement => ({
      ref: refOf(rng, 'GN'),
      fundId: 'lu-lut-2024',
      beneficiary: { wardCode: item.wardCode },
      amount: Math.round(item.amount * 0.6) - (i % 4) * 50_000_000,
      purpose: 'Hỗ trợ khắc phục hậu quả bão số 3 và lũ quét, sửa chữa nhà ở',
      requestedAt: plus('2024-11-04T01:00:00.000Z', i * 5),
      approvedAt: plus('2024-11-05T02:00:00.000Z', i * 5),
      paid: true,
      confirmedAt: plus('2024-11-20T03:00:00.000Z', i * 12),
      confirmedBy: `UBND ${north[i]!.name}`,
    }));
    histories.push({
      fundId: 'lu-lut-2024',
      pledges,
      incoming,
      plan: { at: '2024-11-01T02:00:00.000Z', items: planItems },
      disbursements,
      outgoing: [
        {
          fundId: 'lu-lut-2024',
          accountNumber: '111602391111',
          fileName: 'sao-ke-lu-lut-2024-1111-dot-2.csv',
          lines: disbursements.map((d, i) => ({ at: plus('2024-11-06T03:00:00.000Z', i * 6), amount: -d.amount, memo: `${d.ref} ho tro khac phuc bao so 3` })),
        },
      ],
      goods: [
        {
          fundId: 'lu-lut-2024',
          description: 'Mì ăn liền (thùng 30 gói)',
          unit: 'thung',
          quantity: 6000,
          estimatedValue: 690_000_000,
          donor: { type: 'organisation', name: 'Công ty CP Acecook Việt Nam', publishName: true },
          receivingPoint: 'Kho tiếp nhận hàng cứu trợ, 116 Nguyễn Du, phường Bến Thành',
          receivedAt: '2024-09-12T02:00:00.000Z',
          handovers: north.slice(0, 6).map((unit, i) => ({ wardCode: unit.code, quantity: 1000, receivedBy: `UBND ${unit.name}`, handedOverAt: plus('2024-09-16T02:00:00.000Z', i * 24) })),
        },
        {
          fundId: 'lu-lut-2024',
          description: 'Nước uống đóng chai 500 ml (thùng 24 chai)',
          unit: 'thung',
          quantity: 3500.5,
          estimatedValue: 315_045_000,
          donor: { type: 'individual', name: 'Lê Văn Thành', publishName: false },
          receivingPoint: 'Kho tiếp nhận hàng cứu trợ, 116 Nguyễn Du, phường Bến Thành',
          receivedAt: '2024-09-13T03:00:00.000Z',
          handovers: north.slice(4, 10).map((unit, i) => ({ wardCode: unit.code, quantity: 500, receivedBy: `UBND ${unit.name}`, handedOverAt: plus('2024-09-18T02:00:00.000Z', i * 24) })),
        },
      ],
      closeReceivingAt: '2024-10-31T00:00:00.000Z',
      closeAt: '2025-03-31T03:00:00.000Z',
      late: [
        {
          fundId: 'lu-lut-2024',
          accountNumber: '0071000791234',
          fileName: 'sao-ke-lu-lut-2024-1234-sau-han.csv',
          lines: [
            { at: '2024-11-02T02:30:00.000Z', amount: 500_000, memo: 'PHAM THI XUAN ung ho dong bao mien Bac' },
            { at: '2024-11-09T04:10:00.000Z', amount: 2_000_000, memo: 'CONG DOAN TRUONG TIEU HOC HOA BINH ung ho bao lu' },
          ],
        },
      ],
    });
  }

  // Community welfare for the city's 168 wards: a plan for every one, the first grants paid and confirmed, some waiting.
  {
    const options: FundPlanOptions = { from: '2025-11-08T01:00:00.000Z', to: '2026-11-20T10:00:00.000Z', people: 70, organisations: [[8_000_000_000, 10_000_000_000], [6_000_000_000, 9_000_000_000], [5_000_000_000, 8_000_000_000], [3_000_000_000, 5_000_000_000]], paid: 0.85, anonymousGifts: 20 };
    const pledges = pledgesFor(rng, 'an-sinh-hcm-2025', options);
    const incoming = incomingFor(rng, 'an-sinh-hcm-2025', pledges, options, '2026-12-01T00:00:00.000Z');
    const planItems = hcmc.map((unit, i) => ({ wardCode: unit.code, amount: i % 10 === 0 ? 300_000_000 : 230_000_000 }));
    const disbursements = hcmc.slice(0, 16).map((unit, i): DemoDisbursement => ({
      ref: refOf(rng, 'GN'),
      fundId: 'an-sinh-hcm-2025',
      beneficiary: { wardCode: unit.code },
      amount: i % 5 === 0 ? 200_000_000 : 150_000_000,
      purpose: 'Mô hình điểm về an sinh cộng đồng: bếp ăn, tủ sách, sửa nhà cho hộ khó khăn',
      requestedAt: plus('2026-06-01T02:00:00.000Z', i * 8),
      ...(i < 13 ? { approvedAt: plus('2026-06-02T02:00:00.000Z', i * 8) } : {}),
      paid: i < 10,
      ...(i < 7 ? { confirmedAt: plus('2026-06-20T03:00:00.000Z', i * 8), confirmedBy: `UBND ${unit.name}` } : {}),
    }));
    histories.push({
      fundId: 'an-sinh-hcm-2025',
      pledges,
      incoming,
      plan: { at: '2026-05-15T02:00:00.000Z', items: planItems },
      disbursements,
      outgoing: [
        {
          fundId: 'an-sinh-hcm-2025',
          accountNumber: '31410000168168',
          fileName: 'sao-ke-an-sinh-hcm-2025-8168-dot-2.csv',
          lines: disbursements.filter((d) => d.paid).map((d, i) => ({ at: plus('2026-06-05T03:00:00.000Z', i * 8), amount: -d.amount, memo: `${d.ref} kinh phi mo hinh an sinh` })),
        },
      ],
      goods: [
        {
          fundId: 'an-sinh-hcm-2025',
          description: 'Xe lăn cho người khuyết tật',
          unit: 'chiec',
          quantity: 120,
          estimatedValue: 360_000_000,
          donor: { type: 'organisation', name: 'Hội Bảo trợ người khuyết tật và trẻ mồ côi TP.HCM', publishName: true },
          receivingPoint: 'Kho Ủy ban MTTQ TP.HCM, 55 Mạc Đĩnh Chi, phường Sài Gòn',
          receivedAt: '2026-03-10T02:00:00.000Z',
          handovers: hcmc.slice(0, 8).map((unit, i) => ({ wardCode: unit.code, quantity: 10, receivedBy: `UBND ${unit.name}`, handedOverAt: plus('2026-03-20T02:00:00.000Z', i * 24) })),
        },
      ],
      late: [],
    });
  }

  // For the Poor: all year, the peak month's gifts, Tết parcels for twenty wards.
  {
    const options: FundPlanOptions = { from: '2025-10-17T01:00:00.000Z', to: '2026-11-28T10:00:00.000Z', people: 120, organisations: [[500_000_000, 1_500_000_000], [300_000_000, 800_000_000], [200_000_000, 600_000_000], [1_000_000_000, 2_000_000_000], [100_000_000, 400_000_000]], paid: 0.8, anonymousGifts: 30 };
    const pledges = pledgesFor(rng, 'vi-nguoi-ngheo', options);
    const incoming = incomingFor(rng, 'vi-nguoi-ngheo', pledges, options, '2026-12-01T00:00:00.000Z');
    const wards = hcmc.slice(40, 60);
    const planItems = wards.map((unit) => ({ wardCode: unit.code, amount: 120_000_000 }));
    const disbursements = wards.slice(0, 8).map((unit, i): DemoDisbursement => ({
      ref: refOf(rng, 'GN'),
      fundId: 'vi-nguoi-ngheo',
      beneficiary: { wardCode: unit.code },
      amount: 100_000_000,
      purpose: 'Quà Tết cho hộ nghèo, cận nghèo',
      requestedAt: plus('2026-01-10T02:00:00.000Z', i * 6),
      approvedAt: plus('2026-01-11T02:00:00.000Z', i * 6),
      paid: i < 6,
      ...(i < 4 ? { confirmedAt: plus('2026-01-25T03:00:00.000Z', i * 6), confirmedBy: `UBND ${unit.name}` } : {}),
    }));
    histories.push({
      fundId: 'vi-nguoi-ngheo',
      pledges,
      incoming,
      plan: { at: '2026-01-05T02:00:00.000Z', items: planItems },
      disbursements,
      outgoing: [
        {
          fundId: 'vi-nguoi-ngheo',
          accountNumber: '1600201234567',
          fileName: 'sao-ke-vi-nguoi-ngheo-4567-dot-2.csv',
          lines: disbursements.filter((d) => d.paid).map((d, i) => ({ at: plus('2026-01-12T03:00:00.000Z', i * 6), amount: -d.amount, memo: `${d.ref} qua Tet ho ngheo` })),
        },
      ],
      goods: [
        {
          fundId: 'vi-nguoi-ngheo',
          description: 'Suất quà Tết (gạo, dầu ăn, bánh chưng)',
          unit: 'suat',
          quantity: 2000,
          estimatedValue: 1_000_000_000,
          donor: { type: 'organisation', name: 'Hội Doanh nhân trẻ TP.HCM', publishName: true },
          receivingPoint: 'Ủy ban MTTQ phường, nơi tổ chức trao quà',
          receivedAt: '2026-01-08T02:00:00.000Z',
          handovers: wards.slice(0, 10).map((unit, i) => ({ wardCode: unit.code, quantity: 150, receivedBy: `Ủy ban MTTQ ${unit.name}`, handedOverAt: plus('2026-01-20T02:00:00.000Z', i * 12) })),
        },
      ],
      late: [],
    });
  }
  return histories;
}

/** A statement in the product's own layout (STT, Ngày giao dịch, Số tham chiếu, signed Số tiền, Số dư, Nội dung), UTF-8 with a BOM. */
export function statementCsv(statement: DemoStatement, openingBalance = 0): string {
  const vnd = (n: number) => `${n < 0 ? '-' : ''}${String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
  const rows = ['STT,Ngày giao dịch,Số tham chiếu,Số tiền,Số dư,Nội dung giao dịch'];
  let balance = openingBalance;
  statement.lines.forEach((line, i) => {
    balance += line.amount;
    const local = new Date(Date.parse(line.at) + 7 * HOUR).toISOString();
    const when = `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 19)}`;
    const reference = `FT${local.slice(2, 10).replace(/-/g, '')}${String(i + 1).padStart(6, '0')}${statement.accountNumber.slice(-3)}`;
    rows.push([String(i + 1), when, reference, vnd(line.amount), vnd(balance), line.memo].join(','));
  });
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
