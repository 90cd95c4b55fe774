/*
 * The DPRA portal backend: catalog, scaffolder (with the DPRA pipeline actions), guest auth,
 * permissions (with the DPRA default policy), the pipelines backend plugin, notifications and
 * signals, and the MCP actions backend (the pipelines actions for AI tools). In production it also
 * serves the built app (the `app` package) with its config injected (app-backend); in development
 * the app's dev server does, and app-backend finds no dist to serve.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@dpra/plugin-scaffolder-backend-module-pipelines'));
// publish:github (and github:* actions); it needs integrations.github in the config to publish.
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicy'));

backend.add(import('@backstage/plugin-user-settings-backend'));

backend.add(import('@dpra/plugin-pipelines-backend'));

// Notifications to entity owners (approvals waiting, failed production stages, alarm rollbacks)
// and signals, which push them and the pipelines' changes to open pages.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Serves the actions registered by the plugins listed in backend.actions.pluginSources as MCP tools.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
