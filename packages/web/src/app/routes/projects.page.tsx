import { ListSection } from '../../components/list-section';
import { Page, Section } from '../../components/layout';
import { hasPermission, useMe } from '../../lib/use-me';
import { PermissionNote } from '../../features/auth/components/permission-note';
import { RequirePermission } from '../../features/auth/components/require-permission';
import { useProjects } from '../../features/instances/api/use-instances';
import { CreateProjectForm } from '../../features/instances/components/create-project-form';
import { ProjectsTable } from '../../features/instances/components/projects-table';

function ProjectsContent() {
  const me = useMe();
  const projects = useProjects();
  const canManage = hasPermission(me.data, 'manage:instances');
  return (
    <Page
      title="Projects"
      description="One Odoo deployment’s environments: give each instance its project and stage when you create or edit it."
    >
      <ListSection title="Projects" what="projects" query={projects}>
        {(list) => <ProjectsTable projects={list.items} canManage={canManage} />}
      </ListSection>
      <Section title="New project">
        {canManage ? (
          <CreateProjectForm />
        ) : (
          <PermissionNote action="Creating projects" permission="manage:instances" />
        )}
      </Section>
    </Page>
  );
}

export function ProjectsPage() {
  return (
    <RequirePermission permission="view:instances" title="Projects" what="its projects">
      <ProjectsContent />
    </RequirePermission>
  );
}
