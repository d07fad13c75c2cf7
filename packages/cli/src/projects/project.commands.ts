import { projectLimits } from '@ocore/core';
import type { Command } from 'commander';
import { usageError } from '../shared/errors.js';
import { removeFound } from '../shared/lookup.js';
import type { CliIo } from '../shared/output.js';
import { withList, withRef, withSession, type Session } from '../shared/session.js';
import { formatProject, formatProjectList } from './project.format.js';
import { findProject } from './project.lookup.js';

interface ProjectOptions {
  name?: string;
  description?: string;
}

async function createProject(session: Session, options: ProjectOptions & { name: string }): Promise<void> {
  const created = await session.signedIn().projects.create.mutate({
    name: options.name,
    ...(options.description !== undefined && { description: options.description }),
  });
  session.print(created, () => formatProject(created, 'Created'));
}

async function updateProject(session: Session, ref: string, options: ProjectOptions): Promise<void> {
  if (options.name === undefined && options.description === undefined) {
    throw usageError('nothing to change: give --name or --description');
  }
  const api = session.signedIn();
  const project = await findProject(api, ref);
  const updated = await api.projects.update.mutate({ id: project.id, ...options });
  session.print(updated, () => formatProject(updated, 'Updated'));
}

const { name: nameLimits, descriptionMax } = projectLimits;

/** `ocore project create|list|get|update|delete`. */
export function registerProjectCommands(program: Command, io: CliIo): void {
  const project = program
    .command('project')
    .description('projects: one Odoo deployment’s environments (production, staging, development instances)');

  project
    .command('create')
    .description('create a project (needs manage:instances)')
    .requiredOption('--name <name>', `its name, ${nameLimits.min}-${nameLimits.max} characters`)
    .option('--description <text>', `what it is for, up to ${descriptionMax} characters`)
    .action(withSession<ProjectOptions & { name: string }>(io, createProject));

  project
    .command('list')
    .description('list the projects with how many instances each holds (needs view:instances)')
    .action(withList(io, (api) => api.projects.list.query(), formatProjectList));

  project
    .command('get')
    .description('show one project (needs view:instances)')
    .argument('<project>', 'the project, by id or name')
    .action(
      withRef(io, async (session, _options, ref) => {
        const found = await findProject(session.signedIn(), ref);
        session.print(found, () => formatProject(found));
      }),
    );

  project
    .command('update')
    .description('rename a project or change its description (needs manage:instances)')
    .argument('<project>', 'the project, by id or name')
    .option('--name <name>', 'its new name')
    .option('--description <text>', 'its new description ("" clears it)')
    .action(withRef<ProjectOptions>(io, (session, options, ref) => updateProject(session, ref, options)));

  project
    .command('delete')
    .description('delete a project; refused while it holds instances (needs manage:instances)')
    .argument('<project>', 'the project, by id or name')
    .action(
      withRef(io, (session, _options, ref) =>
        removeFound(
          session,
          (api) => findProject(api, ref),
          (api, id) => api.projects.delete.mutate({ id }),
          'Deleted project',
        ),
      ),
    );
}
