import { describe, expect, it } from 'vitest';
import { mergeSorted, partitionPages } from '../../../shared/adapters/dynamo/journal-merge';
import { seededRng } from '../../support/simulation';

async function* pagesOf(values: string[], size: number): AsyncGenerator<string[]> {
  for (let i = 0; i < values.length; i += size) yield values.slice(i, i + size);
}

async function collect<T>(source: AsyncIterable<T[]>): Promise<{ values: T[]; batches: number[] }> {
  const values: T[] = [];
  const batches: number[] = [];
  for await (const batch of source) {
    values.push(...batch);
    batches.push(batch.length);
  }
  return { values, batches };
}

describe('merging journal partitions', () => {
  it('hands on every key once, in order, whatever the partitions and their page sizes', async () => {
    for (let seed = 1; seed <= 50; seed++) {
      const rng = seededRng(seed);
      const keys = Array.from({ length: rng.int(0, 300) }, (_, i) => String(i).padStart(5, '0'));
      const partitions: string[][] = Array.from({ length: rng.int(1, 9) }, () => []);
      for (const key of keys) partitions[rng.int(0, partitions.length - 1)]!.push(key);
      const batch = rng.int(1, 50);
      const { values, batches } = await collect(mergeSorted(partitions.map((p) => pagesOf(p, rng.int(1, 20))), (k) => k, batch));
      expect(values).toEqual(keys);
      expect(batches.slice(0, -1).every((size) => size === batch)).toBe(true);
    }
  });

  it('stops the partitions’ readers when the reader of the merge stops early', async () => {
    let stopped = 0;
    async function* endless(prefix: string): AsyncGenerator<string[]> {
      try {
        for (let i = 0; ; i++) yield [`${prefix}${String(i).padStart(6, '0')}`];
      } finally {
        stopped++;
      }
    }
    for await (const batch of mergeSorted([endless('a'), endless('b')], (k) => k, 4)) {
      expect(batch).toEqual(['a000000', 'a000001', 'a000002', 'a000003']);
      break;
    }
    expect(stopped).toBe(2);
  });

  it('asks for a partition’s next page while the current one is read, and a failed read reaches the reader', async () => {
    const asked: (string | undefined)[] = [];
    const query = async (start: Record<string, unknown> | undefined) => {
      asked.push(start?.sk as string | undefined);
      if (start?.sk === 'c') throw new Error('throttled');
      const next = start === undefined ? 'b' : 'c';
      return { Items: [{ sk: next }], LastEvaluatedKey: { sk: next }, $metadata: {} };
    };
    const pages = partitionPages(query, true);
    expect((await pages.next()).value).toEqual([{ sk: 'b' }]);
    // The second page was asked for before the first was handed on.
    expect(asked).toEqual([undefined, 'b']);
    expect((await pages.next()).value).toEqual([{ sk: 'c' }]);
    await expect(pages.next()).rejects.toThrow('throttled');
  });
});
