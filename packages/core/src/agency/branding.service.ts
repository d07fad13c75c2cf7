import { requirePermission, type Actor } from '../auth/actor.js';
import { changedFields, definedFields } from '../shared/fields.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { notFound } from '../shared/domain-error.js';
import type { BrandingPatch, CssSanitizer } from './agency.ports.js';
import { brandingFields, type Branding, type UpdateBrandingInput } from './agency.schema.js';
import { requireAgency } from './agency.service.js';
import { contrastWarnings, type BrandingWarning } from './branding.rules.js';

export interface BrandingDeps extends CoreDeps {
  css: CssSanitizer;
}

/** The agency's branding (view:agency). */
export async function getBranding(deps: CoreDeps, actor: Actor): Promise<Branding> {
  requirePermission(actor, 'view:agency');
  const agency = await requireAgency(deps, actor);
  const branding = await deps.store.agencies.findBranding(agency.id);
  if (!branding) throw notFound('Branding');
  return branding;
}

/**
 * Changes the fields sent (manage:agency). Custom CSS is parsed and sanitized before it is
 * stored; the answer lists what was removed and warns about colors that fail WCAG AA.
 */
export async function updateBranding(
  deps: BrandingDeps,
  actor: Actor,
  input: UpdateBrandingInput,
): Promise<Branding & { customCssRemoved: string[]; warnings: BrandingWarning[] }> {
  requirePermission(actor, 'manage:agency');
  const agency = await requireAgency(deps, actor);
  const patch: BrandingPatch = definedFields(input);
  let customCssRemoved: string[] = [];
  if (typeof input.customCss === 'string') {
    const sanitized = deps.css.sanitize(input.customCss);
    patch.customCss = sanitized.css.trim() === '' ? null : sanitized.css;
    customCssRemoved = sanitized.removed;
  }
  const after = await commitAndPublish(deps, async (tx, record) => {
    const before = await tx.agencies.findBranding(agency.id);
    if (!before) throw notFound('Branding');
    const updated = await tx.agencies.updateBranding(agency.id, patch);
    const diff: Record<string, unknown> = changedFields(
      before,
      updated,
      brandingFields.filter((f) => f !== 'customCss'),
    );
    if (before.customCss !== updated.customCss) {
      diff['customCss'] = {
        fromLength: before.customCss?.length ?? 0,
        toLength: updated.customCss?.length ?? 0,
        removedCount: customCssRemoved.length,
      };
    }
    if (Object.keys(diff).length > 0) {
      await record(actor, {
        organizationId: agency.id,
        action: 'agency.branding_updated',
        targetType: 'branding',
        targetId: updated.id,
        diff,
        payload: { fields: Object.keys(diff) },
      });
    }
    return updated;
  });
  return { ...after, customCssRemoved, warnings: contrastWarnings(after) };
}
