import type { Project } from '@ocore/core';
import { formatFields, formatTable, formatTime } from '../shared/output.js';

/** The projects as a table. */
export function formatProjectList(projects: readonly Project[]): string {
  if (projects.length === 0) return 'There are no projects yet; create one with `ocore project create --name <name>`.';
  return formatTable(projects, [
    { header: 'name', value: (p) => p.name },
    { header: 'instances', value: (p) => String(p.instanceCount) },
    { header: 'created', value: (p) => formatTime(p.createdAt) },
    { header: 'id', value: (p) => p.id },
  ]);
}

/** One project, field by field, after `said` ("Created project Acme."), if given. */
export function formatProject(project: Project, said?: string): string {
  const fields = formatFields([
    ['ID', project.id],
    ['Name', project.name],
    ['Description', project.description || '-'],
    ['Instances', String(project.instanceCount)],
    ['Created', formatTime(project.createdAt)],
  ]);
  return said ? `${said} project ${project.name}.\n${fields}` : fields;
}
