import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/services';
import { PROJECT_ROOT, startTwin } from '../../infra/local/twin';
import { idem, request } from '../support/twin';

const dataDir = mkdtempSync(join(tmpdir(), 'sovang-twin-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the local twin', () => {
  it('keeps pledges across a restart and seeds idempotently', async () => {
    const options = { dataDir, seedAdminUnits: false, quiet: true, tableName: 'sovang-ledger', servicePorts: { dynamo: await freePort(), s3: await freePort() } };
    const first = await startTwin(options);
    const created = await request<{ ref: string }>(first, 'POST', '/v1/pledges', {
      body: { fundId: 'vi-nguoi-ngheo', donor: { type: 'individual', name: 'Phạm Thị Hồng' }, amount: 250_000, publishName: true },
      headers: idem(),
    });
    expect(created.status).toBe(201);
    await first.stop();

    const second = await startTwin(options);
    try {
      const found = await request<{ amount: number; donorName: string }>(second, 'GET', `/v1/pledges/${created.body.ref}`);
      expect(found.status).toBe(200);
      // Unpaid, a stranger's pledge shows no name yet (DESIGN §8).
      expect(found.body).toMatchObject({ amount: 250_000, donorName: 'Nhà hảo tâm', status: 'PLEDGED' });
      const funds = await request<{ items: unknown[] }>(second, 'GET', '/v1/funds');
      expect(funds.body.items).toHaveLength(4);
    } finally {
      await second.stop();
    }
  });

  it('says plainly when the port is busy', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'infra/local/start.ts')], {
        env: { ...process.env, PORT: String(port) },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
