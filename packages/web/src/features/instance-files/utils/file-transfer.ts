/** A file the browser picked, in base64 (what the upload procedure takes). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Saves base64 content as a download named `name`. */
export function saveBase64(name: string, contentBase64: string): void {
  const bytes = Uint8Array.from(atob(contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes]));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The folders above a path, from the addons root down, for the breadcrumb. */
export function breadcrumbOf(path: string | null, root = '/mnt/extra-addons'): { name: string; path: string | null }[] {
  const crumbs: { name: string; path: string | null }[] = [{ name: 'Files', path: null }];
  if (!path || !path.startsWith(root)) return crumbs;
  crumbs.push({ name: 'extra-addons', path: root });
  let current = root;
  for (const part of path.slice(root.length).split('/').filter(Boolean)) {
    current = `${current}/${part}`;
    crumbs.push({ name: part, path: current });
  }
  return crumbs;
}
