import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { GENERATED_FILES_OUTPUT } from '@dpra/plugin-pipelines-common';
import { fireEvent, screen, within } from '@testing-library/react';
import {
  GeneratedFilesOutputs,
  generatedFilesOf,
} from './GeneratedFilesOutputs';

const routes = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

const STACK = JSON.stringify(
  { resource: { aws_codepipeline: { pipeline: { name: 'orders-service' } } } },
  null,
  2,
);

const output = {
  links: [
    {
      title: 'Repository',
      url: 'http://localhost:7007/api/scaffolder/dpra/local-git/orders-service',
    },
  ],
  text: [{ title: 'Pipeline', content: '**orders-service**' }],
  [GENERATED_FILES_OUTPUT]: [
    {
      path: 'pipeline/pipeline.yaml',
      content: 'apiVersion: dpra/v1\nkind: AppPipeline\n',
    },
    { path: 'pipeline/main.ts', content: "import { App } from 'cdktf';\n" },
    {
      path: 'pipeline/cdktf.out/stacks/orders-service-toolchain/cdk.tf.json',
      content: STACK,
    },
  ],
};

describe('GeneratedFilesOutputs', () => {
  it("keeps Backstage's links and texts, lists every generated file and shows the chosen one's text", async () => {
    await renderInTestApp(
      <GeneratedFilesOutputs output={output as any} />,
      routes,
    );
    expect(screen.getByText('Repository')).toBeInTheDocument();
    expect(screen.getByText('Generated files (3)')).toBeInTheDocument();
    const files = within(
      screen.getByRole('navigation', { name: 'Generated files' }),
    );
    expect(files.getAllByRole('button').map(item => item.textContent)).toEqual(
      output[GENERATED_FILES_OUTPUT].map(f => f.path),
    );
    // The first file is open; choosing the Terraform stack shows it, exactly as written.
    expect(screen.getByTestId('dpra-generated-file-content').textContent).toBe(
      'apiVersion: dpra/v1\nkind: AppPipeline\n',
    );
    fireEvent.click(
      files.getByText(
        'pipeline/cdktf.out/stacks/orders-service-toolchain/cdk.tf.json',
      ),
    );
    expect(screen.getByTestId('dpra-generated-file-content').textContent).toBe(
      STACK,
    );
  });

  it('shows only the default outputs when the task output carries no generated files', async () => {
    await renderInTestApp(
      <GeneratedFilesOutputs output={{ links: output.links } as any} />,
      routes,
    );
    expect(screen.getByText('Repository')).toBeInTheDocument();
    expect(screen.queryByTestId('dpra-generated-files')).toBeNull();
    expect(
      generatedFilesOf({ [GENERATED_FILES_OUTPUT]: 'not a list' } as any),
    ).toEqual([]);
    expect(
      generatedFilesOf({
        [GENERATED_FILES_OUTPUT]: [{ path: 'a' }, { path: 'b', content: 'x' }],
      } as any),
    ).toEqual([{ path: 'b', content: 'x' }]);
  });
});
