/** Stream records as the DynamoDB Streams SDK returns them, turned into the records a Lambda event carries. */
import type { _Record as SdkRecord, AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

/** Lambda's events carry binary attributes as base64 and times as epoch seconds. */
function toEventAttribute(value: SdkAttributeValue): Record<string, unknown> {
  // The SDK reads an empty map ({"M": {}}) back as {}; an attribute value always has one member.
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toEventImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toEventAttribute) };
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function toEventImage(image: Record<string, SdkAttributeValue> | undefined) {
  return image && Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toEventAttribute(value)]));
}

export function toLambdaRecord(record: SdkRecord, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb: {
      ApproximateCreationDateTime: d.ApproximateCreationDateTime ? Math.floor(new Date(d.ApproximateCreationDateTime).getTime() / 1000) : undefined,
      Keys: toEventImage(d.Keys) as never,
      NewImage: toEventImage(d.NewImage) as never,
      OldImage: toEventImage(d.OldImage) as never,
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType as never,
    },
    eventSourceARN: streamArn,
  };
}

/** Sequence numbers are decimal strings too long for a number; they order records within a shard. */
export const sequenceOf = (record: DynamoDBRecord): bigint => BigInt(record.dynamodb?.SequenceNumber ?? '0');
