/**
 * Every identifier the open-data files publish, formed in one place (docs/OPEN-DATA.md explains
 * each). They are built only from stable facts (fund slug, GN reference code, unit code) so that
 * a night's files name the same things as the night before: IATI forbids changing an activity's
 * identifier once published, and 360Giving users join grants across files by id.
 */
import { fold } from '../../domain/text';
import type { OpenDataFund, Publisher } from './model';

/** `<reporting-org ref>-<fundId>`: IATI requires the reporting organisation's identifier as prefix. */
export function iatiActivityId(fund: Pick<OpenDataFund, 'publisherOrgRef' | 'fundId'>): string {
  return `${fund.publisherOrgRef}-${fund.fundId}`;
}

/** `<360Giving prefix>-<fundId>-<GN ref>`: the GN code is unique per fund and never reused. */
export function grantId(publisher: Publisher, fundId: string, disbursementRef: string): string {
  return `${publisher.giving360Prefix}-${fundId}-${internalId(disbursementRef)}`;
}

/** A ward or commune as a recipient organisation: `<unit prefix>-<five-digit code>`. */
export function unitOrgId(publisher: Publisher, unitCode: string): string {
  return `${publisher.unitOrgIdPrefix}-${unitCode}`;
}

/**
 * An organisation that received money directly, which has no registered identifier in the
 * journal (its tax code is kept private): 360Giving's advice for such recipients is the
 * publisher's prefix and the name with spaces turned into dashes.
 */
export function namedOrgId(publisher: Publisher, name: string): string {
  return `${publisher.giving360Prefix}-org-${nameId(name)}`;
}

/** The location of a ward or commune inside an IATI activity (`location/@ref`, our own reference). */
export function unitLocationRef(unitCode: string): string {
  return `vn-adm-${unitCode}`;
}

/**
 * 360Giving asks that spaces and special characters in internal identifiers become `-` or `_`.
 * Names are folded to lower-case ASCII first (`Công ty Á Châu` → `cong-ty-a-chau`); reference
 * codes keep their case.
 */
export function internalId(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

function nameId(name: string): string {
  return internalId(fold(name).replace(/ /g, '-'));
}
