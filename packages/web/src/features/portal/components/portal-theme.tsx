import type { PublicBranding } from '@ocore/core';
import { useEffect, type CSSProperties, type ReactNode } from 'react';
import { cx } from '../../../lib/cx';
import { brandVariables } from '../../../lib/brand-variables';
import { isPortalHost } from '../utils/portal-host';

export interface PortalThemeProps {
  branding: PublicBranding | null;
  /** The document title while the portal shows: the client's (or agency's) name. */
  title: string;
  className?: string;
  children: ReactNode;
}

/** Shows the portal's title and favicon while mounted; the dashboard's come back afterwards. */
function useDocumentBrand(title: string, faviconUrl: string | null): void {
  useEffect(() => {
    const previous = document.title;
    document.title = title;
    return () => {
      document.title = previous;
    };
  }, [title]);

  useEffect(() => {
    // On a portal host the server already put the favicon into the page.
    const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (isPortalHost || !icon || !faviconUrl) return;
    const previous = icon.href;
    icon.href = faviconUrl;
    return () => {
      icon.href = previous;
    };
  }, [faviconUrl]);
}

/**
 * The root of every portal page. On a portal host /portal/brand.css declares the brand
 * variables (and the agency's sanitized CSS, which may override them); elsewhere they come
 * from the portal context, set on this element.
 */
export function PortalTheme({ branding, title, className, children }: PortalThemeProps) {
  useDocumentBrand(title, branding?.faviconUrl ?? null);
  const style = isPortalHost ? undefined : (brandVariables(branding) as CSSProperties);
  return (
    <div className={cx('portal', className)} style={style}>
      {children}
    </div>
  );
}
