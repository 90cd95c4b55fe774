import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  approvalDecidePermission,
  pipelineOperatePermission,
} from '@dpra/plugin-pipelines-common';

/**
 * The portal's default policy: everyone signed in may read; only an entity's owners may decide the
 * manual approvals of its pipelines or operate them (the decision is evaluated against the entity
 * by the catalog).
 */
export class DpraPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    // Writes to an entity's pipelines that only the entity's owners may make.
    if (
      isPermission(permission, approvalDecidePermission) ||
      isPermission(permission, pipelineOperatePermission)
    ) {
      if (!user) {
        return { result: AuthorizeResult.DENY };
      }
      // PolicyQueryUser.info is deprecated: the ownership claims come from the user info service.
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'dpra-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new DpraPermissionPolicy(userInfo));
      },
    });
  },
});
