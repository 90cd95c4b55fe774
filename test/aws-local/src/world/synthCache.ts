import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { synthesizeJson } from '@dpra/stacks';
import type { TerraformStackJson } from './terraformJson';

/*
 * cdktf synthesis costs about a second per spec; the world and the contract tests synthesize the
 * same specs again and again. The Terraform JSON is cached per spec content and per generator
 * code: the key hashes the spec and every source file of @dpra/stacks and the contract (a version
 * number alone would not change when a stage is renamed in the repository, and a drift test fed
 * from a stale cache could not fail). Within a process the parsed result is kept in memory too.
 */

/** Synthesized Terraform JSON of every stack of a spec, by stack name. @public */
export type SynthesizedStacks = Record<string, TerraformStackJson>;

const memory = new Map<string, Promise<SynthesizedStacks>>();
let fingerprint: string | undefined;

function hashTree(hash: ReturnType<typeof createHash>, dir: string) {
  for (const entry of readdirSync(dir).sort()) {
    if (entry === 'node_modules') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      hashTree(hash, path);
    } else if (/\.(ts|js|json)$/.test(entry) && !/\.test\.ts$/.test(entry)) {
      hash.update(path.slice(dir.length)).update(readFileSync(path));
    }
  }
}

/** A hash of what synthesis depends on: the generator's and the contract's code and versions. */
function generatorFingerprint(): string {
  if (!fingerprint) {
    const hash = createHash('sha256');
    for (const name of [
      '@dpra/stacks',
      '@dpra/pipeline-contract',
      'cdktf',
      '@cdktf/provider-aws',
    ]) {
      const manifest = require.resolve(`${name}/package.json`);
      hash.update(name).update(readFileSync(manifest));
      const dir = dirname(manifest);
      // Workspace packages carry their source; installed ones are fixed by their version.
      for (const code of ['src', 'dist']) {
        if (name.startsWith('@dpra/') && existsSync(join(dir, code)))
          hashTree(hash, join(dir, code));
      }
    }
    fingerprint = hash.digest('hex');
  }
  return fingerprint;
}

/** Where synthesized output is kept between runs (`DPRA_SYNTH_CACHE_DIR` overrides it). */
export function synthCacheDir(): string {
  return (
    process.env.DPRA_SYNTH_CACHE_DIR ??
    join(
      dirname(require.resolve('@dpra/stacks/package.json')),
      'node_modules',
      '.cache',
      'dpra-synth',
    )
  );
}

/**
 * Synthesizes a spec (raw input: it is validated, an invalid spec throws @dpra/stacks'
 * SpecValidationError) and returns its Terraform JSON, from the cache when the same spec was
 * synthesized by the same generator code before.
 *
 * @public
 */
export function synthesizeCached(spec: unknown): Promise<SynthesizedStacks> {
  const key = createHash('sha256')
    .update(generatorFingerprint())
    .update(JSON.stringify(spec))
    .digest('hex');
  const known = memory.get(key);
  if (known) return known;
  const file = join(synthCacheDir(), `${key}.json`);
  const pending = (async () => {
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as SynthesizedStacks;
      } catch {
        // A torn write from an interrupted run: synthesize again below.
      }
    }
    const stacks = (await synthesizeJson(spec)) as SynthesizedStacks;
    mkdirSync(dirname(file), { recursive: true });
    // Write then rename, so a parallel reader never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(stacks));
    renameSync(partial, file);
    return stacks;
  })();
  memory.set(key, pending);
  pending.catch(() => memory.delete(key));
  return pending;
}
