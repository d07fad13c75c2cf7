import {
  createDatabaseInput,
  createInstanceDatabase,
  databaseNameInput,
  dropDatabaseInput,
  dropInstanceDatabase,
  duplicateDatabaseInput,
  duplicateInstanceDatabase,
  instanceDatabaseChangeSchema,
  instanceDatabaseListSchema,
  instanceIdInput,
  listInstanceDatabases,
  neutralizeInstanceDatabase,
  renameDatabaseInput,
  renameInstanceDatabase,
  servedDatabaseSchema,
  setServedDatabase,
} from '@ocore/core';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Instance databases'];
const base = '/instances/{id}/databases';
const owned = "the instance's role's databases on the shared PostgreSQL only; featureDatabases for client members";
/** Said of the actions that cannot be undone. */
const backedUp = 'after a backup of it (answered as backupId; when the backup fails, 503 and nothing changes)';

function mutation(method: 'POST' | 'PUT' | 'DELETE', path: `/${string}`, summary: string, successStatus = 200) {
  return orgProcedure.meta({
    openapi: { method, path, tags, protect: true, summary: `${summary} (manage:instances; ${owned})` },
    successStatus,
  });
}

/** The databases of an instance: list with sizes, create, duplicate, rename, drop, neutralize, serve. */
export const instanceDatabasesRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: base,
        tags,
        protect: true,
        summary: `The instance's databases with their sizes and the one it serves (view:instances; ${owned})`,
      },
    })
    .input(instanceIdInput)
    .output(instanceDatabaseListSchema)
    .query(({ ctx, input }) => listInstanceDatabases(ctx.deps, ctx.actor, input.id)),
  create: mutation('POST', base, 'Create a database (its name starts with the prefix) with Odoo’s base installed', 201)
    .input(createDatabaseInput)
    .output(instanceDatabaseListSchema)
    .mutation(({ ctx, input }) => createInstanceDatabase(ctx.deps, ctx.actor, input)),
  duplicate: mutation(
    'POST',
    `${base}/{name}/duplicate`,
    'Copy a database and its filestore, neutralized if asked',
    201,
  )
    .input(duplicateDatabaseInput)
    .output(instanceDatabaseListSchema)
    .mutation(({ ctx, input }) => duplicateInstanceDatabase(ctx.deps, ctx.actor, input)),
  rename: mutation('POST', `${base}/{name}/rename`, `Rename a database the instance does not serve, ${backedUp}`)
    .input(renameDatabaseInput)
    .output(instanceDatabaseChangeSchema)
    .mutation(({ ctx, input }) => renameInstanceDatabase(ctx.deps, ctx.actor, input)),
  drop: mutation(
    'DELETE',
    `${base}/{name}`,
    `Drop a database the instance does not serve, ${backedUp}; ?confirmName= repeats its name`,
  )
    .input(dropDatabaseInput)
    .output(instanceDatabaseChangeSchema)
    .mutation(({ ctx, input }) => dropInstanceDatabase(ctx.deps, ctx.actor, input)),
  neutralize: mutation(
    'POST',
    `${base}/{name}/neutralize`,
    `Run Odoo’s neutralize on a database (crons and mail off), ${backedUp}`,
  )
    .input(databaseNameInput)
    .output(instanceDatabaseChangeSchema)
    .mutation(({ ctx, input }) => neutralizeInstanceDatabase(ctx.deps, ctx.actor, input)),
  serve: mutation(
    'PUT',
    `${base}/served`,
    'Serve another database (odoo.conf db_name and dbfilter) after a backup of the one served until now (backupId; 503 and nothing changes when it fails); answers the restart that applies it',
  )
    .input(databaseNameInput)
    .output(servedDatabaseSchema)
    .mutation(({ ctx, input }) => setServedDatabase(ctx.deps, ctx.actor, input)),
});
