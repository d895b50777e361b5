/**
 * Fuzzing from the published contract (test/support/fuzz-cases.ts): for every operation in
 * /v1/openapi.json, bad bodies, headers, path parameters and query strings. Every one must get a
 * 4xx problem+json, none a 5xx, and together they must write nothing. `npm run fuzz` runs the
 * random rounds, 100,000 cases and more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { fuzzCases, sendCase, type OpenApiDocument } from '../support/fuzz-cases';
import { allItems, request, startTestTwin } from '../support/twin';

let twin: Twin;
let authorization: string;
beforeAll(async () => {
  twin = await startTestTwin();
  authorization = `Bearer ${await twin.tokens.issue('fuzzer', ['finance-clerk', 'finance-approver', 'auditor', 'admin'])}`;
});
afterAll(async () => twin?.stop());

describe('fuzzing every endpoint from the OpenAPI document', () => {
  it('answers at least 1,000 bad requests with 4xx problem+json, no 5xx, and writes nothing', async () => {
    const doc = await request<OpenApiDocument>(twin, 'GET', '/v1/openapi.json');
    // Round 0, the fixed known-bad values: `npm run fuzz` runs the random rounds after it.
    const cases = [...fuzzCases(doc.body, { seed: Number(process.env.FUZZ_SEED ?? 7), authorization, rounds: 1 })];
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    const before = (await allItems(twin)).length;
    const failures: string[] = [];
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async (c) => {
          const { failure } = await sendCase(twin.url, c);
          if (failure) failures.push(failure);
        }),
      );
    }
    expect(failures).toEqual([]);
    expect((await allItems(twin)).length).toBe(before);
  });
});

describe('requests the HTTP server cannot parse', () => {
  it('answers headers over 16 kB with 431 problem+json, and a broken request line with 400 problem+json', async () => {
    const tooLarge = await fetch(`${twin.url}/v1/funds`, { headers: { 'x-junk': 'a'.repeat(20_000) } });
    expect(tooLarge.status).toBe(431);
    expect(tooLarge.headers.get('content-type')).toContain('application/problem+json');
    expect(await tooLarge.json()).toMatchObject({ status: 431, code: 'request-headers-too-large' });

    const { connect } = await import('node:net');
    const { port } = new URL(twin.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET /v1/funds HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toContain('application/problem+json');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, errors: [{ path: 'request' }] });
  });
});

