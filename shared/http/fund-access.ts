/**
 * Which funds a signed-in caller may see and act on. The one place a list across funds asks;
 * a per-fund scope (a committee and its children) answers here when roles carry one.
 */
import type { Fund } from '../domain/funds';
import type { Principal } from './principal';

export function fundVisibility(principal: Principal): (fund: Fund) => boolean {
  return () => principal.kind === 'staff';
}
