/**
 * Reads whatever the caller hands over as a statement (a Node Readable, an S3 body, any iterable
 * of chunks, a whole Buffer or string) as one stream of Buffers.
 */
import { statementFileError } from '../../domain/statements/file-error';
import type { StatementChunk, StatementSource } from '../../usecases/ports/statement-parser';

/** Marks an error raised by the source stream itself, so it is not mistaken for a bad file. */
export class SourceError extends Error {
  constructor(readonly original: unknown) {
    super('source stream failed');
  }
}

const notBytes = () => statementFileError('row 1', 'the upload is not a byte stream');

export async function* bytes(source: StatementSource): AsyncGenerator<Buffer> {
  if (source === null || (typeof source !== 'object' && typeof source !== 'string')) throw notBytes();
  if (typeof source === 'string') {
    yield Buffer.from(source, 'utf8');
    return;
  }
  if (source instanceof Uint8Array) {
    yield Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    return;
  }
  let iterator: Iterator<StatementChunk> | AsyncIterator<StatementChunk>;
  if (Symbol.asyncIterator in source) iterator = source[Symbol.asyncIterator]();
  else if (Symbol.iterator in source) iterator = source[Symbol.iterator]();
  else throw notBytes();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<StatementChunk>;
      try {
        next = await iterator.next();
      } catch (error) {
        finished = true;
        throw new SourceError(error);
      }
      if (next.done) {
        finished = true;
        return;
      }
      const chunk: unknown = next.value;
      if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
      else if (chunk instanceof Uint8Array) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      else throw notBytes();
    }
  } finally {
    // Stopping early (a bad row, a consumer that breaks off) must release the source: close the file or socket.
    if (!finished) await iterator.return?.();
  }
}
