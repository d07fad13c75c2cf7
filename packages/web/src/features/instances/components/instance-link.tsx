import type { Instance } from '@ocore/core';

/** The instance's address as a link that opens in a new tab, or why there is none. */
export function InstanceUrl({ instance }: { instance: Pick<Instance, 'url' | 'name'> }) {
  if (!instance.url) return <span className="muted">No address (no instance base domain is set)</span>;
  return (
    <a href={instance.url} target="_blank" rel="noreferrer" className="break">
      visit<span className="visually-hidden"> {instance.name}</span> ({instance.url.replace(/^https?:\/\//, '')})
    </a>
  );
}
