import { brandingFields, type Branding, type BrandingField } from '@ocore/core';
import type { RouterInputs } from '@ocore/server';

export type BrandingUpdate = RouterInputs['agency']['updateBranding'];

/** The branding form's values as typed; an empty value means "not set". */
export type BrandingDraft = Record<BrandingField, string>;

/** The form's values for stored branding. */
export function draftOf(branding: Branding): BrandingDraft {
  const draft = {} as BrandingDraft;
  for (const field of brandingFields) draft[field] = branding[field] ?? '';
  return draft;
}

/** What a draft changes, with emptied fields as null (cleared); unchanged fields are left out of the audit log. */
export function changesOf(saved: Branding, draft: BrandingDraft): BrandingUpdate {
  const changes: BrandingUpdate = {};
  for (const field of brandingFields) {
    // Custom CSS keeps its whitespace as typed; the server rewrites it anyway.
    const typed = field === 'customCss' ? draft[field] : draft[field].trim();
    if (typed === (saved[field] ?? '')) continue;
    changes[field] = typed.trim() === '' ? null : typed;
  }
  return changes;
}
