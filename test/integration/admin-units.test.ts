import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { request, startTestTwin } from '../support/twin';

let twin: Twin;
beforeAll(async () => {
  twin = await startTestTwin({ seedAdminUnits: true });
});
afterAll(async () => twin?.stop());

type Units = { items: { code: string; name: string; provinceCode: string }[]; total: number };

describe('GET /v1/admin-units', () => {
  it('holds the 168 wards, communes and special zone of Ho Chi Minh City', async () => {
    const hcmc = await request<Units>(twin, 'GET', '/v1/admin-units?province=79&limit=500');
    expect(hcmc.status).toBe(200);
    expect(hcmc.body.total).toBe(168);
  });

  it('holds all 3,321 communes of the 34 provinces', async () => {
    const all = await request<Units>(twin, 'GET', '/v1/admin-units?limit=1');
    expect(all.body.total).toBe(3321);
  });

  it('finds units without diacritics: "phuong sai gon" finds Phường Sài Gòn, "dac khu" finds the special zone', async () => {
    const saigon = await request<Units>(twin, 'GET', '/v1/admin-units?province=79&q=phuong%20sai%20gon');
    expect(saigon.body.items.map((u) => u.name)).toContain('Phường Sài Gòn');
    const zone = await request<Units>(twin, 'GET', '/v1/admin-units?province=79&q=dac%20khu');
    expect(zone.body.total).toBeGreaterThanOrEqual(1);
    const dd = await request<Units>(twin, 'GET', '/v1/admin-units?q=%C4%90%E1%BB%91ng%20%C4%90a');
    const plain = await request<Units>(twin, 'GET', '/v1/admin-units?q=dong%20da');
    expect(dd.body.total).toBe(plain.body.total);
    expect(plain.body.total).toBeGreaterThan(0);
  });

  it('rejects a malformed province code naming the parameter', async () => {
    const bad = await request<{ errors: { path: string }[] }>(twin, 'GET', '/v1/admin-units?province=HCM');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.path).toBe('query.province');
  });
});
