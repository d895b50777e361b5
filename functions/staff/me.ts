import { ForbiddenError } from '../../shared/errors';
import { routeHandler } from '../../shared/http/handler';
import { GetMe } from '../../shared/routes/organisations';

export const handler = routeHandler(GetMe, async ({ principal }) => {
  // The route takes staff tokens only; an organisation's key never gets this far.
  if (principal.kind !== 'staff') throw new ForbiddenError('This route is for staff');
  return { body: { userId: principal.userId, roles: principal.roles, grants: principal.grants } };
});
