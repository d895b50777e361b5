/**
 * Bad requests made from the published contract (/v1/openapi.json): for every operation, bad
 * bodies, headers, path parameters and query strings, none of which the API may accept. Used by
 * test/integration/fuzz.test.ts (one round) and `npm run fuzz` (bench/fuzz.ts, as many as asked).
 *
 * Round 0 is a fixed set of known-bad values. Each later round draws its junk from the seed and
 * the round: random strings of control characters, quotes, percent escapes, emoji and long runs,
 * random numbers, random wrong-typed bodies over random subsets of the properties. Every case stays
 * bad by construction (a value of the wrong type, a parameter given twice, a key of the wrong
 * shape, a token no issuer signed), so each must get a 4xx problem+json and write nothing.
 */

export type Schema = {
  pattern?: string;
  maxLength?: number;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  anyOf?: Schema[];
  $ref?: string;
};
export type Operation = {
  security?: Record<string, unknown>[];
  parameters?: { name: string; in: string; schema: Schema; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface FuzzCase {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** mulberry32: a small deterministic generator, so a failure can be replayed from its seed. */
export function fuzzRandom(seed: number): () => number {
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

const GOOD_PATH_VALUES: Record<string, string> = {
  fundId: 'cuba-2025',
  ref: 'UHV1EWZE1',
  id: '01JC0000000000000000000000',
  entityRef: 'UHV1EWZE1',
  orgId: '01JC0000000000000000000000',
  date: '2025-01-01',
  name: 'summary.json',
};

/** Pieces random junk is made of: the characters and sequences parsers trip on. */
const JUNK_PIECES = ['\u0000', '\u001f', '\u007f', '"', "'", '\\', '/', '..', '%', '%00', '%FF', '%E0%A4%A', '%2F', '{', '}', '[', ']', '<', '>', '&', '=', '?', '#', ';', ' ', '\t', '\n', '💥', 'ű', 'Đ', '\u202e', '\ufeff', 'é', 'A', 'z', '0', '9', '-', '_', '.', '$', '*', 'null', 'true', 'NaN', '1e999', '__proto__', 'constructor'];

interface Junk {
  pick(): number;
  of<T>(items: readonly T[]): T;
  /** A random string of 0 to `max` pieces, sometimes one very long run. */
  text(max?: number): string;
  number(): number;
}

function junkFrom(pick: () => number): Junk {
  const of = <T>(items: readonly T[]) => items[Math.floor(pick() * items.length)]!;
  return {
    pick,
    of,
    text(max = 24) {
      if (pick() < 0.05) return of(['x', '💥', '%', '0']).repeat(1 + Math.floor(pick() * 6000));
      let out = '';
      for (let n = Math.floor(pick() * (max + 1)); n > 0; n--) out += of(JUNK_PIECES);
      return out;
    },
    number() {
      return of([() => -Math.floor(pick() * 1e9), () => pick() * 1e6, () => 2 ** (50 + Math.floor(pick() * 30)), () => -0, () => Number.MIN_VALUE, () => Math.floor(pick() * 1e15) + 0.5])();
    },
  };
}

/** Header values are bytes: what fetch cannot send becomes `~` (a key or token stays wrong). */
const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, '~');

/** A raw body that parses to an object could be a valid one: break it. */
function notAnObject(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' && !Array.isArray(value) && !raw.includes('__proto__') ? `{${raw}` : raw;
  } catch {
    return raw;
  }
}

/** A value that can never satisfy `schema`: the wrong type (or no enum member). */
function wrongFor(schema: Schema, junk: Junk, random: boolean): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const byType: Record<string, unknown[]> = {
    string: [12345, true, null, [], { a: 1 }, ...(random ? [junk.number(), [junk.text()], { [junk.text(4)]: junk.text() }] : [])],
    integer: ['100', 1.25, -5, 0, 2 ** 64, null, 'NaN', true, ...(random ? [junk.text(), [junk.number()], Math.floor(junk.pick() * 1e6) + 0.5] : [])],
    number: ['abc', null, true, [], {}, ...(random ? [junk.text() + 'x', [junk.number()]] : [])],
    boolean: ['yes', 1, null, 'true', ...(random ? [junk.number(), junk.text()] : [])],
    object: ['text', 7, [], null, ...(random ? [junk.text(), junk.number(), [junk.text()]] : [])],
    array: ['text', {}, 3, ...(random ? [junk.text(), { [junk.text(4)]: 1 }, junk.number()] : [])],
  };
  const options = (type && byType[type]) || (schema.enum ? ['NOT_AN_ENUM_VALUE', 42, ...(random ? [`NOT_AN_ENUM_${junk.text(6)}`, junk.number()] : [])] : JUNK_VALUES);
  return junk.of(options);
}

/** The cases for one operation in one round (round 0: the fixed known-bad values). */
function casesFor(resolve: (schema: Schema | undefined) => Schema | undefined, path: string, method: string, op: Operation, junk: Junk, round: number, authorization: string): FuzzCase[] {
  const random = round > 0;
  const cases: FuzzCase[] = [];
  const params = op.parameters ?? [];
  const goodPath = path.replace(/\{(\w+)\}/g, (_, name: string) => GOOD_PATH_VALUES[name] ?? 'x');
  const idempotency = params.some((p) => p.name === 'Idempotency-Key');
  const baseHeaders = { authorization, ...(idempotency ? { 'idempotency-key': `fuzz-${round}-${Math.floor(junk.pick() * 1e12)}` } : {}) };
  const jsonHeaders = { ...baseHeaders, 'content-type': 'application/json' };
  const add = (label: string, c: Omit<FuzzCase, 'label' | 'method'>) =>
    cases.push({ label: `${method} ${path}: ${label} (round ${round})`, method, ...c, headers: Object.fromEntries(Object.entries(c.headers).map(([name, value]) => [name, headerSafe(value)])) });

  const pathJunk = random ? Array.from({ length: 7 }, () => encodeURIComponent(junk.text()).slice(0, 2000) || '%20') : ['..%2F..%2Fetc%2Fpasswd', '%00', 'x'.repeat(300), '%E0%A4%A', 'ű💥', 'UH0000000', '-1'];
  for (const param of params.filter((p) => p.in === 'path')) {
    for (const value of pathJunk) {
      add(`path ${param.name}=${value.slice(0, 20)}`, { path: path.replace(`{${param.name}}`, value).replace(/\{(\w+)\}/g, 'x'), headers: jsonHeaders, body: method === 'POST' ? '{}' : undefined });
    }
  }
  for (const param of params.filter((p) => p.in === 'query')) {
    const constrained = param.schema.pattern || param.schema.enum || param.schema.type === 'integer' || param.schema.type === 'number';
    // Free text is valid whatever it says; only its length can be wrong. Every query names the
    // parameter twice, which no operation accepts.
    const fixed = constrained ? ['-1', 'abc', '1e999', '%FF', 'x'.repeat(3000), '0'] : param.schema.maxLength ? ['x'.repeat(param.schema.maxLength + 1)] : [];
    // A NUL matches no pattern, enum or number.
    // Free text takes anything short enough, even a NUL: there only the length is junk.
    const values = !random || !fixed.length ? fixed : constrained ? [...Array.from({ length: 5 }, () => `${junk.text()}\u0000${junk.text(4)}`), `${junk.number()}\u0000`] : [junk.text(4) + 'x'.repeat(param.schema.maxLength! + 1)];
    for (const value of values) {
      // Under 4 kB encoded: a longer request line is refused by the HTTP server itself (431), before the API.
      add(`query ${param.name}=${value.slice(0, 20)}`, { path: `${goodPath}?${param.name}=${encodeURIComponent(value).slice(0, random ? 4000 : undefined)}&${param.name}=${random ? encodeURIComponent(junk.text(3)) : 'twice'}`, headers: jsonHeaders });
    }
  }
  if (idempotency) {
    const { 'idempotency-key': _dropped, ...withoutKey } = jsonHeaders;
    // Too short, too long, or holding a character no key may: never a key the API takes.
    const keys = random
      ? [undefined, junk.text(3).slice(0, 7), `${'k'.repeat(8 + Math.floor(junk.pick() * 20))} x${junk.text(3)}`, 'k'.repeat(129 + Math.floor(junk.pick() * 500)), `bad/${junk.text(6)}*key`]
      : [undefined, 'short', 'has spaces in it', 'x'.repeat(200), 'bad/char*key'];
    for (const key of keys) {
      const headers = key === undefined ? withoutKey : { ...withoutKey, 'idempotency-key': key };
      add(`Idempotency-Key ${String(key).slice(0, 12)}`, { path: goodPath, headers, body: '{}' });
    }
  }
  const authenticated = Array.isArray(op.security) && op.security.length > 0 && !op.security.some((requirement) => Object.keys(requirement).length === 0);
  const tokens = random
    ? ['Bearer', `Bearer ${junk.text(6).replace(/[^\x21-\x7e]/g, 'a')}.${junk.text(6).replace(/[^\x21-\x7e]/g, 'b')}.c`, `Basic ${Buffer.from(junk.text(8)).toString('base64')}`, `Bearer ${'x'.repeat(100 + Math.floor(junk.pick() * 6000))}`, `Bearer eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub: junk.text(4) })).toString('base64url')}.`]
    : ['Bearer', 'Bearer a.b.c', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'x'.repeat(5000)}`, 'Bearer eyJhbGciOiJub25lIn0.e30.'];
  for (const token of authenticated ? tokens : []) {
    add(`Authorization ${token.slice(0, 14)}`, { path: goodPath, headers: { ...jsonHeaders, authorization: token }, body: method === 'POST' ? '{}' : undefined });
  }
  const schema = resolve(op.requestBody?.content['application/json']?.schema);
  if (schema) {
    const raws = random
      ? [junk.text(), `{${junk.text()}`, `{"a":${junk.text(3)}`, `[${junk.text(4)}]`, String(junk.number()), `"${junk.text().replace(/["\\]/g, '')}"`, 'null', `{"__proto__":{"${junk.text(3).replace(/["\\]/g, '')}":1}}`, junk.text(3) + '\u0000', '{"a":1}'.repeat(2 + Math.floor(junk.pick() * 5)), `{"x":"${'y'.repeat(65_000 + Math.floor(junk.pick() * 20_000))}"}`, '']
      : ['', '{', '{"a":', 'null', '[]', '"text"', '42', 'true', '{"__proto__":{"x":1}}', '\u0000\u0001', '{"a":1}'.repeat(3), `{"x":"${'y'.repeat(70_000)}"}`];
    for (const raw of raws.map(notAnObject)) {
      add(`body ${JSON.stringify(raw.slice(0, 16))}`, { path: goodPath, headers: jsonHeaders, body: raw });
    }
    add('body as text/plain', { path: goodPath, headers: { ...baseHeaders, 'content-type': random ? junk.of(['text/plain', 'text/csv', 'application/xml', 'multipart/form-data; boundary=x']) : 'text/plain' }, body: random ? junk.text() : 'hello' });
    add('body as form', { path: goodPath, headers: { ...baseHeaders, 'content-type': 'application/x-www-form-urlencoded' }, body: random ? `${encodeURIComponent(junk.text(4))}=1&b=${encodeURIComponent(junk.text(4))}` : 'a=1&b=2' });
    let nested: unknown = 1;
    for (let i = 0, depth = random ? 500 + Math.floor(junk.pick() * 3000) : 2000; i < depth; i++) nested = junk.pick() < 0.5 || !random ? { n: nested } : [nested];
    add('deeply nested body', { path: goodPath, headers: jsonHeaders, body: JSON.stringify(nested) });
    const properties = Object.entries(schema.properties ?? {});
    for (let i = 0; i < 25 && properties.length; i++) {
      // Every property present (in a later round: a random non-empty subset, plus the required
      // ones) and every one of the wrong type: never a valid body.
      const chosen = random ? properties.filter(([name]) => schema.required?.includes(name) || junk.pick() < 0.5) : properties;
      const body = Object.fromEntries((chosen.length ? chosen : properties).map(([name, property]) => [name, wrongFor(resolve(property) ?? property, junk, random)]));
      add(`body all wrong #${i}`, { path: goodPath, headers: jsonHeaders, body: JSON.stringify(body) });
    }
    for (const [name, property] of properties) {
      for (let i = 0; i < 8; i++) {
        add(`body.${name} wrong`, { path: goodPath, headers: jsonHeaders, body: JSON.stringify({ [name]: wrongFor(resolve(property) ?? property, junk, random) }) });
      }
      add(`body.${name} only, unknown extra`, { path: goodPath, headers: jsonHeaders, body: JSON.stringify({ [name]: wrongFor(resolve(property) ?? property, junk, random), [random ? `extra${junk.text(3)}` : 'extraField']: 1 }) });
    }
  }
  return cases;
}

