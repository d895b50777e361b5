/**
 * A believable history of Ho Chi Minh City's social welfare fund, written as the use cases write
 * the journal (shared/usecases/pledges.ts, receipts.ts, disbursements.ts): the same entry types,
 * deltas and publicDetails. Five days of pledges and receipts from individuals (named and not)
 * and organisations (with and without consent to be named), reversals and a cancelled pledge,
 * disbursements to HCMC wards in every state, and goods in kind.
 *
 * The validators for the official schemas are in open-data-validators.ts.
 */
import { vietnamDay, type Deltas, type JournalEntry, type JournalEntryType } from '../../shared/domain/journal';
import { ANONYMOUS_DONOR } from '../../shared/domain/pledges';
import { generateRef } from '../../shared/domain/refs';
import type { DonorOrganisation, GoodsMovement, OpenDataFundInput, PublisherInput } from '../../shared/reports/open-data';

export const FUND_ID = 'an-sinh-hcm-2025';

export const FUND: OpenDataFundInput = {
  fundId: FUND_ID,
  code: 'QAS-79/2025',
  name: { vi: 'Quỹ An sinh xã hội Thành phố Hồ Chí Minh năm 2025', en: 'Ho Chi Minh City social welfare fund 2025' },
  purpose: {
    vi: 'Hỗ trợ 168 phường, xã, đặc khu xây dựng mô hình điểm an sinh xã hội cho hộ nghèo và hộ cận nghèo.',
    en: 'Helps the 168 wards, communes and the special zone set up model social welfare projects for poor and near-poor households.',
  },
  status: 'receiving-closed',
  currency: 'VND',
  target: 50_000_000_000,
  receivingWindow: { from: '2025-09-01', to: '2025-09-30' },
  distributionDeadline: '2025-12-31',
  committee: {
    id: 'mttq-79',
    name: { vi: 'Ủy ban MTTQ Việt Nam Thành phố Hồ Chí Minh', en: 'Viet Nam Fatherland Front Committee of Ho Chi Minh City' },
    unitCode: '79',
  },
  publisherOrgRef: 'XI-IATI-MTTQHCM',
  lastUpdated: '2025-10-01T02:00:00.000Z',
  sectorCode: '16010',
};

export const PUBLISHER: PublisherInput = { giving360Prefix: '360G-sovang', license: 'https://creativecommons.org/licenses/by/4.0/' };

export const GENERATED_AT = '2025-10-06T17:30:00.000Z';

/** Organisations of the history, and what the test expects of each. */
export const ORGS = {
  /** Pledges with its API key, agreed to be named. */
  steel: { orgId: 'org-thep-pn', name: 'Công ty TNHH Thép Phương Nam', iatiRef: 'XI-IATI-TPN01', iatiType: '72', consentToBeNamed: true },
  /** Pledges recorded by staff under its name, agreed to be named. */
  bank: { orgId: 'org-dong-a-moi', name: 'Ngân hàng TMCP Đông Á Mới', consentToBeNamed: true, displayName: { vi: 'Ngân hàng TMCP Đông Á Mới', en: 'Dong A Moi Commercial Bank' } },
  /** Published its name on the pledge, but has not agreed to be named in open data. */
  realEstate: { orgId: 'org-kim-long', name: 'Công ty CP Bất động sản Kim Long', consentToBeNamed: false },
  /** Agreed in general, but this pledge asked not to show its name. */
  coop: { orgId: 'org-htx-hoc-mon', name: 'Hợp tác xã Rau sạch Hóc Môn', consentToBeNamed: true },
} satisfies Record<string, DonorOrganisation>;

export const DONORS: DonorOrganisation[] = Object.values(ORGS);

/** Individual donors: none may ever appear in the open-data files, whatever they allowed. */
export const INDIVIDUALS = [
  'Nguyễn Văn An',
  'Trần Thị Bích Ngọc',
  'Lê Hoàng Nam',
  'Phạm Minh Châu',
  'Võ Thị Kim Oanh',
  'Đặng Quốc Bảo',
  'Huỳnh Thanh Tâm',
  'Bùi Gia Huy',
];

