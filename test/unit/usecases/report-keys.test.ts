/**
 * The report signing key's dates of validity as the nightly job keeps them (DESIGN §7, "Keys and
 * their validity"): a key is valid from the first night it signs, a retired key signs no night
 * from its retirement on, and its successor's nights verify.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { demoFunds } from '../../../infra/local/demo-data';
import { memoryReportObjects } from '../../../shared/adapters/memory';
import { fromUtf8, utf8 } from '../../../shared/reports/bytes';
import { KEYS_FORMAT, keysFileText } from '../../../shared/reports/keys';
import { reportKey } from '../../../shared/reports/layout';
import { signerRecord, type KeysFile } from '../../../shared/reports/manifest';
import { verifyReport, type ReportSource } from '../../../shared/reports/verify';
import { publishFundReport, ReportChainError, type NightlyReportDeps } from '../../../shared/usecases/nightly-report';
import { recordReceipt } from '../../../shared/usecases/receipts';
import { retireReportKey } from '../../../shared/usecases/report-keys';
import { ctx, memoryLedger, type MemoryLedger } from '../../support/memory-ledger';
import { ephemeralSigner } from '../../support/signer';

const DEMO = demoFunds[0]!;
const fundId = DEMO.fundId;
const DAY1 = '2025-11-20';
const DAY2 = '2025-11-21';

let ledger: MemoryLedger;
let deps: NightlyReportDeps & { store: ReturnType<typeof memoryReportObjects> };

function source(date: string): ReportSource {
  const read = (name: string) => deps.store.get(reportKey(fundId, date, name));
  return {
    label: `memory ${date}`,
    read,
    async stream(name) {
      const bytes = await read(name);
      return bytes ? (async function* () { yield bytes; })() : null;
    },
    sibling: (other) => source(other),
    keys: () => deps.store.get('reports/keys.json'),
  };
}

const keysFile = async () => JSON.parse(fromUtf8((await deps.store.get('reports/keys.json'))!)) as KeysFile;

beforeEach(async () => {
  ledger = memoryLedger();
  ledger.state.funds.set(fundId, { ...DEMO, accepts: 'both', committeeId: 'vn-79', committeePath: ['vn', 'vn-79'] });
  deps = { journal: ledger.stores.journal, store: memoryReportObjects(), signer: ephemeralSigner(), funds: ledger.stores.funds, adminUnits: ledger.stores.adminUnits, committees: ledger.stores.committees, pledges: ledger.stores.pledges };
  for (const day of [DAY1, DAY2]) {
    await recordReceipt(ledger.stores, { fundId, amount: 500_000, receivedAt: `${day}T09:00:00+07:00`, method: 'cash' }, ctx('staff:an', undefined, new Date(`${day}T09:05:00+07:00`)));
  }
});

describe('the signing key’s dates of validity', () => {
  it('records the first night a key signs, and an earlier night of another fund published late', async () => {
    const other = demoFunds[1]!;
    ledger.state.funds.set(other.fundId, { ...other, accepts: 'both', committeeId: 'vn-79', committeePath: ['vn', 'vn-79'] });
    const { keyId } = await signerRecord(deps.signer);
    await publishFundReport(deps, (await ledger.stores.funds.get(fundId))!, DAY2);
    expect((await keysFile()).keys).toEqual([expect.objectContaining({ keyId, validFrom: DAY2, attestation: expect.any(String) })]);
    await publishFundReport(deps, (await ledger.stores.funds.get(other.fundId))!, DAY1);
    expect((await keysFile()).keys).toEqual([expect.objectContaining({ keyId, validFrom: DAY1 })]);
    expect((await verifyReport(source(DAY2))).failure).toBeUndefined();
  });

  it('keeps its key in keys.json when another run writes keys.json from an older copy just after it', async () => {
    const store = deps.store;
    const older = utf8(keysFileText({ format: KEYS_FORMAT, keys: [] }));
    let raced = false;
    const racing: typeof store = Object.assign(Object.create(store) as typeof store, {
      put: async (...args: Parameters<typeof store.put>) => {
        await store.put(...args);
        if (args[0] === 'reports/keys.json' && !raced) {
          raced = true;
          // The other run read keys.json before this write, and writes its copy a few milliseconds after it.
          setTimeout(() => void store.put('reports/keys.json', older, 'application/json; charset=utf-8'), 10);
        }
      },
    });
    await publishFundReport({ ...deps, store: racing }, (await ledger.stores.funds.get(fundId))!, DAY1);
    // Once the other run's write has surely landed.
    await new Promise((settle) => setTimeout(settle, 50));
    expect(raced).toBe(true);
    expect((await keysFile()).keys.map((k) => k.keyId)).toEqual([(await signerRecord(deps.signer)).keyId]);
    expect((await verifyReport(source(DAY1))).failure).toBeUndefined();
  });

  it('refuses to sign a night with a key retired on or before it, writing no manifest; its successor signs it and it verifies', async () => {
    const fund = (await ledger.stores.funds.get(fundId))!;
    const oldKey = deps.signer;
    await publishFundReport(deps, fund, DAY1);
    await retireReportKey({ store: deps.store, signer: oldKey }, DAY2);
    await expect(publishFundReport(deps, fund, DAY2)).rejects.toThrow(ReportChainError);
    expect(await deps.store.get(reportKey(fundId, DAY2, 'manifest.json'))).toBeNull();
    deps = { ...deps, signer: ephemeralSigner() };
    await publishFundReport(deps, fund, DAY2);
    for (const day of [DAY1, DAY2]) expect((await verifyReport(source(day))).failure, day).toBeUndefined();
  });
});
