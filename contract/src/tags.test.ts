import { PRODUCT_FIELD } from './findings';
import { MANAGED_BY_DPRA, TAG } from './tags';

describe('keys the portal selects by', () => {
  it('GIVEN the tag and ProductFields keys THEN they are the ones deployed resources and imported findings carry', () => {
    // Pinned on purpose: deployed stacks and imported findings already carry these keys, so a
    // change here must come with a migration, not only a rename.
    expect(TAG).toEqual({
      pipeline: 'dpra:pipeline',
      service: 'dpra:service',
      environment: 'dpra:environment',
      managedBy: 'dpra:managed-by',
    });
    expect(MANAGED_BY_DPRA).toBe('dpra');
    expect(PRODUCT_FIELD).toEqual({
      pipeline: 'dpra:pipeline',
      action: 'dpra:action',
      executionId: 'dpra:execution-id',
    });
  });
});
