// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleOpenApiFiles } = require('../../scripts/generateOpenApi');

describe('files generated from openapi.yaml', () => {
  it('are what the spec generates now (run npm run generate:openapi -w @dpra/plugin-pipelines-backend)', async () => {
    expect(await staleOpenApiFiles()).toEqual([]);
  });
});