/** An account number typed into a disbursement's purpose: it must come out masked. */
export const ACCOUNT_NUMBER = '0071000123456';

export const WARDS = {
  saiGon: { code: '26740', name: 'Phường Sài Gòn' },
  benThanh: { code: '26743', name: 'Phường Bến Thành' },
  tanDinh: { code: '26737', name: 'Phường Tân Định' },
  choLon: { code: '27343', name: 'Phường Chợ Lớn' },
  canGio: { code: '27664', name: 'Xã Cần Giờ' },
  thanhAn: { code: '27676', name: 'Xã Thạnh An' },
  cuChi: { code: '27553', name: 'Xã Củ Chi' },
};

export const HOSPITAL = 'Bệnh viện Nhi Đồng Thành phố';

/** A small deterministic generator (mulberry32), so reference codes repeat from run to run. */
function seeded(seed: number): (max: number) => number {
  let state = seed >>> 0;
  return (max) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max);
  };
}

interface PledgeRecord {
  ref: string;
  amount: number;
  shown: string;
  cancelled?: boolean;
}

interface ReceiptRecord {
  id: string;
  amount: number;
  pledgeRef?: string;
}

/** Writes journal entries the way the use cases do. */
export class JournalBuilder {
  readonly entries: JournalEntry[] = [];
  private readonly random = seeded(2025);
  private sequence = 0;
  private readonly disbursements = new Map<string, { ward?: { code: string; name: string }; organisation?: string; purpose: string; amount: number }>();

  constructor(readonly fundId = FUND_ID) {}

  private push(entry: Omit<JournalEntry, 'entryId' | 'fundId' | 'day'> & { day?: string }): JournalEntry {
    const full: JournalEntry = {
      entryId: `01K${String(++this.sequence).padStart(23, '0')}`,
      fundId: this.fundId,
      day: entry.day ?? vietnamDay(entry.at),
      ...entry,
    };
    this.entries.push(full);
    return full;
  }

  pledge(input: { at: string; donor: { type: 'individual' | 'organisation'; name: string }; amount: number; publishName: boolean; actor?: string }): PledgeRecord {
    const ref = generateRef('UH', this.random);
    const shown = input.publishName ? input.donor.name : ANONYMOUS_DONOR;
    this.push({
      type: 'PLEDGE_MADE',
      at: input.at,
      actor: input.actor ?? 'public',
      entityRef: ref,
      entityType: 'pledge',
      deltas: { pledged: input.amount, pledgeCount: 1, donorCount: 1 },
      publicDetails: { donor: shown, donorType: input.donor.type },
    });
    return { ref, amount: input.amount, shown };
  }

  cancelPledge(pledge: PledgeRecord, at: string): void {
    pledge.cancelled = true;
    this.push({
      type: 'PLEDGE_CANCELLED',
      at,
      actor: 'staff:lan',
      entityRef: pledge.ref,
      entityType: 'pledge',
      deltas: { pledged: -pledge.amount, pledgeCount: -1, donorCount: -1 },
      publicDetails: { donor: pledge.shown, reason: 'Nhà tài trợ rút lại đăng ký' },
    });
  }

  receipt(input: { at: string; receivedAt?: string; amount: number; pledge?: PledgeRecord; actor?: string; method?: 'bank' | 'cash' }): ReceiptRecord {
    const id = `01RCPT${String(this.sequence + 1).padStart(20, '0')}`;
    this.push({
      type: 'RECEIPT_RECORDED',
      at: input.at,
      day: vietnamDay(input.receivedAt ?? input.at),
      actor: input.actor ?? 'staff:an',
      entityRef: id,
      entityType: 'receipt',
      deltas: { received: input.amount, receiptCount: 1, ...(input.pledge ? {} : { donorCount: 1 }) },
      publicDetails: {
        donor: input.pledge ? input.pledge.shown : ANONYMOUS_DONOR,
        method: input.method ?? 'bank',
        ...(input.pledge ? { pledgeRef: input.pledge.ref } : {}),
      },
    });
    return { id, amount: input.amount, pledgeRef: input.pledge?.ref };
  }

