import {
  isChildPath,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Longest file or directory name Linux file systems accept (NAME_MAX), in bytes. */
const MAX_NAME_BYTES = 255;
/**
 * Longest path the generator writes under (PATH_MAX is 4096 bytes; the generated files add
 * their own names, up to about 200 bytes, below the target directory).
 */
const MAX_PATH_BYTES = 3800;

/**
 * Resolves the action's `targetPath` input to a directory inside the task workspace.
 *
 * Absolute paths are refused outright (rather than being re-rooted) so that a template author who
 * writes `/srv/pipelines` learns that the action only ever writes into the workspace.
 * `resolveSafeChildPath` follows symlinks of existing path segments, so `link-to-etc/x` is refused
 * as well as `../../etc`.
 */
export function resolveTargetDirectory(
  workspacePath: string,
  targetPath: string,
  inputName: string = 'targetPath',
): string {
  if (path.isAbsolute(targetPath) || path.win32.isAbsolute(targetPath)) {
    throw new InputError(
      `${inputName}: "${targetPath}" must be a path relative to the workspace`,
    );
  }
  if (targetPath.includes('\0')) {
    throw new InputError(`${inputName}: must not contain NUL characters`);
  }
  // Checked before resolving: the file system answers ENAMETOOLONG for these, which is not an
  // attempt to leave the workspace and must not be reported as one.
  const tooLong = targetPath
    .split(/[\\/]/)
    .find(segment => Buffer.byteLength(segment) > MAX_NAME_BYTES);
  if (tooLong !== undefined) {
    throw new InputError(
      `${inputName}: the name "${tooLong.slice(0, 20)}…" is ${Buffer.byteLength(
        tooLong,
      )} bytes long; a file or directory name may have at most ${MAX_NAME_BYTES}`,
    );
  }
  const resolvedBytes = Buffer.byteLength(
    path.resolve(workspacePath, targetPath),
  );
  if (resolvedBytes > MAX_PATH_BYTES) {
    throw new InputError(
      `${inputName}: is too long (${resolvedBytes} bytes inside the workspace; at most ${MAX_PATH_BYTES})`,
    );
  }
  try {
    return resolveSafeChildPath(workspacePath, targetPath);
  } catch (error) {
    if (error instanceof Error && error.name === 'NotAllowedError') {
      throw new NotAllowedError(
        `${inputName}: "${targetPath}" resolves outside the workspace`,
      );
    }
    throw new InputError(
      `${inputName}: "${targetPath}" cannot be used: ${
        (error as Error)?.message ?? error
      }`,
    );
  }
}

/**
 * Refuses to write when a symlink inside `directory` points outside the workspace.
 *
 * The files we write (`pipeline.yaml`, the cdktf project, `cdktf.out/**`) have fixed names, but an
 * earlier step (for example `fetch:template` of a hostile skeleton) could have placed a symlink with
 * one of those names; writing through it would modify a file outside the workspace.
 */
export async function assertNoEscapingSymlinks(
  workspacePath: string,
  directory: string,
): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return;
    }
    throw error;
  }
  for (const entry of entries) {
    const entryPath = path.join(directory, entry.name);
    if (entry.isSymbolicLink()) {
      if (!isChildPath(workspacePath, entryPath)) {
        throw new NotAllowedError(
          `${path.relative(
            workspacePath,
            entryPath,
          )} is a symlink that points outside the workspace`,
        );
      }
    } else if (entry.isDirectory()) {
      await assertNoEscapingSymlinks(workspacePath, entryPath);
    }
  }
}

/**
 * Resolves a file we are about to write and checks it one last time, immediately before writing.
 */
export function resolveOutputFile(
  workspacePath: string,
  directory: string,
  fileName: string,
): string {
  const filePath = path.resolve(directory, fileName);
  if (!isChildPath(workspacePath, filePath)) {
    throw new NotAllowedError(
      `${fileName} would be written outside the workspace`,
    );
  }
  return filePath;
}

/** Path of `absolutePath` relative to the workspace, with forward slashes (stable across OSes). */
export function toWorkspaceRelative(
  workspacePath: string,
  absolutePath: string,
): string {
  const relative = path.relative(workspacePath, absolutePath);
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}
