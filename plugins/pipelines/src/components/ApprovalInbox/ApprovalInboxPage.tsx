import { Content, Header, Page } from '@backstage/core-components';
import { ApprovalInboxContent } from './ApprovalInboxContent';

/** The inbox page with its own header (the legacy frontend system's routable extension). */
export function ApprovalInboxPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Approvals"
        subtitle="Manual approvals of pipelines waiting for your decision"
      />
      <Content>
        <ApprovalInboxContent />
      </Content>
    </Page>
  );
}
