import type { SpecIssue } from './validate';

/*
 * Issue paths stay machine paths (`spec.production.waves[1].regions[0]`, zero-based like the JSON
 * they point into: a form or an editor resolves them). People read the same issue in words, with
 * the numbering they see on screen: "Production wave 2, region 1". This is the one place that
 * turns one into the other, so every surface (task log, form, CLI) numbers the same way.
 */

/** Words for path segments whose spelling would read badly when split from camelCase. */
const SEGMENT_WORDS: Readonly<Record<string, string>> = {
  organizationalUnits: 'OU',
  ous: 'OU',
  oneBox: 'one-box',
  iacScan: 'IaC scan',
  sast: 'SAST',
  sca: 'SCA',
  sbom: 'SBOM',
  dast: 'DAST',
  ami: 'AMI',
  connectionArn: 'connection ARN',
  objectKey: 'object key',
  policies: 'policy',
  notify: 'notify address',
};

function words(key: string): string {
  return (
    SEGMENT_WORDS[key] ??
    key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  );
}

/** `waves` numbered is "wave 2"; `policies` is mapped above, so a trailing s is enough here. */
function singular(word: string): string {
  return word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/**
 * A spec path in words with 1-based numbering: `spec.production.waves[1].regions[0]` reads
 * "Production wave 2, region 1"; `metadata.name` reads "Name". The empty path (the document
 * itself) reads "The spec".
 *
 * @public
 */
export function describeSpecPath(path: string): string {
  const parts: string[] = [];
  let previousNumbered = false;
  const segments = path.split('.').filter(Boolean);
  segments.forEach((segment, position) => {
    // The document's top-level `spec` and `metadata` add nothing a reader needs.
    if (position === 0 && (segment === 'spec' || segment === 'metadata'))
      return;
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(segment);
    const key = match ? match[1] : segment;
    const indexes = match
      ? [...match[2].matchAll(/\[(\d+)\]/g)].map(m => Number(m[1]) + 1)
      : [];
    let text = words(key);
    if (indexes.length) text = `${singular(text)} ${indexes.join('.')}`;
    let separator = parts.length ? ' ' : '';
    if (previousNumbered) separator = ', ';
    parts.push(`${separator}${text}`);
    previousNumbered = indexes.length > 0;
  });
  const joined = parts.join('');
  if (!joined) return 'The spec';
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

/**
 * One issue as a sentence for people: "Production wave 2, region 1: deploys to us-east-1, which
 * wave 1 already deploys to".
 *
 * @public
 */
export function describeSpecIssue(issue: SpecIssue): string {
  return `${describeSpecPath(issue.path)}: ${issue.message}`;
}
