/**
 * Demo data for the twin, drawn from the seed articles: HCMC's Front committee raised more than
 * 4.5 billion VND for Cuba and almost 68 billion VND for flood relief, and gave more than
 * 40 billion VND to all 168 wards, communes and the special zone for community welfare.
 * Bank accounts are demo accounts, not real ones.
 */
import type { Fund } from '../../shared/domain/funds';

export const demoFunds: Fund[] = [
  {
    fundId: 'cuba-2025',
    name: { vi: 'Quỹ ủng hộ nhân dân Cuba', en: 'Cuba support fund' },
    description: {
      vi: 'Chiến dịch "Nghĩa tình Việt Nam – Cuba" của Ủy ban MTTQ Việt Nam TP.HCM.',
      en: 'The "Vietnam–Cuba solidarity" campaign of the HCMC Fatherland Front committee.',
    },
    currency: 'VND',
    target: 5_000_000_000,
    bankAccount: { bankBin: '970436', bankName: 'Vietcombank', accountNumber: '0071000000079', accountName: 'UY BAN MTTQ VN TP HCM - UNG HO CUBA' },
    opensOn: '2025-08-01',
    status: 'OPEN',
  },
  {
    fundId: 'lu-lut-2024',
    name: { vi: 'Cứu trợ đồng bào bị thiệt hại do bão lũ', en: 'Flood and storm relief' },
    description: {
      vi: 'Ủng hộ đồng bào các tỉnh miền Bắc khắc phục hậu quả bão số 3 (Yagi) và lũ lụt.',
      en: 'Relief for the northern provinces after Typhoon Yagi (storm no. 3) and the floods.',
    },
    currency: 'VND',
    target: 70_000_000_000,
    bankAccount: { bankBin: '970415', bankName: 'VietinBank', accountNumber: '111602391111', accountName: 'UY BAN MTTQ VN TP HCM - CUU TRO' },
    opensOn: '2024-09-01',
    status: 'OPEN',
  },
  {
    fundId: 'an-sinh-hcm-2025',
    name: { vi: 'An sinh cộng đồng 168 xã, phường, đặc khu TP.HCM', en: 'Community welfare grants to HCMC’s 168 wards, communes and special zone' },
    description: {
      vi: 'Mỗi xã, phường, đặc khu có một mô hình điểm về an sinh cộng đồng; kết quả được công khai.',
      en: 'Every commune runs a model community-welfare project, and the results are published.',
    },
    currency: 'VND',
    target: 40_000_000_000,
    bankAccount: { bankBin: '970418', bankName: 'BIDV', accountNumber: '31410000168168', accountName: 'UY BAN MTTQ VN TP HCM - AN SINH' },
    opensOn: '2025-11-08',
    status: 'OPEN',
    provinceCode: '79',
  },
  {
    fundId: 'vi-nguoi-ngheo',
    name: { vi: 'Quỹ "Vì người nghèo"', en: 'The "For the Poor" fund' },
    description: {
      vi: 'Quỹ Vì người nghèo và an sinh xã hội, vận động quanh năm và trong Tháng cao điểm.',
      en: 'The poverty and social-welfare fund, raised all year and in the peak month.',
    },
    currency: 'VND',
    target: 20_000_000_000,
    bankAccount: { bankBin: '970405', bankName: 'Agribank', accountNumber: '1600201234567', accountName: 'QUY VI NGUOI NGHEO TP HCM' },
    opensOn: '2025-10-17',
    status: 'OPEN',
  },
];
