import type { CommandContext } from '../usecases/command';
import type { RouteRequest } from './handler';
import { actorOf } from './principal';

/** The journal actor and the idempotency scope of a request: keys of different callers never collide. */
export function commandContext(request: Pick<RouteRequest, 'principal' | 'idempotencyKey' | 'scope'>): CommandContext {
  const actor = actorOf(request.principal);
  return { actor, idempotencyKey: request.idempotencyKey!, idempotencyScope: actor, scope: request.scope };
}
