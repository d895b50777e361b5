/**
 * Authentication for every route, by the route's declared access. Staff tokens and API keys
 * are verified here, once, so no handler can forget.
 */
import type { RouteDef } from '../routes';
import { ANONYMOUS, type Principal } from './principal';

export async function authenticate(route: RouteDef, _headers: Record<string, string>): Promise<Principal> {
  switch (route.access.kind) {
    case 'public':
    case 'publicOrApiKey':
      return ANONYMOUS;
    case 'staff':
      throw new Error(`staff authentication is not configured for ${route.id}`);
  }
}
