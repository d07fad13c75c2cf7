import { readFile } from 'node:fs/promises';
import type { BrandingField, UpdateBrandingInput } from '@ocore/core';
import type { Command } from 'commander';
import { usageError } from '../shared/errors.js';
import type { CliIo } from '../shared/output.js';
import { withQuery, withSession, type Session } from '../shared/session.js';
import { requireChange, valueOrClear } from '../shared/update-input.js';
import { formatBranding, formatBrandingNotes } from './branding.format.js';

type UpdateOptions = Partial<Record<BrandingField, string>> & { customCssFile?: string };

/** The option of each branding field, its value name and what it is, in `--help` order. */
const brandingOptions = [
  { field: 'logoUrl', flag: '--logo-url <url>', help: 'https:// URL of the logo in the portal header' },
  { field: 'primaryColor', flag: '--primary-color <hex>', help: 'primary brand color, #rgb or #rrggbb' },
  { field: 'accentColor', flag: '--accent-color <hex>', help: 'accent color, #rgb or #rrggbb' },
  { field: 'fontFamily', flag: '--font-family <fonts>', help: "font list for the portal, e.g. 'Inter, sans-serif'" },
  { field: 'customCss', flag: '--custom-css <css>', help: 'CSS injected into the portal (sanitized by the server)' },
  { field: 'faviconUrl', flag: '--favicon-url <url>', help: 'https:// URL of the favicon' },
  { field: 'loginBgUrl', flag: '--login-bg-url <url>', help: 'https:// URL of the login page background' },
  { field: 'fromEmail', flag: '--from-email <email>', help: 'sender of transactional emails' },
  { field: 'footerText', flag: '--footer-text <text>', help: 'plain text in the portal footer' },
] as const satisfies ReadonlyArray<{ field: BrandingField; flag: string; help: string }>;

// Every branding field has its option: one added in core and not here fails to compile.
const _everyFieldHasAnOption: [Exclude<BrandingField, (typeof brandingOptions)[number]['field']>] extends [never]
  ? true
  : never = true;

async function readCssFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw usageError(`cannot read --custom-css-file ${path}: ${(error as Error).message}`);
  }
}

/** The partial update the options ask for; a usage error when they ask for nothing. */
async function updateInput(options: UpdateOptions): Promise<UpdateBrandingInput> {
  if (options.customCss !== undefined && options.customCssFile !== undefined) {
    throw usageError('pass --custom-css or --custom-css-file, not both');
  }
  const fromFile = options.customCssFile === undefined ? undefined : await readCssFile(options.customCssFile);
  const values: UpdateOptions = { ...options, customCss: options.customCss ?? fromFile };
  const input: UpdateBrandingInput = {};
  for (const { field } of brandingOptions) {
    const value = values[field];
    if (value !== undefined) input[field] = valueOrClear(value);
  }
  return requireChange(input, 'nothing to update: pass at least one field; see `ocore agency branding update --help`');
}

async function updateBranding(session: Session, options: UpdateOptions): Promise<void> {
  const input = await updateInput(options);
  const result = await session.signedIn().agency.updateBranding.mutate(input);
  // Warnings do not make the update fail: it went through, and the person should know why it may look off.
  session.io.stderr.write(formatBrandingNotes(result));
  session.print(result, () => `Updated the agency branding.\n${formatBranding(result)}`);
}

/** `ocore agency branding get|update`. */
export function registerBrandingCommands(agency: Command, io: CliIo): void {
  const branding = agency.command('branding').description('the white-label branding of the client portals');

  branding
    .command('get')
    .description('show the branding (needs view:agency)')
    .action(withQuery(io, (api) => api.agency.getBranding.query(), formatBranding));

  const update = branding
    .command('update')
    .description('change some branding fields, leaving the others; "" clears a field (needs manage:agency)');
  for (const { field, flag, help } of brandingOptions) {
    update.option(flag, help);
    if (field === 'customCss') update.option('--custom-css-file <file>', 'read the custom CSS from a file instead');
  }
  update.action(withSession<UpdateOptions>(io, updateBranding));
}
