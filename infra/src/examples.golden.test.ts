import { readdirSync } from 'node:fs';
import { EXAMPLE_SPECS_DIR, EXAMPLE_SPEC_NAMES } from './testing/exampleSpecs';
import {
  GOLDEN_DIR,
  firstDifference,
  readGoldenFiles,
  synthesizeExampleFiles,
} from './testing/goldenExamples';

/*
 * The regression test of the examples: every example spec synthesizes to exactly the committed
 * golden files (infra/golden/<example>/), byte for byte, including the list of stacks and files.
 * A refactoring of the stacks must leave them unchanged. For an intended change of the generated
 * Terraform run `npm run golden:update -w @dpra/stacks` and review the golden diff; this test
 * never writes them.
 */

const UPDATE_HINT =
  'if the change of the generated Terraform is intended, run `npm run golden:update -w @dpra/stacks` and review the diff';

describe('example specs against their golden files', () => {
  it('GIVEN examples/specs THEN every example is listed and has golden files, and no golden directory is stale', () => {
    const specs = readdirSync(EXAMPLE_SPECS_DIR)
      .filter(f => f.endsWith('.yaml'))
      .map(f => f.replace(/\.yaml$/, ''))
      .sort();
    expect(specs).toEqual([...EXAMPLE_SPEC_NAMES].sort());
    expect(readdirSync(GOLDEN_DIR).sort()).toEqual(specs);
  });

  it.each(EXAMPLE_SPEC_NAMES)(
    'GIVEN examples/specs/%s.yaml WHEN synthesized THEN every stack and file is byte-identical to golden/',
    async name => {
      const now = await synthesizeExampleFiles(name);
      const golden = readGoldenFiles(name);

      expect({ files: Object.keys(now).sort(), hint: UPDATE_HINT }).toEqual({
        files: Object.keys(golden).sort(),
        hint: UPDATE_HINT,
      });
      const differences = Object.keys(now)
        .sort()
        .flatMap(file => {
          const difference = firstDifference(golden[file], now[file]);
          return difference ? [`${name}/${file} ${difference}`] : [];
        });
      expect({ differences, hint: UPDATE_HINT }).toEqual({
        differences: [],
        hint: UPDATE_HINT,
      });
    },
    60_000,
  );
});
