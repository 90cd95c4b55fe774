/*
 * Rewrites infra/golden/ from what the example specs synthesize to now. Run it only for an
 * intended change of the generated Terraform, and review the diff of the golden files like code:
 * npm run golden:update -w @dpra/stacks. Tests and CI never write golden files.
 */
import { rmSync } from 'node:fs';
import { EXAMPLE_SPEC_NAMES } from '../src/testing/exampleSpecs';
import { GOLDEN_DIR, writeGoldenFiles } from '../src/testing/goldenExamples';

(async () => {
  rmSync(GOLDEN_DIR, { recursive: true, force: true });
  for (const name of EXAMPLE_SPEC_NAMES) {
    const files = await writeGoldenFiles(name);
    process.stdout.write(`${name}: ${files.join(', ')}\n`);
  }
})().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
