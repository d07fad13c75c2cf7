import { brandVariables, isWebUrl } from '../../../lib/brand-variables';
import type { PreviewDraft, PreviewFeature, PreviewScreen } from '../preview/preview-message';
import type { BrandingDraft } from './branding-draft';

/**
 * What the preview frame shows for the branding form's values: the brand variables that the
 * server would accept, and the custom CSS and texts exactly as typed (the frame is sandboxed
 * and sets them as CSSOM and text, so nothing typed can run or reach the dashboard).
 */
export function previewDraftOf(
  draft: BrandingDraft,
  screen: PreviewScreen,
  features: readonly PreviewFeature[] = [],
): PreviewDraft {
  const vars = brandVariables(draft);
  const declarations = Object.entries(vars).map(([name, value]) => `${name}: ${value};`);
  return {
    type: 'ocore:preview-draft',
    screen,
    brandCss: `:root { ${declarations.join(' ')} }`,
    customCss: draft.customCss,
    logoUrl: isWebUrl(draft.logoUrl) ? draft.logoUrl.trim() : null,
    footerText: draft.footerText,
    features,
  };
}
