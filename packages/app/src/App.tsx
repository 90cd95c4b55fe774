import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import pipelinesPlugin from '@dpra/plugin-pipelines/alpha';
import { linkOnlyAddressesWithScheme } from './modules/logLinks';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';
import { themeModule } from './modules/theme';

/**
 * The DPRA portal on Backstage's new frontend system. The features are listed here rather than
 * discovered (`app.packages`), so that this file is what the portal runs, type-checked and rendered
 * by the tests the same way as in the browser. Extension configuration (the Pipelines tab's
 * filter, the root redirect) is in app-config.yaml under `app.extensions`.
 */
// File names in task logs ("README.md", "cdk.tf.json") are text, not links to http://README.md.
linkOnlyAddressesWithScheme();

export default createApp({
  features: [
    catalogPlugin,
    catalogGraphPlugin,
    orgPlugin,
    scaffolderPlugin,
    userSettingsPlugin,
    pipelinesPlugin,
    // The notifications page and bell (owners hear of approvals and failures), and signals, which
    // push them and the pipelines' changes to open pages.
    notificationsPlugin,
    signalsPlugin,
    navModule,
    signInModule,
    themeModule,
  ],
});
