import type { PortalContext, PortalFeature } from '@ocore/core';
import type { ReactNode } from 'react';
import { useOutletContext } from 'react-router';
import { PortalNotFound } from './portal-not-found';

/** The portal the layout resolved, for the pages inside it. */
export function usePortal(): PortalContext {
  return useOutletContext<PortalContext>();
}

/** A page of a portal feature: only when the agency turned the feature on. */
export function PortalFeatureGate({ feature, children }: { feature: PortalFeature; children: ReactNode }) {
  const portal = usePortal();
  return portal.config?.[feature] === false ? <PortalNotFound /> : children;
}
