/** `npm run token -- --role finance-approver --user lan`: prints a staff token for the running twin. */
import './quiet-sdk';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../shared/routes';
import { createTokenIssuer } from './token-issuer';
import { PROJECT_ROOT } from './twin';

const { values } = parseArgs({
  options: { role: { type: 'string', multiple: true }, user: { type: 'string' }, port: { type: 'string' }, expires: { type: 'string' } },
});
const roles = (values.role ?? []) as Role[];
const unknown = roles.filter((r) => !ROLES.includes(r));
if (!values.user || roles.length === 0 || unknown.length) {
  console.error(`Usage: npm run token -- --role <${ROLES.join('|')}> --user <name> [--port 3000] [--expires 8h]`);
  process.exit(2);
}
const keyFile = join(PROJECT_ROOT, '.data', 'keys', 'token-issuer.json');
if (!existsSync(keyFile)) {
  console.error('No local signing key yet: run "npm start" once first.');
  process.exit(1);
}
const issuer = await createTokenIssuer({ port: Number(values.port ?? process.env.PORT ?? 3000), keyFile });
console.log(await issuer.issue(values.user, roles, { expiresIn: values.expires }));
