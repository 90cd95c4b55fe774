import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createGeneratePipelineAction } from './generate';
import { examples } from './generate.examples';

describe('dpra:pipeline:generate examples', () => {
  const mockDir = createMockDirectory();
  const action = createGeneratePipelineAction();

  beforeEach(() => mockDir.clear());

  it.each(examples.map((example, index) => [index + 1, example] as const))(
    'example %i runs and writes what its outputs list',
    async (_n, example) => {
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const workspacePath = mockDir.resolve('workspace');
      const ctx = createMockActionContext({ input: step.input, workspacePath });

      await action.handler(ctx);

      const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      const targetPath = step.input.targetPath ?? '.';
      expect(outputs.specPath).toBe(path.posix.join(targetPath, 'pipeline.yaml'));
      expect(outputs.pipelineName).toBe(step.input.spec.metadata.name);
      for (const file of outputs.files) {
        expect(fs.existsSync(path.join(workspacePath, file))).toBe(true);
      }
      expect(outputs.stacks.length > 0).toBe(step.input.synth !== false);
    },
  );
});
