/**
 * The official schemas of test/fixtures/standards as validators, and a reader for the IATI XML
 * the generators write (so that tests check values, not layout).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';

const STANDARDS = join(import.meta.dirname, '..', 'fixtures', 'standards');

function standard(path: string): string {
  return readFileSync(join(STANDARDS, path), 'utf8');
}

/** Validates an IATI activity document against the official 2.03 XSD (libxml2, compiled to wasm). */
export async function validateIati(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: [{ fileName: 'activities.xml', contents: xml }],
    schema: [{ fileName: 'iati-activities-schema.xsd', contents: standard('iati-2.03/iati-activities-schema.xsd') }],
    preload: [
      { fileName: 'iati-common.xsd', contents: standard('iati-2.03/iati-common.xsd') },
      { fileName: 'xml.xsd', contents: standard('iati-2.03/xml.xsd') },
    ],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

/**
 * Validates a 360Giving package against the published JSON schemas (draft 2020-12), read from
 * the vendored files and adapted in memory only:
 * - they name their meta-schema `http://json-schema.org/draft/2020-12/schema`, which Ajv knows
 *   by its `https://` address, so `$schema` is dropped (Ajv2020 applies 2020-12 regardless);
 * - the package schema names the grant schema by its 1.4.2 address while the vendored grant
 *   schema is 1.4.3, so the grant schema is registered under both;
 * - the standard's annotations (codelist, openCodelist, rollUp) are declared as keywords, so
 *   that unknown keywords still fail (strictSchema). Ajv's checks of schema style
 *   (strictRequired, strictTypes), which the published schema does not follow, are off: they
 *   change no validation result.
 */
export function giving360Validator(): (data: unknown) => { valid: boolean; errors: string[] } {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, strictTypes: false, allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary(['codelist', 'openCodelist', 'rollUp']);
  const load = (path: string) => {
    const { $schema: _metaSchema, ...schema } = JSON.parse(standard(path)) as Record<string, unknown>;
    return schema;
  };
  const grantSchema = load('360giving/360-giving-schema.json');
  const packageSchema = load('360giving/360-giving-package-schema.json') as { properties: { grants: { items: { $ref: string } } } };
  ajv.addSchema(grantSchema);
  ajv.addSchema({ ...grantSchema, $id: packageSchema.properties.grants.items.$ref });
  const validate = ajv.compile(packageSchema);
  return (data) => {
    const valid = validate(data) as boolean;
    return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) };
  };
}

/** Parses IATI XML into plain objects; repeated elements are always arrays. */
export function parseIati(xml: string): IatiDoc {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ['iati-activity', 'transaction', 'narrative', 'participating-org', 'location', 'activity-date', 'indicator', 'actual', 'result', 'budget'].includes(name),
  });
  return parser.parse(xml) as IatiDoc;
}

export interface Narrative {
  '#text': string;
  '@xml:lang': string;
}
export interface IatiTransaction {
  '@ref'?: string;
  'transaction-type': { '@code': string };
  'transaction-date': { '@iso-date': string };
  value: { '#text': string; '@value-date': string };
  description: { narrative: Narrative[] };
  'provider-org'?: { '@ref'?: string; '@type'?: string; narrative: Narrative[] };
  'receiver-org'?: { '@ref'?: string; '@type'?: string; narrative: Narrative[] };
}
export interface IatiDoc {
  'iati-activities': { '@version': string; 'iati-activity': IatiActivity[] };
}
export interface IatiActivity {
  'iati-identifier': string;
  'activity-status': { '@code': string };
  'activity-date': { '@type': string; '@iso-date': string }[];
  'participating-org': { '@role': string; '@ref'?: string; narrative: Narrative[] }[];
  location?: { '@ref': string; name: { narrative: Narrative[] } }[];
  budget?: { value: { '#text': string } }[];
  transaction: IatiTransaction[];
  result?: { indicator: { title: { narrative: Narrative[] }; period: { actual: { '@value': string; location?: { '@ref': string }[] }[] } }[] }[];
}
