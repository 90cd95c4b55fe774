import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { synthesize } from '../synthesize';
import {
  type ExampleSpecName,
  STACKS_PACKAGE_DIR,
  exampleSpec,
} from './exampleSpecs';

/*
 * Golden files of the example specs: everything `synthesize` writes for each example (the cdktf
 * manifest and every stack's Terraform JSON) plus the stack list it returns, committed under
 * infra/golden/<example>/. Only `npm run golden:update -w @dpra/stacks` writes them; the test
 * compares byte for byte.
 */

/** Directory of the golden files. */
export const GOLDEN_DIR = join(STACKS_PACKAGE_DIR, 'golden');

/** File (in each example's golden directory) holding the stack list `synthesize` returned. */
export const SYNTH_RESULT_FILE = 'synth-result.json';

/** Every file below `dir`, by path relative to it (always with `/`), with its text. */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files[relative(dir, full).split(sep).join('/')] = readFileSync(
      full,
      'utf8',
    );
  }
  return files;
}

/** What `synthesize` writes and returns for an example, as golden files (path → text). */
export async function synthesizeExampleFiles(
  name: ExampleSpecName,
): Promise<Record<string, string>> {
  const outdir = mkdtempSync(join(tmpdir(), `dpra-golden-${name}-`));
  try {
    const result = await synthesize(exampleSpec(name), { outdir });
    const stacks = result.stacks.map(s => ({
      name: s.name,
      file: relative(outdir, s.file).split(sep).join('/'),
    }));
    return {
      ...readTree(outdir),
      [SYNTH_RESULT_FILE]: `${JSON.stringify({ stacks }, null, 2)}\n`,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The committed golden files of an example (path → text); empty when there are none. */
export function readGoldenFiles(name: ExampleSpecName): Record<string, string> {
  try {
    return readTree(join(GOLDEN_DIR, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

/** Replaces the golden files of an example with what it synthesizes to now. */
export async function writeGoldenFiles(
  name: ExampleSpecName,
): Promise<string[]> {
  const files = await synthesizeExampleFiles(name);
  const dir = join(GOLDEN_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    const target = join(dir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return Object.keys(files).sort();
}

/**
 * Where two texts first differ, as `line N: golden … / now …`, or undefined when they are equal.
 * A whole-file diff of a 200 kB stack would bury the one line that matters.
 */
export function firstDifference(
  golden: string,
  now: string,
): string | undefined {
  if (golden === now) return undefined;
  const a = golden.split('\n');
  const b = now.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  const show = (text: string | undefined) =>
    text === undefined ? '(end of file)' : `«${text.trim().slice(0, 300)}»`;
  return `line ${line + 1}: golden ${show(a[line])} / now ${show(b[line])}`;
}
