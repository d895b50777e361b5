export type ReceiptStatus = 'RECORDED' | 'REVERSED';
/** How a receipt compares with its pledge (OVERPAID, PARTIAL), and money that came after the receiving window (LATE). */
export type ReceiptFlag = 'OVERPAID' | 'PARTIAL' | 'LATE';

/** Money received, as a clerk records it (the API's RecordReceipt body, already validated). */
export interface RecordReceiptInput {
  fundId: string;
  amount: number;
  receivedAt: string;
  method: 'bank' | 'cash';
  bankRef?: string;
  payerName?: string;
  pledgeRef?: string;
}

export interface Receipt {
  id: string;
  fundId: string;
  amount: number;
  receivedAt: string;
  method: 'bank' | 'cash';
  bankRef?: string;
  payerName?: string;
  pledgeRef?: string;
  pledgeId?: string;
  /** The statement line it came from, when imported from a bank statement. */
  statementLineId?: string;
  memo?: string;
  flags: ReceiptFlag[];
  status: ReceiptStatus;
  recordedBy: string;
  recordedAt: string;
  reversedBy?: string;
  reversedAt?: string;
  reversalReason?: string;
  version: number;
}

/** How a payment compares with what was pledged, after it is added. */
export function paymentFlags(pledgeAmount: number, receivedBefore: number, amount: number): ReceiptFlag[] {
  const after = receivedBefore + amount;
  if (after > pledgeAmount) return ['OVERPAID'];
  if (after < pledgeAmount) return ['PARTIAL'];
  return [];
}