  reverseReceipt(receipt: ReceiptRecord, at: string): void {
    this.push({
      type: 'RECEIPT_REVERSED',
      at,
      actor: 'staff:lan',
      entityRef: receipt.id,
      entityType: 'receipt',
      deltas: { received: -receipt.amount, receiptCount: -1, ...(receipt.pledgeRef ? {} : { donorCount: -1 }) },
      publicDetails: { reason: 'Ngân hàng báo ghi có nhầm', ...(receipt.pledgeRef ? { pledgeRef: receipt.pledgeRef } : {}) },
    });
  }

  private disbursementEntry(ref: string, type: JournalEntryType, at: string, deltas: Deltas, day?: string): void {
    const d = this.disbursements.get(ref)!;
    const beneficiary: Record<string, string> = d.ward ? { wardCode: d.ward.code, wardName: d.ward.name } : { organisation: d.organisation! };
    this.push({
      type,
      at,
      ...(day ? { day } : {}),
      actor: type === 'DISBURSEMENT_APPROVED' || type === 'DISBURSEMENT_REJECTED' ? 'staff:lan' : 'staff:an',
      entityRef: ref,
      entityType: 'disbursement',
      ...(d.ward ? { wardCode: d.ward.code } : {}),
      deltas,
      publicDetails: { ...beneficiary, purpose: d.purpose, amount: d.amount },
    });
  }

  request(input: { at: string; ward?: { code: string; name: string }; organisation?: string; amount: number; purpose: string }): string {
    const ref = generateRef('GN', this.random);
    this.disbursements.set(ref, { ward: input.ward, organisation: input.organisation, purpose: input.purpose, amount: input.amount });
    this.disbursementEntry(ref, 'DISBURSEMENT_REQUESTED', input.at, {});
    return ref;
  }

  approve(ref: string, at: string): void {
    this.disbursementEntry(ref, 'DISBURSEMENT_APPROVED', at, { approved: this.disbursements.get(ref)!.amount });
  }

  reject(ref: string, at: string): void {
    this.disbursementEntry(ref, 'DISBURSEMENT_REJECTED', at, {});
  }

  pay(ref: string, at: string, paidAt: string): void {
    const amount = this.disbursements.get(ref)!.amount;
    this.disbursementEntry(ref, 'DISBURSEMENT_PAID', at, { approved: -amount, disbursed: amount }, vietnamDay(paidAt));
  }

  confirm(ref: string, at: string): void {
    this.disbursementEntry(ref, 'DISBURSEMENT_CONFIRMED', at, {});
  }

  cancel(ref: string, at: string, wasApproved: boolean): void {
    this.disbursementEntry(ref, 'DISBURSEMENT_CANCELLED', at, wasApproved ? { approved: -this.disbursements.get(ref)!.amount } : {});
  }
}

export interface History {
  entries: JournalEntry[];
  refs: Record<'saiGon' | 'benThanh' | 'tanDinh' | 'choLon' | 'canGio' | 'thanhAn' | 'cuChi' | 'hospital', string>;
  /** What the named organisations gave, as the test expects to see it. */
  named: { steel: { pledged: number; received: number }; bank: { pledged: number; received: number } };
}

/** Vietnam time → UTC instant: `at('2025-09-01', '09:15')` is 02:15Z. */
export function at(day: string, time: string): string {
  return new Date(Date.parse(`${day}T${time}:00+07:00`)).toISOString();
}

