/**
 * Lints the OpenAPI document the API serves (`buildOpenApi()`, as `GET /v1/openapi.json` answers
 * it) with two standard tools: Redocly CLI (its `recommended` rules, `redocly.yaml`) and Spectral
 * (`spectral:oas`, `.spectral.yaml`). Part of `npm run lint`; fails on any error of either.
 *
 * Both run offline: the document is a local file with no remote references, the rulesets are
 * the tools' built-in ones, and Redocly's usage data and update check are switched off (the
 * environment below, and `telemetry: off` in redocly.yaml).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApi } from '../shared/openapi';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** A fixed path: `.redocly.lint-ignore.yaml` names the document by it. */
const DOCUMENT = join(ROOT, '.data', 'openapi', 'openapi.json');

const OFFLINE_ENV = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  // The same switch for the notices Redocly shows when the terminal is interactive.
  REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
};

function run(tool: string, args: string[]): boolean {
  const bin = join(ROOT, 'node_modules', '.bin', tool);
  const result = spawnSync(bin, args, { cwd: ROOT, env: OFFLINE_ENV, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status === 0;
}

mkdirSync(join(ROOT, '.data', 'openapi'), { recursive: true });
writeFileSync(DOCUMENT, `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
const document = relative(ROOT, DOCUMENT);
const redocly = run('redocly', ['lint', '--config', 'redocly.yaml', '--format', 'stylish', document]);
const spectral = run('spectral', ['lint', '--ruleset', '.spectral.yaml', '--fail-severity', 'error', document]);
if (!redocly || !spectral) {
  console.error(`OpenAPI lint failed: ${[!redocly && 'redocly', !spectral && 'spectral'].filter(Boolean).join(', ')}`);
  process.exitCode = 1;
}
