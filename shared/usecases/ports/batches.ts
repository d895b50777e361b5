import type { Batch, BatchRowsChunk } from '../../domain/batches';
import type { Page } from './page';

/** Organisations' batches and their rows (in chunks), written only by commands. */
export interface BatchStore {
  get(id: string): Promise<Batch | null>;
  /** An organisation's batches, newest first. */
  listByOrganisation(orgId: string, options: { cursor?: string; limit: number }): Promise<Page<Batch>>;
  chunk(batchId: string, index: number): Promise<BatchRowsChunk | null>;
}