export function buildHistory(): History {
  const j = new JournalBuilder();
  const days = ['2025-09-01', '2025-09-02', '2025-09-03', '2025-09-04', '2025-09-05'];

  // Organisations.
  const steel = j.pledge({ at: at(days[0]!, '08:05'), donor: { type: 'organisation', name: ORGS.steel.name }, amount: 500_000_000, publishName: true, actor: 'org:org-thep-pn' });
  const bank = j.pledge({ at: at(days[0]!, '10:30'), donor: { type: 'organisation', name: ORGS.bank.name }, amount: 200_000_000, publishName: true, actor: 'staff:an' });
  const realEstate = j.pledge({ at: at(days[0]!, '11:00'), donor: { type: 'organisation', name: ORGS.realEstate.name }, amount: 1_000_000_000, publishName: true, actor: 'org:org-kim-long' });
  const coop = j.pledge({ at: at(days[1]!, '07:45'), donor: { type: 'organisation', name: ORGS.coop.name }, amount: 30_000_000, publishName: false, actor: 'org:org-htx-hoc-mon' });
  // Someone on the public form claims to be the steel company: not evidence enough to name it.
  const impostor = j.pledge({ at: at(days[1]!, '21:10'), donor: { type: 'organisation', name: ORGS.steel.name }, amount: 5_000_000, publishName: true });

  // Individuals, several a day, some named on their pledge, some not.
  const individuals: PledgeRecord[] = [];
  let n = 0;
  for (const day of days) {
    for (let k = 0; k < 6; k++, n++) {
      const name = INDIVIDUALS[n % INDIVIDUALS.length]!;
      individuals.push(j.pledge({ at: at(day, `${String(7 + 2 * k).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}`), donor: { type: 'individual', name }, amount: 100_000 * (1 + (n % 9)) * (n % 4 === 0 ? 10 : 1), publishName: n % 3 !== 0 }));
    }
  }
  j.cancelPledge(individuals[4]!, at(days[2]!, '15:00'));

  // Money arrives: organisations in instalments, individuals mostly in full, strangers unlinked.
  j.receipt({ at: at(days[1]!, '09:00'), amount: 300_000_000, pledge: steel, actor: 'bank:st-0902' });
  j.receipt({ at: at(days[3]!, '09:00'), amount: 200_000_000, pledge: steel, actor: 'bank:st-0904' });
  const bankFirst = j.receipt({ at: at(days[1]!, '14:00'), amount: 150_000_000, pledge: bank });
  j.reverseReceipt(bankFirst, at(days[2]!, '10:00'));
  j.receipt({ at: at(days[2]!, '10:05'), amount: 150_000_000, pledge: bank });
  j.receipt({ at: at(days[2]!, '11:00'), amount: 1_000_000_000, pledge: realEstate });
  j.receipt({ at: at(days[3]!, '08:00'), amount: 30_000_000, pledge: coop });
  j.receipt({ at: at(days[2]!, '12:00'), amount: 5_000_000, pledge: impostor });
  individuals.forEach((pledge, i) => {
    if (pledge.cancelled || i % 5 === 1) return;
    const day = days[Math.min(days.length - 1, Math.floor(i / 6) + (i % 2))]!;
    j.receipt({ at: at(day, '16:00'), amount: i % 7 === 0 ? pledge.amount / 2 : pledge.amount, pledge, actor: 'bank:st-auto' });
  });
  // A transfer at 23:40 Vietnam time is still that day's money; one at 00:20 is the next day's.
  j.receipt({ at: at(days[0]!, '23:40'), amount: 2_000_000 });
  j.receipt({ at: at(days[1]!, '00:20'), amount: 3_000_000 });
  const stray = j.receipt({ at: at(days[2]!, '09:30'), amount: 50_000_000 });
  j.reverseReceipt(stray, at(days[3]!, '10:00'));
  j.receipt({ at: at(days[4]!, '09:00'), receivedAt: at(days[3]!, '17:00'), amount: 700_000, method: 'cash' });

  // Disbursements to HCMC wards, in every state.
  const purpose = 'Mô hình điểm an sinh xã hội cho hộ nghèo';
  const saiGon = j.request({ at: at(days[2]!, '08:00'), ward: WARDS.saiGon, amount: 200_000_000, purpose });
  j.approve(saiGon, at(days[2]!, '14:00'));
  j.pay(saiGon, at(days[3]!, '09:30'), at(days[3]!, '09:00'));
  j.confirm(saiGon, at(days[4]!, '10:00'));
  const benThanh = j.request({ at: at(days[2]!, '08:10'), ward: WARDS.benThanh, amount: 150_000_000, purpose: `Hỗ trợ 75 hộ, chuyển khoản STK ${ACCOUNT_NUMBER}` });
  j.approve(benThanh, at(days[3]!, '08:00'));
  j.pay(benThanh, at(days[4]!, '11:00'), at(days[4]!, '10:45'));
  const tanDinh = j.request({ at: at(days[3]!, '08:20'), ward: WARDS.tanDinh, amount: 120_000_000, purpose: 'Sửa nhà cho 6 hộ cận nghèo' });
  j.approve(tanDinh, at(days[4]!, '09:00'));
  const choLon = j.request({ at: at(days[3]!, '08:30'), ward: WARDS.choLon, amount: 90_000_000, purpose });
  j.reject(choLon, at(days[3]!, '15:00'));
  const canGio = j.request({ at: at(days[3]!, '08:40'), ward: WARDS.canGio, amount: 80_000_000, purpose: 'Nước sạch cho hộ ven biển' });
  j.approve(canGio, at(days[3]!, '16:00'));
  j.cancel(canGio, at(days[4]!, '08:00'), true);
  const thanhAn = j.request({ at: at(days[4]!, '08:50'), ward: WARDS.thanhAn, amount: 60_000_000, purpose });
  j.cancel(thanhAn, at(days[4]!, '09:30'), false);
  const cuChi = j.request({ at: at(days[4]!, '09:10'), ward: WARDS.cuChi, amount: 70_000_000, purpose });
  const hospital = j.request({ at: at(days[3]!, '09:00'), organisation: HOSPITAL, amount: 40_000_000, purpose: 'Thuốc cho bệnh nhi hộ nghèo' });
  j.approve(hospital, at(days[3]!, '10:00'));
  j.pay(hospital, at(days[4]!, '14:00'), at(days[4]!, '13:30'));

  return {
    entries: j.entries,
    refs: { saiGon, benThanh, tanDinh, choLon, canGio, thanhAn, cuChi, hospital },
    named: {
      steel: { pledged: 500_000_000, received: 500_000_000 },
      bank: { pledged: 200_000_000, received: 150_000_000 },
    },
  };
}

