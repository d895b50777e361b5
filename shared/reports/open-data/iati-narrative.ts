/** The IATI building blocks shared by the activity, its transactions and its results. */
import { ORGANISATION_TYPE } from './iati-codes';
import type { Bilingual } from './labels';
import type { OpenDataFund } from './model';
import { el, textEl, type Attrs, type XmlElement } from './xml';

/** One `narrative` per language, Vietnamese first, each with its `xml:lang`. */
export function narratives(text: Bilingual): XmlElement[] {
  return [textEl('narrative', { 'xml:lang': 'vi' }, text.vi), textEl('narrative', { 'xml:lang': 'en' }, text.en)];
}

export function withNarratives(name: string, attrs: Attrs, text: Bilingual): XmlElement {
  return el(name, attrs, narratives(text));
}

/** The committee as an organisation element (reporting-org, provider-org, receiver-org…). */
export function committeeOrg(name: string, fund: Pick<OpenDataFund, 'publisherOrgRef' | 'committee'>, attrs: Attrs = {}): XmlElement {
  return withNarratives(name, { ref: fund.publisherOrgRef, type: ORGANISATION_TYPE.committee, ...attrs }, fund.committee.name);
}
