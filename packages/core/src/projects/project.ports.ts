import type { Project } from './project.schema.js';

export interface ProjectRepository {
  insert(project: { organizationId: string; name: string; description: string }): Promise<Project>;
  /** The organization's projects, oldest first. */
  list(organizationId: string): Promise<Project[]>;
  find(organizationId: string, id: string): Promise<Project | undefined>;
  update(id: string, patch: { name?: string; description?: string }): Promise<Project>;
  /** Removes the project (the service refuses while instances belong to it). */
  delete(id: string): Promise<void>;
  /** Whether another project of the organization has this name (case-insensitive). */
  nameTaken(organizationId: string, name: string, exceptId?: string): Promise<boolean>;
}
