import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  exampleSpecsDir,
  loadSpecDeclarations,
  specFilesIn,
} from '@dpra/aws-local';
import { parseAllDocuments } from 'yaml';
import { AwsTargetPolicy } from '../aws/AwsTarget';
import { parsePipelineReferences } from './parsePipelineReferences';

// The local portal's example catalog must show every pipeline the local AWS world synthesizes
// from examples/specs: each one named by an entity's annotations, in an account and region the
// portal's config allows (app-config.yaml reads 111111111111 in these regions).
const catalogFile = resolve(exampleSpecsDir(), '../catalog/services.yaml');
const policy = new AwsTargetPolicy({
  targets: [{ accountId: '111111111111', regions: ['us-east-1', 'eu-west-1'] }],
  allowedRoleArns: [],
});

describe('the example catalog', () => {
  it('names every pipeline of the example specs, as aws-local serves it', async () => {
    const declarations = await loadSpecDeclarations(
      specFilesIn(exampleSpecsDir()),
    );
    const entities = parseAllDocuments(readFileSync(catalogFile, 'utf8')).map(
      d => d.toJS(),
    );
    const referenced = entities.flatMap(entity => {
      const parsed = parsePipelineReferences(entity, policy);
      expect(parsed.problems).toEqual([]);
      return parsed.explicit.map(link => link.arn);
    });
    for (const pipeline of declarations.pipelines) {
      expect(referenced).toContain(pipeline.arn);
    }
    // One entity per example spec: each spec's pipeline is on exactly one entity.
    expect(
      declarations.pipelines.map(
        p => referenced.filter(arn => arn === p.arn).length,
      ),
    ).toEqual(declarations.pipelines.map(() => 1));
  }, 120_000);
});
