import type { Permission } from '@ocore/core';

/** Says which permission an action needs, where its form would be. */
export function PermissionNote({ action, permission }: { action: string; permission: Permission }) {
  return (
    <p className="muted">
      {action} needs the <code>{permission}</code> permission. Ask an Owner or Admin.
    </p>
  );
}