/**
 * The cases, one round after another, until `count` are made or `rounds` are done: round 0 is the
 * fixed set, each later one draws from `seed` and its number. `authorization` is the header of a
 * caller with every role, so a case fails for what it is, not for who sends it.
 */
export function* fuzzCases(doc: OpenApiDocument, options: { seed: number; authorization: string; count?: number; rounds?: number }): Generator<FuzzCase> {
  const resolve = (schema: Schema | undefined) => (schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema);
  const count = options.count ?? Infinity;
  let made = 0;
  for (let round = 0; made < count && round < (options.rounds ?? Infinity); round++) {
    const junk = junkFrom(fuzzRandom(options.seed + round * 0x9e3779b1));
    let inRound = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        for (const c of casesFor(resolve, path, method.toUpperCase(), op, junk, round, options.authorization)) {
          if (made >= count) return;
          made++;
          inRound++;
          yield c;
        }
      }
    }
    if (inRound === 0) return;
  }
}

/** Sends a case; a failure (anything but a 4xx problem+json) as a line, or undefined. */
export async function sendCase(baseUrl: string, c: FuzzCase): Promise<{ status: number; failure?: string }> {
  const response = await fetch(`${baseUrl}${c.path}`, { method: c.method, headers: c.headers, body: c.body });
  const text = await response.text();
  const problem = (response.headers.get('content-type') ?? '').includes('application/problem+json');
  const bad = response.status < 400 || response.status >= 500 || !problem;
  return { status: response.status, ...(bad ? { failure: `${c.label} → ${response.status} ${text.slice(0, 120)}` } : {}) };
}
