import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';

export const handler = routeHandler(routeById('GetMe'), async ({ principal }) => ({
  body: principal.kind === 'staff' ? { userId: principal.userId, roles: principal.roles } : {},
}));
