/**
 * Fuzzing from the published contract: for every operation in /v1/openapi.json, generate bad
 * bodies, headers, path parameters and query strings. Every one must get a 4xx problem+json,
 * none a 5xx, and together they must write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { allItems, request, startTestTwin } from '../support/twin';

type Schema = { pattern?: string; maxLength?: number; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; enum?: unknown[]; anyOf?: Schema[]; $ref?: string };
type Operation = {
  security?: Record<string, unknown>[]; parameters?: { name: string; in: string; schema: Schema; required?: boolean }[]; requestBody?: { content: Record<string, { schema: Schema }> } };

let twin: Twin;
let resolve: (schema: Schema | undefined) => Schema | undefined = (schema) => schema;
let allRoles: Record<string, string>;
beforeAll(async () => {
  twin = await startTestTwin();
  allRoles = { authorization: `Bearer ${await twin.tokens.issue('fuzzer', ['finance-clerk', 'finance-approver', 'auditor', 'admin'])}` };
});
afterAll(async () => twin?.stop());

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK_VALUES: unknown[] = [null, true, -1, 0, 1.5, 2 ** 63, -(2 ** 60), '', ' ', 'x'.repeat(5000), '💥', '<script>alert(1)</script>', "' OR 1=1 --", [], {}, [1, 2], { $ne: null }];

function wrongFor(schema: Schema, pick: () => number): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const byType: Record<string, unknown[]> = {
    string: [12345, true, null, [], { a: 1 }],
    integer: ['100', 1.25, -5, 0, 2 ** 64, null, 'NaN', true],
    number: ['abc', null, true, [], {}],
    boolean: ['yes', 1, null, 'true'],
    object: ['text', 7, [], null],
    array: ['text', {}, 3],
  };
  const options = (type && byType[type]) || (schema.enum ? ['NOT_AN_ENUM_VALUE', 42] : JUNK_VALUES);
  return options[Math.floor(pick() * options.length)];
}

interface Case {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function casesFor(path: string, method: string, op: Operation, pick: () => number): Case[] {
  const cases: Case[] = [];
  const params = op.parameters ?? [];
  const goodPath = path.replace(/\{(\w+)\}/g, (_, name: string) =>
    ({ fundId: 'cuba-2025', ref: 'UHV1EWZE1', id: '01JC0000000000000000000000', entityRef: 'UHV1EWZE1', orgId: '01JC0000000000000000000000', date: '2025-01-01', name: 'summary.json' })[name] ?? 'x',
  );
  const idempotency = params.some((p) => p.name === 'Idempotency-Key');
  const baseHeaders = { ...allRoles, ...(idempotency ? { 'idempotency-key': `fuzz-${Math.floor(pick() * 1e12)}` } : {}) };
  const jsonHeaders = { ...baseHeaders, 'content-type': 'application/json' };
  const add = (label: string, c: Omit<Case, 'label' | 'method'>) => cases.push({ label: `${method} ${path}: ${label}`, method, ...c });

  for (const param of params.filter((p) => p.in === 'path')) {
    for (const junk of ['..%2F..%2Fetc%2Fpasswd', '%00', 'x'.repeat(300), '%E0%A4%A', 'ű💥', 'UH0000000', '-1']) {
      add(`path ${param.name}=${junk.slice(0, 20)}`, { path: path.replace(`{${param.name}}`, junk).replace(/\{(\w+)\}/g, 'x'), headers: jsonHeaders, body: method === 'POST' ? '{}' : undefined });
    }
  }
  for (const param of params.filter((p) => p.in === 'query')) {
    const constrained = param.schema.pattern || param.schema.enum || param.schema.type === 'integer' || param.schema.type === 'number';
    // Free text is valid whatever it says; only its length can be wrong.
    const junks = constrained ? ['-1', 'abc', '1e999', '%FF', 'x'.repeat(3000), '0'] : param.schema.maxLength ? ['x'.repeat(param.schema.maxLength + 1)] : [];
    for (const junk of junks) {
      add(`query ${param.name}=${junk.slice(0, 20)}`, { path: `${goodPath}?${param.name}=${encodeURIComponent(junk)}&${param.name}=twice`, headers: jsonHeaders });
    }
  }
  if (idempotency) {
    const { 'idempotency-key': _dropped, ...withoutKey } = jsonHeaders;
    for (const key of [undefined, 'short', 'has spaces in it', 'x'.repeat(200), 'bad/char*key']) {
      add(`Idempotency-Key ${String(key).slice(0, 12)}`, { path: goodPath, headers: key === undefined ? withoutKey : { ...withoutKey, 'idempotency-key': key }, body: '{}' });
    }
  }
  const authenticated = Array.isArray(op.security) && op.security.length > 0 && !op.security.some((requirement) => Object.keys(requirement).length === 0);
  for (const authorization of authenticated ? ['Bearer', 'Bearer a.b.c', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'x'.repeat(5000)}`, 'Bearer eyJhbGciOiJub25lIn0.e30.'] : []) {
    add(`Authorization ${authorization.slice(0, 14)}`, { path: goodPath, headers: { ...jsonHeaders, authorization }, body: method === 'POST' ? '{}' : undefined });
  }
  const schema = resolve(op.requestBody?.content['application/json']?.schema);
  if (schema) {
    for (const raw of ['', '{', '{"a":', 'null', '[]', '"text"', '42', 'true', '{"__proto__":{"x":1}}', '\u0000\u0001', '{"a":1}'.repeat(3), `{"x":"${'y'.repeat(70_000)}"}`]) {
      add(`body ${JSON.stringify(raw.slice(0, 16))}`, { path: goodPath, headers: jsonHeaders, body: raw });
    }
    add('body as text/plain', { path: goodPath, headers: { ...baseHeaders, 'content-type': 'text/plain' }, body: 'hello' });
    add('body as form', { path: goodPath, headers: { ...baseHeaders, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=2' });
    let nested: unknown = 1;
    for (let i = 0; i < 2000; i++) nested = { n: nested };
    add('deeply nested body', { path: goodPath, headers: jsonHeaders, body: JSON.stringify(nested) });
    const properties = Object.entries(schema.properties ?? {});
    for (let i = 0; i < 25 && properties.length; i++) {
      // Every property present and every one of the wrong type: never a valid body.
      const body = Object.fromEntries(properties.map(([name, property]) => [name, wrongFor(property, pick)]));
      add(`body all wrong #${i}`, { path: goodPath, headers: jsonHeaders, body: JSON.stringify(body) });
    }
    for (const [name, property] of properties) {
      for (let i = 0; i < 8; i++) {
        add(`body.${name} wrong`, { path: goodPath, headers: jsonHeaders, body: JSON.stringify({ [name]: wrongFor(property, pick) }) });
      }
      add(`body.${name} only, unknown extra`, { path: goodPath, headers: jsonHeaders, body: JSON.stringify({ [name]: wrongFor(property, pick), extraField: 1 }) });
    }
  }
  return cases;
}

describe('fuzzing every endpoint from the OpenAPI document', () => {
  it('answers at least 1,000 bad requests with 4xx problem+json, no 5xx, and writes nothing', async () => {
    const doc = await request<{ paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } }>(twin, 'GET', '/v1/openapi.json');
    resolve = (schema) => (schema?.$ref ? doc.body.components.schemas[schema.$ref.split('/').pop()!] : schema);
    const pick = random(Number(process.env.FUZZ_SEED ?? 7));
    const cases: Case[] = [];
    for (const [path, operations] of Object.entries(doc.body.paths)) {
      for (const [method, op] of Object.entries(operations)) cases.push(...casesFor(path, method.toUpperCase(), op, pick));
    }
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    const before = (await allItems(twin)).length;
    const failures: string[] = [];
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async (c) => {
          const response = await fetch(`${twin.url}${c.path}`, { method: c.method, headers: c.headers, body: c.body });
          const text = await response.text();
          const problem = (response.headers.get('content-type') ?? '').includes('application/problem+json');
          if (response.status < 400 || response.status >= 500 || !problem) failures.push(`${c.label} → ${response.status} ${text.slice(0, 120)}`);
        }),
      );
    }
    expect(failures).toEqual([]);
    expect((await allItems(twin)).length).toBe(before);
  });
});
