/** Reads a journal entry out of a DynamoDB stream record (NEW_IMAGE), as Lambda delivers it. */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { JournalEntry } from '../domain/journal';
import type { SequencedEntry } from '../domain/totals';
import { ValidationError } from '../errors';
import { zodIssuesToFieldErrors } from '../http/request';
import { StreamedJournalEntry } from '../schemas/journal';

/**
 * The entry a record inserts, or null for any other record: the event filter keeps those out in
 * AWS, but a replay or a mapping without the filter must not be able to change the totals.
 */
export function journalEntryOf(record: DynamoDBRecord): JournalEntry | null {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || image?.kind?.S !== 'JOURNAL') return null;
  const { pk: _pk, sk: _sk, kind: _kind, gsi1pk: _g1, gsi1sk: _g2, ...item } = unmarshall(image as Record<string, AttributeValue>);
  const parsed = StreamedJournalEntry.safeParse(item);
  if (!parsed.success) {
    const errors = zodIssuesToFieldErrors(parsed.error.issues, 'NewImage');
    throw new ValidationError(
      `Unreadable journal entry at sequence ${record.dynamodb?.SequenceNumber}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      errors,
    );
  }
  return parsed.data as unknown as JournalEntry;
}

/** The record's sequence number within its shard, with the entry it inserts (or null): what the totals apply in order. */
export function sequencedJournalEntryOf(record: DynamoDBRecord): SequencedEntry<JournalEntry> {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  if (!sequenceNumber || !/^\d{1,40}$/.test(sequenceNumber)) {
    throw new ValidationError(`A stream record without a sequence number: ${record.eventID}`, [{ path: 'dynamodb.SequenceNumber', message: 'is missing or not a sequence number' }]);
  }
  return { sequenceNumber, entry: journalEntryOf(record) };
}
