/**
 * DynamoDB Local killed and restarted under load. A file of its own: the handlers' DynamoDB
 * client is created once per module, and here it must point at the database this test kills.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startDynamoLocal } from '../../infra/local/services';
import { startTwin } from '../../infra/local/twin';
import { allItems, request } from '../support/twin';

const pledgeBody = (amount: number) => ({ fundId: 'cuba-2025', donor: { type: 'individual', name: 'Đỗ Minh Châu' }, amount, publishName: true });

describe('DynamoDB Local killed and restarted under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sovang-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('fails requests cleanly with 503 while it is down, and leaves nothing half-written', async () => {
    const port = await freePort();
    let database = await startDynamoLocal({ port, dataDir });
    const local = await startTwin({ dynamoEndpoint: database.endpoint, s3Endpoint: process.env.S3_ENDPOINT, tableName: 'kill-test', seedAdminUnits: false, quiet: true, streams: false });
    const statuses: number[] = [];
    const refs: string[] = [];
    let stop = false;
    const load = (async () => {
      let i = 0;
      while (!stop) {
        const response = await request<{ ref?: string }>(local, 'POST', '/v1/pledges', { body: pledgeBody(20_000 + i++), headers: { 'idempotency-key': randomUUID() } });
        statuses.push(response.status);
        if (response.status === 201) refs.push(response.body.ref!);
        if (response.status === 503) expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      }
    })();
    try {
      await new Promise((r) => setTimeout(r, 1_500));
      database.process.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 2_000));
      database = await startDynamoLocal({ port, dataDir });
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      stop = true;
      await load;
    }
    try {
      expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
      expect(statuses.slice(-1)[0]).toBe(201);
      // Every pledge that exists was written whole: the pledge under its code and its journal entry.
      const items = await allItems(local);
      const pledges = items.filter((i) => i.kind === 'PLEDGE');
      for (const pledge of pledges) {
        expect(pledge.pk).toBe(`PLEDGE#${pledge.ref}`);
        expect(items.some((i) => i.kind === 'JOURNAL' && i.entityRef === pledge.ref)).toBe(true);
      }
      expect(items.filter((i) => i.kind === 'JOURNAL').length).toBe(pledges.length);
      for (const ref of refs.slice(-3)) expect(pledges.some((p) => p.ref === ref)).toBe(true);
    } finally {
      await local.stop();
      await database.stop();
    }
  });
});
