import { readableRevisionSummary } from './revisionSummary';

describe('readableRevisionSummary', () => {
  it('takes the commit message out of a CodeConnections summary', () => {
    expect(
      readableRevisionSummary(
        '{"ProviderType":"GitHub","CommitMessage":"Upgrade to Java 21"}',
      ),
    ).toBe('Upgrade to Java 21');
  });

  it('keeps plain summaries, malformed JSON and JSON without a message as they are', () => {
    expect(readableRevisionSummary('Fix checkout')).toBe('Fix checkout');
    expect(readableRevisionSummary('{not json')).toBe('{not json');
    expect(readableRevisionSummary('{"ProviderType":"GitHub"}')).toBe(
      '{"ProviderType":"GitHub"}',
    );
    expect(readableRevisionSummary(undefined)).toBeUndefined();
  });
});
