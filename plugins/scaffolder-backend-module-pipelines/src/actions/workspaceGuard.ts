import { isChildPath, resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

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
): string {
  if (path.isAbsolute(targetPath) || path.win32.isAbsolute(targetPath)) {
    throw new InputError(
      `targetPath: "${targetPath}" must be a path relative to the workspace`,
    );
  }
  if (targetPath.includes('\0')) {
    throw new InputError('targetPath: must not contain NUL characters');
  }
  try {
    return resolveSafeChildPath(workspacePath, targetPath);
  } catch (error) {
    throw new NotAllowedError(
      `targetPath: "${targetPath}" resolves outside the workspace`,
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
