/** Test helpers for reports: a fund of the test's own, journal entries written directly, report folders downloaded. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import type { Twin } from '../../infra/local/twin';
import { fetchWithRetry } from '../../infra/local/verify-report';
import { fundItem } from '../../shared/adapters/dynamo/items/fund';
import { journalItem } from '../../shared/adapters/dynamo/items/journal';
import type { Fund } from '../../shared/domain/funds';
import { vietnamDay, type JournalEntry } from '../../shared/domain/journal';
import { PUBLISHED_FILES } from '../../shared/reports/manifest';

/** Reports of all test files share one bucket: each file reports on a fund of its own. */
export async function seedTestFund(twin: Twin, fundId: string): Promise<Fund> {
  const fund: Fund = {
    fundId,
    name: { vi: `Quỹ thử nghiệm ${fundId}`, en: `Test fund ${fundId}` },
    description: { vi: 'Quỹ dùng cho kiểm thử', en: 'A fund for tests' },
    currency: 'VND',
    bankAccount: { bankBin: '970436', bankName: 'Vietcombank', accountNumber: '0071000000079', accountName: 'UY BAN MTTQ THU NGHIEM' },
    opensOn: '2024-01-01',
    status: 'OPEN',
  };
  await twin.documentClient.send(
    new PutCommand({ TableName: twin.tableName, Item: fundItem(fund) }),
  );
  return fund;
}

/** A journal entry at a given instant; its id is minted from that instant, as the commands do. */
export function journalEntry(fundId: string, at: string, fields: Partial<JournalEntry> & Pick<JournalEntry, 'type' | 'entityRef' | 'entityType'>): JournalEntry {
  return {
    entryId: ulid(Date.parse(at)),
    fundId,
    at,
    day: vietnamDay(at),
    actor: 'staff:test-clerk',
    deltas: {},
    publicDetails: {},
    ...fields,
  };
}

export async function writeJournal(twin: Twin, entries: JournalEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 25) {
    let pending = entries.slice(i, i + 25).map((entry) => ({ PutRequest: { Item: journalItem(entry) } }));
    while (pending.length) {
      const result = await twin.documentClient.send(new BatchWriteCommand({ RequestItems: { [twin.tableName]: pending } }));
      pending = (result.UnprocessedItems?.[twin.tableName] ?? []) as typeof pending;
    }
  }
}

/** Downloads a report through the API into `<dir>/reports/<fundId>/<date>/`, with keys.json beside the fund folders. */
export async function downloadReport(twin: Pick<Twin, 'url'>, fundId: string, date: string, dir: string): Promise<Record<string, Buffer>> {
  const folder = join(dir, 'reports', fundId, date);
  mkdirSync(folder, { recursive: true });
  const files: Record<string, Buffer> = {};
  for (const name of PUBLISHED_FILES) {
    const response = await fetchWithRetry(`${twin.url}/v1/reports/${fundId}/${date}/files/${name}`);
    if (!response.ok) throw new Error(`${name}: ${response.status}`);
    files[name] = Buffer.from(await response.arrayBuffer());
    writeFileSync(join(folder, name), files[name]);
  }
  const keysResponse = await fetchWithRetry(`${twin.url}/v1/reports/keys.json`);
  writeFileSync(join(dir, 'reports', 'keys.json'), Buffer.from(await keysResponse.arrayBuffer()));
  return files;
}
