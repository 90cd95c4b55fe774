import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import {
  assertNoEscapingSymlinks,
  resolveOutputFile,
  resolveTargetDirectory,
  toWorkspaceRelative,
} from './workspaceGuard';

describe('workspaceGuard', () => {
  const mockDir = createMockDirectory();
  const workspace = mockDir.resolve('workspace');
  const outside = mockDir.resolve('outside');

  beforeEach(() => {
    mockDir.setContent({
      workspace: { app: {} },
      outside: { 'secret.txt': 'x' },
    });
  });

  describe('resolveTargetDirectory', () => {
    it.each(['.', 'app', 'app/infra', './nested/../app'])(
      'GIVEN %p WHEN resolved THEN it stays inside the workspace',
      target => {
        const resolved = resolveTargetDirectory(workspace, target);
        expect(resolved.startsWith(workspace)).toBe(true);
      },
    );

    it.each(['../outside', '../../etc', 'app/../../outside', '..'])(
      'GIVEN traversal %p THEN it is refused',
      target => {
        expect(() => resolveTargetDirectory(workspace, target)).toThrow(
          /targetPath: .* resolves outside the workspace/,
        );
      },
    );

    it.each([
      [
        'a name over 255 bytes',
        `app/${'x'.repeat(300)}`,
        /a file or directory name may have at most 255/,
      ],
      [
        'a path over the limit',
        Array(40).fill('y'.repeat(100)).join('/'),
        /targetPath: is too long/,
      ],
    ])(
      'GIVEN %s THEN it is refused as too long, not as outside the workspace',
      (_, target, message) => {
        expect(() => resolveTargetDirectory(workspace, target)).toThrow(
          expect.objectContaining({
            name: 'InputError',
            message: expect.stringMatching(message),
          }),
        );
      },
    );

    it.each(['/etc', '/tmp/x', 'C:\\Windows'])(
      'GIVEN absolute %p THEN it is refused as input error',
      target => {
        expect(() => resolveTargetDirectory(workspace, target)).toThrow(
          expect.objectContaining({
            name: 'InputError',
            message: expect.stringContaining('targetPath'),
          }),
        );
      },
    );

    it('GIVEN a symlinked directory pointing outside THEN it is refused', () => {
      fs.symlinkSync(outside, path.join(workspace, 'escape'));
      expect(() => resolveTargetDirectory(workspace, 'escape')).toThrow(
        /outside the workspace/,
      );
      expect(() => resolveTargetDirectory(workspace, 'escape/deeper')).toThrow(
        /outside the workspace/,
      );
    });
  });

  describe('assertNoEscapingSymlinks', () => {
    it('GIVEN only regular files and inner symlinks THEN it passes', async () => {
      fs.writeFileSync(path.join(workspace, 'app', 'a.txt'), 'a');
      fs.symlinkSync(
        path.join(workspace, 'app', 'a.txt'),
        path.join(workspace, 'app', 'b.txt'),
      );
      await expect(
        assertNoEscapingSymlinks(workspace, path.join(workspace, 'app')),
      ).resolves.toBeUndefined();
    });

    it('GIVEN a nested file symlink pointing outside THEN it is refused, naming the file', async () => {
      fs.mkdirSync(path.join(workspace, 'app', 'cdktf.out'));
      fs.symlinkSync(
        path.join(outside, 'secret.txt'),
        path.join(workspace, 'app', 'cdktf.out', 'manifest.json'),
      );
      await expect(
        assertNoEscapingSymlinks(workspace, path.join(workspace, 'app')),
      ).rejects.toThrow('app/cdktf.out/manifest.json is a symlink');
    });

    it('GIVEN a target that does not exist yet THEN it passes', async () => {
      await expect(
        assertNoEscapingSymlinks(workspace, path.join(workspace, 'new')),
      ).resolves.toBeUndefined();
    });
  });

  it('resolveOutputFile refuses names that climb out', () => {
    expect(() =>
      resolveOutputFile(
        workspace,
        path.join(workspace, 'app'),
        '../../outside/x',
      ),
    ).toThrow(/outside the workspace/);
    expect(resolveOutputFile(workspace, workspace, 'pipeline.yaml')).toBe(
      path.join(workspace, 'pipeline.yaml'),
    );
  });

  it('toWorkspaceRelative uses forward slashes and "." for the root', () => {
    expect(toWorkspaceRelative(workspace, workspace)).toBe('.');
    expect(
      toWorkspaceRelative(workspace, path.join(workspace, 'a', 'b.json')),
    ).toBe('a/b.json');
  });
});
