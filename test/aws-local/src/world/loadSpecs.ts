import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatIssues, parseSpecYaml } from '@dpra/stacks';
import {
  SynthesizedDeclarations,
  declarationsFromTerraform,
} from './fromTerraform';
import { synthesizeCached } from './synthCache';

/** The repository's example specs directory (`examples/specs`). @public */
export function exampleSpecsDir(): string {
  return resolve(
    dirname(require.resolve('@dpra/stacks/package.json')),
    '../examples/specs',
  );
}

/** Every `*.yaml` / `*.yml` file of a directory, sorted. @public */
export function specFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter(f => /\.ya?ml$/.test(f))
    .sort()
    .map(f => join(dir, f));
}

/**
 * Reads, validates and synthesizes spec files (through the synthesis cache) and converts their
 * stacks into what AWS answers once they are applied. Every invalid file is reported at once,
 * each problem with its file and path; nothing is served from a partial set.
 *
 * @public
 */
export async function loadSpecDeclarations(
  files: readonly string[],
): Promise<SynthesizedDeclarations> {
  const problems: string[] = [];
  const specs: unknown[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    const result = parseSpecYaml(text);
    if (result.ok) specs.push(result.spec);
    else
      problems.push(
        ...formatIssues(result.issues)
          .split('\n')
          .map(line => `${file}: ${line}`),
      );
  }
  if (problems.length > 0) {
    throw new Error(`invalid specs:\n${problems.join('\n')}`);
  }
  const merged: SynthesizedDeclarations = {
    pipelines: [],
    alarms: [],
    reportGroups: [],
    importSteps: [],
    appConfig: [],
  };
  for (const spec of specs) {
    const one = declarationsFromTerraform(await synthesizeCached(spec));
    merged.pipelines.push(...one.pipelines);
    merged.alarms.push(...one.alarms);
    merged.reportGroups.push(...one.reportGroups);
    merged.importSteps.push(...one.importSteps);
    merged.appConfig!.push(...(one.appConfig ?? []));
  }
  const names = merged.pipelines.map(p => `${p.region}/${p.declaration.name}`);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0) {
    throw new Error(
      `two specs declare the same pipeline: ${[...new Set(twice)].join(', ')}`,
    );
  }
  return merged;
}
