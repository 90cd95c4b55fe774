import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pipelineSpecJsonSchema } from './jsonSchema';
import { JSON_SCHEMA_FILE, renderJsonSchemaFile } from './jsonSchemaFile';

describe('pipelineSpecJsonSchema', () => {
  it('GIVEN the committed schema file WHEN compared with the zod schema THEN it is current (run npm run schema:generate)', () => {
    const committed = readFileSync(
      resolve(__dirname, '../..', JSON_SCHEMA_FILE),
      'utf8',
    );
    expect(committed).toBe(renderJsonSchemaFile(pipelineSpecJsonSchema));
  });

  it('GIVEN the schema WHEN read by an editor THEN it offers the four kinds, forbids unknown keys and documents defaults', () => {
    const schema = pipelineSpecJsonSchema as any;
    const kinds = schema.anyOf.map((s: any) => s.properties.kind.const);
    expect(kinds).toEqual([
      'AppPipeline',
      'ImagePipeline',
      'AccountFleetPipeline',
      'ConfigPipeline',
    ]);
    const app = schema.anyOf[0];
    expect(app.additionalProperties).toBe(false);
    const prod = app.properties.spec.properties.production;
    expect(prod.properties.bake.properties.firstWave.default).toBe('12h');
    expect(prod.properties.waves.items.properties.regions.items.enum).toContain(
      'eu-west-1',
    );
    expect(
      app.properties.spec.properties.toolchain.properties.account.pattern,
    ).toBe('^\\d{12}$');
  });
});
