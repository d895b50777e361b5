/**
 * What the functions' bundles get for `semver` (the alias in ./bundles.ts). Its one importer is
 * the X-Ray SDK's patcher for the AWS SDK v2 (aws-xray-sdk-core/dist/lib/patchers/aws_p.js), which
 * only asks whether the v2 SDK it is given is recent enough. This project uses the SDK v3, so the
 * question is never asked; the whole of semver would add 28 KB to every function.
 */
export function gte(version: string, minimum: string): boolean {
  const numbers = (text: string) => text.split(/[.+-]/, 3).map(Number);
  const [have, need] = [numbers(version), numbers(minimum)];
  for (let i = 0; i < 3; i++) {
    if (have[i] !== need[i]) return have[i]! > need[i]!;
  }
  return true;
}
