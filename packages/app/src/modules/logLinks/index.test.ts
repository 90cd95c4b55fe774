import { Options, tokenize } from 'linkifyjs';
import { isAddressWithScheme, linkOnlyAddressesWithScheme } from './index';

/** The links the log viewer makes of a line: what linkify-react renders as `<a>`. */
function linksIn(line: string): string[] {
  // linkify-react builds its Options from the viewer's own (a render function only).
  const viewerOptions = new Options({ render: () => null });
  return tokenize(line)
    .filter(token => token.isLink && viewerOptions.check(token))
    .map(token => token.toString());
}

const LINES = [
  'Writing file README.md to template output path with mode 33188.',
  'Writing file main.tf to template output path with mode 33188.',
  'Synthesized pipeline/cdktf.out/stacks/orders-service-toolchain/cdk.tf.json',
  'Published 14 files to local repository orders-service, see https://git.example.com/orders-service and www.example.com, or write to mailto:team@example.com',
];

describe('links in the task log', () => {
  it('without the app setting, linkifyjs takes file names for web addresses (the bug)', () => {
    expect(linksIn(LINES[0])).toEqual(['README.md']);
    expect(linksIn(LINES[2])).toEqual(['cdk.tf']);
  });

  it('with it, file names stay text, addresses with their scheme or www. stay links', () => {
    linkOnlyAddressesWithScheme();
    expect(linksIn(LINES[0])).toEqual([]);
    expect(linksIn(LINES[1])).toEqual([]);
    expect(linksIn(LINES[2])).toEqual([]);
    expect(linksIn(LINES[3])).toEqual([
      'https://git.example.com/orders-service',
      'www.example.com',
      'mailto:team@example.com',
    ]);
  });

  it.each([
    ['README.md', false],
    ['cdk.tf', false],
    ['example.com', false],
    ['http://localhost:7007/api', true],
    ['https://example.com/README.md', true],
    ['www.example.com', true],
  ])('%s is a link: %s', (value, expected) => {
    expect(isAddressWithScheme(value)).toBe(expected);
  });
});
