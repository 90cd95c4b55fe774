import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatMarkdown } from '../../scripts/formatMarkdown';
import { renderDocsSpecPage, spliceReadmeReference } from './specDocs';

describe('generated spec documentation', () => {
  it('GIVEN the README WHEN the reference is regenerated THEN nothing changes (run npm run docs:generate)', () => {
    const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
    expect(formatMarkdown(spliceReadmeReference(readme))).toBe(readme);
  });

  it('GIVEN docs/spec.md WHEN regenerated THEN nothing changes', () => {
    const docs = readFileSync(
      resolve(__dirname, '../../../docs/spec.md'),
      'utf8',
    );
    expect(formatMarkdown(renderDocsSpecPage())).toBe(docs);
  });

  it('THEN every kind and the safety fields are documented', () => {
    const page = renderDocsSpecPage();
    for (const text of [
      'kind: AppPipeline',
      'kind: ImagePipeline',
      'kind: AccountFleetPipeline',
      'kind: ConfigPipeline',
      '`spec.production.strategy.finalBake`',
      '`spec.profiles.featureFlags.path`',
      '`spec.production.bake.firstWave`',
      '`spec.production.waves[].regions`',
      '`spec.distribution.waves[].accounts`',
      '`spec.waves[].ous`',
    ]) {
      expect(page).toContain(text);
    }
  });
});
