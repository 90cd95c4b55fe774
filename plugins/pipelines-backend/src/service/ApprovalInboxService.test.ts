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
      storeCacheMs: 0,
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

  it("reuses a store read for every caller and a caller's decisions while they are fresh, asking only for new entities", async () => {
    let at = 0;
    let items = pending;
    const listPendingApprovals = jest.fn(async () => items);
    const authorize = jest.fn(async (requests: any[], _options?: unknown) =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    );
    const service = createApprovalInboxService({
      inbox: { listPendingApprovals },
      permissions: { authorize: authorize as any },
      now: () => at,
    });
    const jane = mockCredentials.user('user:default/jane');
    const first = await service.bodyFor(jane);
    at = 999;
    const again = await service.bodyFor(jane);
    await service.listFor(mockCredentials.user('user:default/john'));
    expect(listPendingApprovals).toHaveBeenCalledTimes(1);
    // One batch per caller; the same body (serialised once) while nothing changed.
    expect(authorize).toHaveBeenCalledTimes(2);
    expect(again.body).toBe(first.body);
    expect(again.timings).toEqual({
      storeMs: 0,
      permissionsMs: expect.any(Number),
    });

    // An expired read still answers while a new one runs in the background; the new read has a
    // new entity, and only that entity is asked about.
    at = 1000;
    items = [...pending, item('component:default/d', 't5')];
    expect((await service.bodyFor(jane)).body).toBe(first.body);
    await new Promise(resolve => setImmediate(resolve));
    const later = await service.bodyFor(jane);
    expect(listPendingApprovals).toHaveBeenCalledTimes(2);
    expect(authorize).toHaveBeenCalledTimes(3);
    expect(authorize.mock.calls[2][0]).toEqual([
      expect.objectContaining({ resourceRef: 'component:default/d' }),
    ]);
    expect(JSON.parse(later.body.json.toString()).items).toHaveLength(5);

    // After the decisions' lifetime everything is asked again; a decision here reads afresh.
    at = 6000;
    await service.bodyFor(jane);
    expect(authorize.mock.calls[3][0]).toHaveLength(4);
    service.invalidate();
    await service.bodyFor(jane);
    expect(listPendingApprovals).toHaveBeenCalledTimes(4);
  });

  it("keeps a caller's body across reads and permission checks that answer the same, and only then", async () => {
    let at = 0;
    let items = pending;
    let denied = new Set<string>();
    const authorize = jest.fn(async (requests: any[], _options?: unknown) =>
      requests.map(r => ({
        result: denied.has(r.resourceRef)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })),
    );
    const service = createApprovalInboxService({
      inbox: { listPendingApprovals: async () => items.map(a => ({ ...a })) },
      permissions: { authorize: authorize as any },
      storeCacheMs: 0,
      permissionCacheMs: 10,
      now: () => at,
    });
    const jane = mockCredentials.user('user:default/jane');
    const first = await service.bodyFor(jane);
    expect(JSON.parse(first.body.json.toString())).toEqual({ items: pending });

    // A new read finding the same approvals, and the permissions asked again with the same
    // answers: the same prepared body (entity tag, gzip bytes).
    at = 20;
    const same = await service.bodyFor(jane);
    expect(authorize).toHaveBeenCalledTimes(2);
    expect(same.body).toBe(first.body);

    // An answer that changed: a new body, without the entity now denied.
    at = 40;
    denied = new Set(['component:default/a']);
    const narrower = await service.bodyFor(jane);
    expect(narrower.body).not.toBe(first.body);
    expect(
      JSON.parse(narrower.body.json.toString()).items.map((i: any) => i.token),
    ).toEqual(['t2', 't4']);

    // A changed approval: a new body too.
    at = 60;
    items = [{ ...pending[1], stale: true }];
    const changed = await service.bodyFor(jane);
    expect(changed.body.etag).not.toBe(narrower.body.etag);
    expect(JSON.parse(changed.body.json.toString()).items).toEqual([
      { ...pending[1], stale: true },
    ]);
  });

  it('asks nothing when nothing is pending', async () => {
    const authorize = jest.fn();
    const service = createApprovalInboxService({
      inbox: { listPendingApprovals: async () => [] },
      permissions: { authorize },
    });
    expect((await service.listFor(mockCredentials.user())).items).toEqual([]);
    expect(authorize).not.toHaveBeenCalled();
  });
});
