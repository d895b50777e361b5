/**
 * `npm run token -- --role finance-approver --user lan`: prints a staff token for the running twin.
 * `--committee vn-79 [--children]` scopes the role to a committee (and the ones below it); without
 * it the role is the central committee's, with its children. `--org <orgId>` signs in for an
 * organisation instead.
 */
import './quiet-sdk';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COMMITTEE_ID, grantGroup, ROLES, type Role } from '../../shared/domain/committees';
import { createTokenIssuer } from './token-issuer';
import { PROJECT_ROOT } from './twin';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    user: { type: 'string' },
    committee: { type: 'string' },
    children: { type: 'boolean' },
    org: { type: 'string' },
    port: { type: 'string' },
    expires: { type: 'string' },
  },
});
const roles = (values.role ?? []) as Role[];
const unknown = roles.filter((r) => !ROLES.includes(r));
const badCommittee = values.committee !== undefined && !COMMITTEE_ID.test(values.committee);
if (!values.user || (roles.length === 0 && !values.org) || unknown.length || badCommittee) {
  console.error(`Usage: npm run token -- --user <name> (--role <${ROLES.join('|')}> [--committee vn-79 [--children]] | --org <orgId>) [--port 3000] [--expires 8h]`);
  process.exit(2);
}
const keyFile = join(PROJECT_ROOT, '.data', 'keys', 'token-issuer.json');
if (!existsSync(keyFile)) {
  console.error('No local signing key yet: run "npm start" once first.');
  process.exit(1);
}
const groups = values.org
  ? [`org:${values.org}`]
  : roles.map((role) => (values.committee ? grantGroup({ committeeId: values.committee, role, children: Boolean(values.children) }) : role));
const issuer = await createTokenIssuer({ port: Number(values.port ?? process.env.PORT ?? 3000), keyFile });
console.log(await issuer.issue(values.user, groups, { expiresIn: values.expires }));
