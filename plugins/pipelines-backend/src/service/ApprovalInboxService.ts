import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  approvalDecidePermission,
  type InboxApproval,
} from '@dpra/plugin-pipelines-common';
import type { InboxStore } from '../store';
import type { ApprovalInboxService } from './types';

/** Options of {@link createApprovalInboxService}. */
export interface ApprovalInboxServiceOptions {
  inbox: InboxStore;
  permissions: Pick<PermissionsService, 'authorize'>;
}

/**
 * Creates the inbox service: the pending approvals from the store (one query, shared by the
 * requests that arrive while it runs), kept to the entities on which the caller holds
 * `dpra.approval.decide`, asked in one batch for all of them: the permission client sends one
 * request for the batch, and the permission backend evaluates conditional decisions (such as the
 * portal's "owners decide") against the catalog in one batch too.
 */
export function createApprovalInboxService(
  options: ApprovalInboxServiceOptions,
): ApprovalInboxService {
  let inFlight: Promise<InboxApproval[]> | undefined;

  /** The store's answer, one query at a time however many callers ask meanwhile. */
  function readPending(): Promise<InboxApproval[]> {
    if (!inFlight) {
      inFlight = options.inbox
        .listPendingApprovals()
        .finally(() => {
          inFlight = undefined;
        });
    }
    return inFlight;
  }

  return {
    async listFor(credentials: BackstageCredentials) {
      const started = performance.now();
      const pending = await readPending();
      const read = performance.now();
      const entityRefs = [...new Set(pending.map(a => a.entityRef))];
      const decisions =
        entityRefs.length === 0
          ? []
          : await options.permissions.authorize(
              entityRefs.map(resourceRef => ({
                permission: approvalDecidePermission,
                resourceRef,
              })),
              { credentials },
            );
      const allowed = new Set(
        entityRefs.filter(
          (_, i) => decisions[i]?.result === AuthorizeResult.ALLOW,
        ),
      );
      const checked = performance.now();
      return {
        items: pending.filter(a => allowed.has(a.entityRef)),
        timings: { storeMs: read - started, permissionsMs: checked - read },
      };
    },
  };
}
