/** Item keys of the single-table design (DESIGN §4). Every item also carries a `kind`. */
export const keys = {
  fund: (fundId: string) => ({ pk: `FUND#${fundId}`, sk: 'META' }),
  fundsIndex: () => ({ gsi1pk: 'FUNDS' }),
  province: (provinceCode: string) => ({ pk: 'ADMIN', sk: `PROVINCE#${provinceCode}` }),
  adminUnit: (provinceCode: string, wardCode: string) => ({ pk: `ADMIN#${provinceCode}`, sk: `WARD#${wardCode}` }),
  pledge: (id: string) => ({ pk: `PLEDGE#${id}`, sk: 'META' }),
  /** Guards the uniqueness of a reference code and points at its aggregate. */
  ref: (ref: string) => ({ pk: `REF#${ref}`, sk: 'REF' }),
  journal: (fundId: string, entryId: string) => ({ pk: `JOURNAL#${fundId}`, sk: entryId }),
  journalPartition: (fundId: string) => `JOURNAL#${fundId}`,
  totalsPartition: (scope: string) => `TOTAL#${scope}`,
  totalsShard: (scope: string, shard: number) => ({ pk: `TOTAL#${scope}`, sk: `SHARD#${String(shard).padStart(3, '0')}` }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEMP#${scope}#${key}`, sk: 'IDEMP' }),
};
