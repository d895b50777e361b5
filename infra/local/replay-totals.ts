/**
 * `npm run replay-totals`: applies the stream batches the twin's totals consumer gave up on (its
 * on-failure file, one JSON document a line) to the totals, exactly once (DESIGN §6): each batch
 * through `replayDiscarded`, so running it again, or over a file that grew since, applies nothing
 * twice. Exits 1 if a batch could not be applied (run it again), 2 if it cannot run at all.
 *
 *   npm run replay-totals                              the twin that `npm start` runs (.data/twin.json)
 *   npm run replay-totals -- --file <on-failure.jsonl> another file
 *   npm run replay-totals -- --endpoint http://127.0.0.1:8000 --table sovang-ledger
 */
import './quiet-sdk';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { DynamoDBRecord } from 'aws-lambda';
import { sequencedJournalEntryOf } from '../../shared/stream/journal-record';
import { replayDiscarded, type StreamCounters } from '../../shared/usecases/totals-stream';
import { PROJECT_ROOT } from './twin';
import { useTwinTable } from './twin-table';

/** A line of the on-failure file, as infra/local/stream-poller/on-failure.ts writes it. */
interface DiscardedBatch {
  DDBStreamBatchInfo: { shardId: string; streamArn: string; startSequenceNumber: string; endSequenceNumber: string };
  records: DynamoDBRecord[];
}

/** Replays every batch of the file; returns the exit code. */
export async function replayTotals(counters: StreamCounters, file: string, out: (line: string) => void = console.log): Promise<number> {
  if (!existsSync(file)) {
    out(`No batches were given up on: ${file} does not exist.`);
    return 0;
  }
  const batches = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DiscardedBatch);
  let failed = 0;
  for (const batch of batches) {
    const { shardId, streamArn, startSequenceNumber, endSequenceNumber } = batch.DDBStreamBatchInfo;
    const outcome = await replayDiscarded(counters, { stream: streamArn, shardId }, batch.records.map(sequencedJournalEntryOf));
    const what = `${shardId} ${startSequenceNumber}…${endSequenceNumber}: ${outcome.report.applied.length} entries applied, ${outcome.report.skipped} already in the totals`;
    if (outcome.error) {
      failed++;
      out(`FAILED ${what}; stopped at record ${outcome.doneCount}: ${outcome.error.message}`);
    } else {
      out(`ok     ${what}`);
    }
  }
  out(failed ? `${failed} of ${batches.length} batches were not applied: run it again.` : `${batches.length} batches replayed; the totals hold each entry once.`);
  return failed ? 1 : 0;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { endpoint: { type: 'string' }, table: { type: 'string' }, file: { type: 'string' } } });
  const { table } = useTwinTable({ endpoint: values.endpoint, table: values.table });
  const { counters } = await import('../../shared/adapters/dynamo');
  return replayTotals(counters, values.file ?? join(PROJECT_ROOT, '.data', 'stream-failures', `${table}.Totals.jsonl`));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(2);
    },
  );
}
