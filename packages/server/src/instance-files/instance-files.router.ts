import {
  createFileInput,
  createInstanceFile,
  deleteInstanceFile,
  downloadInstanceFile,
  fileContentSchema,
  fileDownloadSchema,
  fileListingSchema,
  filePathInput,
  fileWrittenSchema,
  listFilesInput,
  listInstanceFiles,
  readInstanceFile,
  uploadFileInput,
  uploadInstanceFile,
  writeFileInput,
  writeInstanceFile,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Instance files'];
const base = '/instances/{id}/files';
const editor = 'custom addons (/mnt/extra-addons) and /etc/odoo/odoo.conf only; featureFileEditor for client members';

/** The file editor of an instance: its custom addons and odoo.conf, in its running container. */
export const instanceFilesRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: base,
        tags,
        protect: true,
        summary: `A folder (?path=); without a path, the two roots (view:instances; ${editor})`,
      },
    })
    .input(listFilesInput)
    .output(fileListingSchema)
    .query(({ ctx, input }) => listInstanceFiles(ctx.deps, ctx.actor, input)),
  read: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: `${base}/content`,
        tags,
        protect: true,
        summary: `A text file and its version, for a save's conflict check (view:instances; ${editor})`,
      },
    })
    .input(filePathInput)
    .output(fileContentSchema)
    .query(({ ctx, input }) => readInstanceFile(ctx.deps, ctx.actor, input)),
  write: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: `${base}/content`,
        tags,
        protect: true,
        summary: `Save a text file; 409 FILE_CHANGED when it changed since it was read (manage:instances; ${editor})`,
      },
    })
    .input(writeFileInput)
    .output(fileWrittenSchema)
    .mutation(({ ctx, input }) => writeInstanceFile(ctx.deps, ctx.actor, input)),
  create: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: base,
        tags,
        protect: true,
        summary: `Create an empty file or a folder (manage:instances; ${editor})`,
      },
      successStatus: 201,
    })
    .input(createFileInput)
    .output(fileWrittenSchema)
    .mutation(({ ctx, input }) => createInstanceFile(ctx.deps, ctx.actor, input)),
  delete: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: base,
        tags,
        protect: true,
        summary: `Delete a file, a link or a folder (?path=) (manage:instances; ${editor})`,
      },
    })
    .input(filePathInput)
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteInstanceFile(ctx.deps, ctx.actor, input);
      return { deleted: true as const };
    }),
  upload: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: `${base}/upload`,
        tags,
        protect: true,
        summary: `Upload a file (base64, up to 10 MB); an existing one is replaced only with overwrite (manage:instances; ${editor})`,
      },
      successStatus: 201,
    })
    .input(uploadFileInput)
    .output(fileWrittenSchema)
    .mutation(({ ctx, input }) => uploadInstanceFile(ctx.deps, ctx.actor, input)),
  download: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: `${base}/download`,
        tags,
        protect: true,
        summary: `A file's bytes in base64, up to 10 MB (view:instances; ${editor})`,
      },
    })
    .input(filePathInput)
    .output(fileDownloadSchema)
    .query(({ ctx, input }) => downloadInstanceFile(ctx.deps, ctx.actor, input)),
});
