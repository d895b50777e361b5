/**
 * Spools the ref index's 256 buckets to a temp directory while the report streams, so the index
 * costs disk (≈25 bytes per entry in Lambda's /tmp), not heap. Each bucket keeps a small write
 * buffer; the files are read back in bucket order at the end and the directory is removed.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFS_BUCKETS } from '../../reports/refs-index';
import type { RefsSpool } from '../../reports/builder';

const FLUSH_CHARS = 4 * 1024;

export function diskSpool(parent = tmpdir()): RefsSpool {
  const dir = mkdtempSync(join(parent, 'sovang-refs-'));
  const pending: string[] = new Array(REFS_BUCKETS).fill('');
  const fds = new Map<number, number>();
  const file = (bucket: number) => join(dir, String(bucket));
  const flush = (bucket: number) => {
    if (!pending[bucket]) return;
    let fd = fds.get(bucket);
    if (fd === undefined) fds.set(bucket, (fd = openSync(file(bucket), 'a')));
    writeSync(fd, pending[bucket]!);
    pending[bucket] = '';
  };
  return {
    append(bucket, text) {
      pending[bucket] += text;
      if (pending[bucket]!.length >= FLUSH_CHARS) flush(bucket);
    },
    async *read(bucket) {
      flush(bucket);
      const fd = fds.get(bucket);
      if (fd === undefined) return;
      closeSync(fd);
      fds.delete(bucket);
      // A bucket holds 1/256 of the index (~250 KB at 2,000,000 entries): one read, not a stream per bucket.
      yield readFileSync(file(bucket));
    },
    async dispose() {
      for (const fd of fds.values()) closeSync(fd);
      fds.clear();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
