import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SidebarContent } from './Sidebar';

/** The portal's navigation (the app plugin's `nav-content` extension). */
export const navModule = createFrontendModule({
  pluginId: 'app',
  extensions: [SidebarContent],
});