export const GOODS: GoodsMovement[] = [
  { direction: 'received', date: '2025-09-02', description: { vi: 'Gạo', en: 'Rice' }, unit: { vi: 'kg', en: 'kg' }, quantity: 1500.25, estimatedValue: 22_500_000 },
  { direction: 'received', date: '2025-09-03', description: { vi: 'Gạo', en: 'Rice' }, unit: { vi: 'kg', en: 'kg' }, quantity: 1000.25, estimatedValue: 15_000_000 },
  { direction: 'received', date: '2025-09-03', description: { vi: 'Mì gói', en: 'Instant noodles' }, unit: { vi: 'thùng', en: 'boxes' }, quantity: 300, estimatedValue: 45_000_000 },
  { direction: 'handed-over', date: '2025-09-04', description: { vi: 'Gạo', en: 'Rice' }, unit: { vi: 'kg', en: 'kg' }, quantity: 1000, estimatedValue: 15_000_000, ward: WARDS.canGio },
  { direction: 'handed-over', date: '2025-09-05', description: { vi: 'Gạo', en: 'Rice' }, unit: { vi: 'kg', en: 'kg' }, quantity: 800.1, estimatedValue: 12_000_000, ward: WARDS.thanhAn },
  { direction: 'handed-over', date: '2025-09-05', description: { vi: 'Gạo', en: 'Rice' }, unit: { vi: 'kg', en: 'kg' }, quantity: 0.2, estimatedValue: 3_000, ward: WARDS.thanhAn },
  { direction: 'handed-over', date: '2025-09-05', description: { vi: 'Mì gói', en: 'Instant noodles' }, unit: { vi: 'thùng', en: 'boxes' }, quantity: 150, estimatedValue: 22_500_000, ward: WARDS.cuChi },
];

/** The journal's buckets, summed straight from the entries (not through the generators). */
export function ledgerTotals(entries: readonly JournalEntry[]): { pledged: number; received: number; approved: number; disbursed: number } {
  const totals = { pledged: 0, received: 0, approved: 0, disbursed: 0 };
  for (const entry of entries) for (const bucket of Object.keys(totals) as (keyof typeof totals)[]) totals[bucket] += entry.deltas[bucket] ?? 0;
  return totals;
}

export async function* streamOf<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}
