import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, watch } from 'node:fs';
import type { SynthesizedDeclarations } from './fromTerraform';
import { loadSpecDeclarations, specFilesIn } from './loadSpecs';

/** What {@link watchSpecsDirectory} reports. @public */
export type SpecsDirectoryEvent =
  | { type: 'added'; file: string; pipelines: string[] }
  | { type: 'rejected'; file: string; error: string };

/** Options of {@link watchSpecsDirectory}. @public */
export interface WatchSpecsDirectoryOptions {
  /** The directory (created when missing); every `*.yaml` / `*.yml` file in it is a spec. */
  dir: string;
  /**
   * Adds one spec's synthesized pipelines to the running world and returns their names; throws
   * when it cannot (the file is then reported as rejected).
   */
  add(declarations: SynthesizedDeclarations): string[];
  /** Told about every file taken in or turned away. */
  onEvent?(event: SpecsDirectoryEvent): void;
  /** How long changes settle before a scan, in ms (50). */
  settleMs?: number;
}

/** A running watch: `ready` settles after the first scan; `close` stops watching. @public */
export interface SpecsDirectoryWatch {
  ready: Promise<void>;
  close(): void;
}

/**
 * Serves the specs that appear in a directory while the endpoint runs: the local stand-in for
 * applying a new service's generated stacks (the local portal's `publish:dpra-local` drops the
 * published `pipeline.yaml` here). Each new file is validated and synthesized like a `--spec`
 * file, then added to the world with its first execution running. The files present at start are
 * taken in the same way. A file is taken once; an invalid file, or one whose pipeline is already
 * served, is reported with its problems and skipped while the rest keeps being served. Files are
 * expected to appear whole (written aside, then renamed in).
 *
 * @public
 */
export function watchSpecsDirectory(
  options: WatchSpecsDirectoryOptions,
): SpecsDirectoryWatch {
  mkdirSync(options.dir, { recursive: true });
  const seen = new Map<string, string>();
  let closed = false;
  let scanning: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const scanOnce = async () => {
    for (const file of specFilesIn(options.dir)) {
      let digest: string;
      try {
        digest = createHash('sha256').update(readFileSync(file)).digest('hex');
      } catch {
        continue; // renamed away between the listing and the read
      }
      if (seen.get(file) === digest) continue;
      const known = seen.has(file);
      seen.set(file, digest);
      if (known) {
        options.onEvent?.({
          type: 'rejected',
          file,
          error:
            'the spec changed after it was taken in; restart the endpoint to serve the change',
        });
        continue;
      }
      try {
        const pipelines = options.add(await loadSpecDeclarations([file]));
        options.onEvent?.({ type: 'added', file, pipelines });
      } catch (error) {
        options.onEvent?.({
          type: 'rejected',
          file,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };
  // Scans run one after another, so a burst of events never synthesizes a file twice.
  const scan = () => {
    scanning = scanning.then(() => (closed ? undefined : scanOnce()));
    return scanning;
  };

  const watcher = watch(options.dir, () => {
    clearTimeout(timer);
    timer = setTimeout(scan, options.settleMs ?? 50);
  });
  return {
    ready: scan(),
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
