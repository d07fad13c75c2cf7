import type { OdooArchiver } from '@ocore/core';
import { readOdooZip } from './odoo-zip.reader.js';
import { writeOdooZip } from './odoo-zip.writer.js';

/** Odoo's backup zip, written and read streaming through the server's container runtime. */
export function createOdooZipArchiver(): OdooArchiver {
  return { create: writeOdooZip, restore: readOdooZip };
}
