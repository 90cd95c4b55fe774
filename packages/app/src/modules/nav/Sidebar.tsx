import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import {
  NotificationsSidebarItem,
  type NotificationSnackbarProperties,
} from '@backstage/plugin-notifications';
import { MyGroupsSidebarItem } from '@backstage/plugin-org';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import MenuIcon from '@material-ui/icons/Menu';
import GroupIcon from '@material-ui/icons/People';
import { SidebarLogo } from './SidebarLogo';

/**
 * The pop-ups of new notifications: at the top right, over the page header, rather than at the
 * bottom right where they covered the inbox's rows and their Approve buttons (at 1024 px); dense,
 * two at most, each for 8 s (the bell keeps the count, the page the notifications).
 */
const snackbarProps: NotificationSnackbarProperties = {
  enabled: true,
  anchorOrigin: { vertical: 'top', horizontal: 'right' },
  dense: true,
  maxSnack: 2,
  autoHideDuration: 8000,
};

/**
 * The portal's sidebar: the pages the plugins contribute, catalog and "Create..." first, the user's
 * groups, and user settings at the bottom.
 */
export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      const nav = navItems.withComponent(item => (
        <SidebarItem icon={() => item.icon} to={item.href} text={item.title} />
      ));
      return (
        <Sidebar>
          <SidebarLogo />
          <SidebarGroup label="Menu" icon={<MenuIcon />}>
            {nav.take('page:catalog')}
            <MyGroupsSidebarItem
              singularTitle="My Group"
              pluralTitle="My Groups"
              icon={GroupIcon}
            />
            {nav.take('page:scaffolder')}
            {/* The bell with the unread count, instead of the page's plain nav item. */}
            {nav.take('page:notifications') && (
              <NotificationsSidebarItem snackbarProps={snackbarProps} />
            )}
            <SidebarDivider />
            <SidebarScrollWrapper>
              {nav.rest({ sortBy: 'title' })}
            </SidebarScrollWrapper>
          </SidebarGroup>
          <SidebarSpace />
          <SidebarDivider />
          <SidebarGroup
            label="Settings"
            icon={<UserSettingsSignInAvatar />}
            to="/settings"
          >
            {nav.take('page:user-settings')}
          </SidebarGroup>
        </Sidebar>
      );
    },
  },
});
