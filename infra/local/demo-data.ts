/**
 * Demo data for the twin, drawn from the seed articles: HCMC's Front committee raised more than
 * 4.5 billion VND for Cuba and almost 68 billion VND for flood relief, and gave more than
 * 40 billion VND to all 168 wards, communes and the special zone for community welfare.
 * Bank accounts are demo accounts, not real ones. The funds are seeded open (tests pledge to
 * them); `npm start` then plays their history (demo-history/), closing the ones that ended.
 */
import type { BankAccount, Fund } from '../../shared/domain/funds';

const account = (bankBin: string, bankName: string, accountNumber: string, accountName: string): BankAccount => ({ bankBin, bankName, accountNumber, accountName });
const HCMC = { committeeId: 'vn-79', committeePath: ['vn', 'vn-79'] };

const cubaAccounts = [
  account('970436', 'Vietcombank', '0071000000079', 'UY BAN MTTQ VN TP HCM - UNG HO CUBA'),
  account('970418', 'BIDV', '31410000790790', 'UY BAN MTTQ VN TP HCM - UNG HO CUBA'),
];
const floodAccounts = [
  account('970415', 'VietinBank', '111602391111', 'UY BAN MTTQ VN TP HCM - CUU TRO'),
  account('970436', 'Vietcombank', '0071000791234', 'UY BAN MTTQ VN TP HCM - CUU TRO'),
  account('970405', 'Agribank', '1600201791791', 'UY BAN MTTQ VN TP HCM - CUU TRO'),
];
const welfareAccounts = [
  account('970418', 'BIDV', '31410000168168', 'UY BAN MTTQ VN TP HCM - AN SINH'),
  account('970407', 'Techcombank', '19037916816801', 'UY BAN MTTQ VN TP HCM - AN SINH'),
];
const poorAccounts = [
  account('970405', 'Agribank', '1600201234567', 'QUY VI NGUOI NGHEO TP HCM'),
  account('970422', 'MBBank', '0791791791', 'QUY VI NGUOI NGHEO TP HCM'),
];

export const demoFunds: Fund[] = [
  {
    fundId: 'cuba-2025',
    code: 'MTTQ-HCM/2025/CUBA',
    name: { vi: 'Quỹ ủng hộ nhân dân Cuba', en: 'Cuba support fund' },
    description: {
      vi: 'Chiến dịch "Nghĩa tình Việt Nam – Cuba" của Ủy ban MTTQ Việt Nam TP.HCM.',
      en: 'The "Vietnam–Cuba solidarity" campaign of the HCMC Fatherland Front committee.',
    },
    accepts: 'both',
    currency: 'VND',
    target: 5_000_000_000,
    bankAccount: cubaAccounts[0]!,
    bankAccounts: cubaAccounts,
    opensOn: '2025-08-01',
    distributionDeadline: '2026-03-31',
    status: 'OPEN',
    ...HCMC,
    version: 1,
  },
  {
    fundId: 'lu-lut-2024',
    code: 'MTTQ-HCM/2024/BAO-YAGI',
    name: { vi: 'Cứu trợ đồng bào bị thiệt hại do bão lũ', en: 'Flood and storm relief' },
    description: {
      vi: 'Ủng hộ đồng bào các tỉnh miền Bắc khắc phục hậu quả bão số 3 (Yagi) và lũ lụt.',
      en: 'Relief for the northern provinces after Typhoon Yagi (storm no. 3) and the floods.',
    },
    accepts: 'both',
    currency: 'VND',
    target: 70_000_000_000,
    bankAccount: floodAccounts[0]!,
    bankAccounts: floodAccounts,
    opensOn: '2024-09-01',
    distributionDeadline: '2025-03-31',
    status: 'OPEN',
    ...HCMC,
    version: 1,
  },
  {
    fundId: 'an-sinh-hcm-2025',
    code: 'MTTQ-HCM/2025/AN-SINH-168',
    name: { vi: 'An sinh cộng đồng 168 xã, phường, đặc khu TP.HCM', en: 'Community welfare grants to HCMC’s 168 wards, communes and special zone' },
    description: {
      vi: 'Mỗi xã, phường, đặc khu có một mô hình điểm về an sinh cộng đồng; kết quả được công khai.',
      en: 'Every commune runs a model community-welfare project, and the results are published.',
    },
    accepts: 'both',
    currency: 'VND',
    target: 40_000_000_000,
    bankAccount: welfareAccounts[0]!,
    bankAccounts: welfareAccounts,
    opensOn: '2025-11-08',
    distributionDeadline: '2027-06-30',
    status: 'OPEN',
    provinceCode: '79',
    ...HCMC,
    version: 1,
  },
  {
    fundId: 'vi-nguoi-ngheo',
    code: 'MTTQ-HCM/VI-NGUOI-NGHEO',
    name: { vi: 'Quỹ "Vì người nghèo"', en: 'The "For the Poor" fund' },
    description: {
      vi: 'Quỹ Vì người nghèo và an sinh xã hội, vận động quanh năm và trong Tháng cao điểm.',
      en: 'The poverty and social-welfare fund, raised all year and in the peak month.',
    },
    accepts: 'both',
    currency: 'VND',
    target: 20_000_000_000,
    bankAccount: poorAccounts[0]!,
    bankAccounts: poorAccounts,
    opensOn: '2025-10-17',
    distributionDeadline: '2027-12-31',
    status: 'OPEN',
    provinceCode: '79',
    ...HCMC,
    version: 1,
  },
];
