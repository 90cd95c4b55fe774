/*
 * Regenerates the spec field reference in README.md (between the spec-reference markers) and
 * ../docs/spec.md from the schema. Run: npm run docs:generate -w @dpra/stacks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  renderDocsSpecPage,
  spliceReadmeReference,
} from '../src/spec/specDocs';
import { formatMarkdown } from './formatMarkdown';

const readme = resolve(__dirname, '..', 'README.md');
writeFileSync(
  readme,
  formatMarkdown(spliceReadmeReference(readFileSync(readme, 'utf8'))),
);
const docs = resolve(__dirname, '..', '..', 'docs', 'spec.md');
writeFileSync(docs, formatMarkdown(renderDocsSpecPage()));
process.stdout.write(`wrote ${readme}\nwrote ${docs}\n`);
