import type { DrDocument } from '@ocore/core';

function localDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `ocore-dr-<slug>-<date>.json`, dated the day of the export where the user is. */
export function exportFilename(document: DrDocument): string {
  return `ocore-dr-${document.source.slug}-${localDate(document.exportedAt)}.json`;
}

/** Hands `value` to the browser as a JSON file download, without a server round trip. */
export function downloadJson(value: unknown, filename: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once may cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
