// Reads the root README's "Install the plugins into an existing Backstage app" section: the pack
// check applies its code blocks to a fresh app word for word, so the README is what is tested.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './proc.mjs';

export const INSTALL_HEADING = '## Install the plugins into an existing Backstage app';

/** The fenced code blocks of the README's install section, as `{ lang, text, before }`. */
function installBlocks() {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(`${INSTALL_HEADING}\n`);
  if (start < 0) throw new Error(`README.md has no section "${INSTALL_HEADING}"`);
  const rest = readme.slice(start + INSTALL_HEADING.length);
  const section = rest.slice(0, rest.search(/\n## /) >= 0 ? rest.search(/\n## /) : undefined);
  const blocks = [];
  const re = /```(\w+)\n([\s\S]*?)```/g;
  let last = 0;
  for (const m of section.matchAll(re)) {
    blocks.push({ lang: m[1], text: m[2], before: section.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  return blocks;
}

function one(blocks, what, predicate) {
  const found = blocks.filter(predicate);
  if (found.length !== 1) {
    throw new Error(`README install section: expected one ${what} block, found ${found.length}`);
  }
  return found[0].text;
}

/**
 * The install steps a user follows in an app created by @backstage/create-app (new frontend
 * system, new backend system): shell commands, the backend lines, the new frontend system's
 * App.tsx snippet and the entity annotations.
 */
export function readInstallSteps() {
  const blocks = installBlocks();
  const shell = blocks
    .filter(b => b.lang === 'sh')
    .flatMap(b => b.text.split('\n'))
    .map(l => l.replace(/\s+#.*$/, '').trim())
    .filter(l => l && !l.startsWith('#'));
  const backend = one(blocks, 'backend (ts, backend.add)', b => b.lang === 'ts' && b.text.includes('backend.add('))
    .split('\n')
    .filter(l => l.trim());
  const frontend = one(blocks, 'new frontend system (tsx, /alpha)', b => b.lang === 'tsx' && b.text.includes('/alpha'));
  const annotations = one(blocks, 'annotations (yaml)', b => b.lang === 'yaml' && b.text.includes('annotations:'));
  const yarnrc = blocks.filter(b => b.lang === 'yaml' && b.before.includes('.yarnrc.yml')).map(b => b.text);
  return { shell, backend, frontend, annotations, yarnrc };
}
