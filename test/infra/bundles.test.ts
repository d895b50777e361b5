/** The house build's module replacements (infra/constructs/bundles.ts) serve only the importers they were made for. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleEntry } from '../../infra/constructs/bundles';
import { PROJECT_ROOT } from '../../infra/constructs/house-function';
import { gte } from '../../infra/constructs/semver-gte';

const outdir = mkdtempSync(join(tmpdir(), 'sovang-bundles-'));

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('the semver replacement', () => {
  it('answers the X-Ray SDK’s one question: is this AWS SDK v2 at least the version it needs', () => {
    expect(gte('2.1692.0', '2.7.15')).toBe(true);
    expect(gte('2.7.15', '2.7.15')).toBe(true);
    expect(gte('2.7.9', '2.7.15')).toBe(false);
    expect(gte('1.40.0', '2.7.15')).toBe(false);
  });

  it('stops the build of a bundle where any other module imports semver', () => {
    expect(() => bundleEntry(PROJECT_ROOT, 'test/fixtures/bundles/requires-semver.cjs', join(outdir, 'requires-semver'))).toThrow(
      /test\/fixtures\/bundles\/requires-semver\.cjs imports semver/,
    );
  });
});
