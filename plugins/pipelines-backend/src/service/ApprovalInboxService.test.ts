import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { InboxApproval } from '@dpra/plugin-pipelines-common';
import { createApprovalInboxService } from './ApprovalInboxService';

const item = (entityRef: string, token: string): InboxApproval => ({
  entityRef,
  pipelineArn: `arn:aws:codepipeline:us-east-1:111111111111:${token}`,
  pipelineName: token,
  accountId: '111111111111',
  region: 'us-east-1',
  stageName: 'Approval',
  actionName: 'ManualApproval',
  token,
  stale: false,
});

describe('createApprovalInboxService', () => {
  const pending = [
    item('component:default/a', 't1'),
    item('component:default/b', 't2'),
    item('component:default/a', 't3'),
    item('component:default/c', 't4'),
  ];

  it('asks the permission framework once, for each entity once, and keeps what the caller may decide', async () => {
    const authorize = jest.fn(async (requests: any[], _options?: unknown) =>
      requests.map(r => ({
        result:
          r.resourceRef === 'component:default/b'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    );
    const service = createApprovalInboxService({
      inbox: { listPendingApprovals: async () => pending },
      permissions: { authorize: authorize as any },
    });
    const credentials = mockCredentials.user('user:default/jane');
    const { items, timings } = await service.listFor(credentials);
    expect(items.map(i => i.token)).toEqual(['t1', 't3', 't4']);
    expect(authorize).toHaveBeenCalledTimes(1);
    expect(authorize.mock.calls[0][0]).toEqual(
      ['a', 'b', 'c'].map(name => ({
        permission: expect.objectContaining({ name: 'dpra.approval.decide' }),
        resourceRef: `component:default/${name}`,
      })),
    );
    expect(authorize.mock.calls[0][1]).toEqual({ credentials });
    expect(timings.storeMs).toBeGreaterThanOrEqual(0);
    expect(timings.permissionsMs).toBeGreaterThanOrEqual(0);
  });

  it('shares one store read between the callers that ask while it runs, and reads again afterwards', async () => {
    let release!: () => void;
    const listPendingApprovals = jest.fn(
      () =>
        new Promise<InboxApproval[]>(resolve => {
          release = () => resolve(pending);
        }),
    );
    const service = createApprovalInboxService({
      inbox: { listPendingApprovals },
      permissions: {
        authorize: async (requests: any[]) =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      } as any,
    });
    const both = Promise.all([
      service.listFor(mockCredentials.user('user:default/jane')),
      service.listFor(mockCredentials.user('user:default/john')),
    ]);
    release();
    const [jane, john] = await both;
    expect(jane.items).toHaveLength(4);
    expect(john.items).toHaveLength(4);
    expect(listPendingApprovals).toHaveBeenCalledTimes(1);

    const later = service.listFor(mockCredentials.user('user:default/jane'));
    release();
    await later;
    expect(listPendingApprovals).toHaveBeenCalledTimes(2);
  });

  it('asks nothing when nothing is pending', async () => {
    const authorize = jest.fn();
    const service = createApprovalInboxService({
      inbox: { listPendingApprovals: async () => [] },
      permissions: { authorize },
    });
    expect(
      (await service.listFor(mockCredentials.user())).items,
    ).toEqual([]);
    expect(authorize).not.toHaveBeenCalled();
  });
});
