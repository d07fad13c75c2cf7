import type { Permission } from '@ocore/core';
import type { ReactNode } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { Loading, Page } from '../../../components/layout';
import { hasPermission, useMe } from '../../../lib/use-me';

export interface RequirePermissionProps {
  permission: Permission;
  /** The page's title, kept when the page cannot be shown. */
  title: string;
  /** What the page would show, for the refusal's sentence: "its servers". */
  what: string;
  children: ReactNode;
}

/** A page only for roles granting `permission`; others are told whom to ask. */
export function RequirePermission({ permission, title, what, children }: RequirePermissionProps) {
  const me = useMe();
  if (me.isPending) return <Loading what={title.toLowerCase()} />;
  if (hasPermission(me.data, permission)) return children;
  return (
    <Page title={title}>
      <EmptyState title={`${title} needs the ${permission} permission`}>
        Ask an Owner or Admin of this organization if you need to see {what}.
      </EmptyState>
    </Page>
  );
}
