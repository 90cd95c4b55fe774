import {
  countBySeverity,
  normalizeSeverity,
  sortFindingsBySeverity,
} from './severity';

describe('normalizeSeverity', () => {
  it.each([
    [{ label: 'CRITICAL' }, 'CRITICAL'],
    [{ label: 'HIGH' }, 'HIGH'],
    [{ label: 'MEDIUM' }, 'MEDIUM'],
    [{ label: 'LOW' }, 'LOW'],
    [{ label: 'INFORMATIONAL' }, 'INFORMATIONAL'],
    [{ label: 'critical' }, 'CRITICAL'],
    [{ label: ' high ' }, 'HIGH'],
    [{ label: 'MODERATE' }, 'MEDIUM'],
    [{ label: 'INFO' }, 'INFORMATIONAL'],
    // The label wins over a contradicting score.
    [{ label: 'LOW', normalized: 95 }, 'LOW'],
  ] as const)('label %j → %s', (evidence, expected) => {
    expect(normalizeSeverity(evidence)).toBe(expected);
  });

  // AWS's table for ASFF Severity.Normalized → Label, at every boundary.
  it.each([
    [0, 'INFORMATIONAL'],
    [1, 'LOW'],
    [39, 'LOW'],
    [40, 'MEDIUM'],
    [69, 'MEDIUM'],
    [70, 'HIGH'],
    [89, 'HIGH'],
    [90, 'CRITICAL'],
    [100, 'CRITICAL'],
  ] as const)('normalized %d → %s', (normalized, expected) => {
    expect(normalizeSeverity({ normalized })).toBe(expected);
  });

  it('falls back to Normalized when the label is not one of the scale', () => {
    expect(normalizeSeverity({ label: 'UNTRIAGED', normalized: 72 })).toBe(
      'HIGH',
    );
  });

  it.each([
    [0, 'INFORMATIONAL'],
    [0.1, 'LOW'],
    [3.9, 'LOW'],
    [4, 'MEDIUM'],
    [6.9, 'MEDIUM'],
    [7, 'HIGH'],
    [8.9, 'HIGH'],
    [9, 'CRITICAL'],
    [10, 'CRITICAL'],
  ] as const)(
    'CVSS score %d for an untriaged finding → %s',
    (score, expected) => {
      expect(normalizeSeverity({ label: 'UNTRIAGED', score })).toBe(expected);
    },
  );

  it('is INFORMATIONAL without usable evidence', () => {
    expect(normalizeSeverity({})).toBe('INFORMATIONAL');
    expect(normalizeSeverity({ label: 'UNTRIAGED' })).toBe('INFORMATIONAL');
    expect(normalizeSeverity({ normalized: Number.NaN })).toBe('INFORMATIONAL');
  });
});

describe('countBySeverity', () => {
  it('counts every severity, zero-filled', () => {
    expect(
      countBySeverity([
        { severity: 'HIGH' },
        { severity: 'HIGH' },
        { severity: 'LOW' },
      ]),
    ).toEqual({ CRITICAL: 0, HIGH: 2, MEDIUM: 0, LOW: 1, INFORMATIONAL: 0 });
    expect(countBySeverity([])).toEqual({
      CRITICAL: 0,
      HIGH: 0,
      MEDIUM: 0,
      LOW: 0,
      INFORMATIONAL: 0,
    });
  });
});

describe('sortFindingsBySeverity', () => {
  it('orders by severity, then newest, then id', () => {
    const sorted = sortFindingsBySeverity([
      { id: 'b', severity: 'LOW', lastSeenAt: '2026-01-02T00:00:00Z' },
      { id: 'c', severity: 'CRITICAL', lastSeenAt: '2026-01-01T00:00:00Z' },
      { id: 'a', severity: 'LOW', lastSeenAt: '2026-01-02T00:00:00Z' },
      { id: 'd', severity: 'LOW', lastSeenAt: '2026-01-03T00:00:00Z' },
      { id: 'e', severity: 'HIGH' },
    ] as const);
    expect(sorted.map(f => f.id)).toEqual(['c', 'e', 'd', 'a', 'b']);
  });
});
