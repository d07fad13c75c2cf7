import { useSyncExternalStore } from 'react';

/**
 * The session is one bearer token whose claims name the user and the current organization.
 * It lives in localStorage so a reload keeps the session; other tabs follow along through
 * the `storage` event, so every tab always acts in the organization a reload would show.
 */
const storageKey = 'ocore.token';

export type TokenOrigin = 'this-tab' | 'other-tab';
type TokenListener = (token: string | null, origin: TokenOrigin) => void;

const listeners = new Set<TokenListener>();
let token: string | null = readStoredToken();
let notice: string | null = null;

function readStoredToken(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

function writeStoredToken(value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, value);
  } catch {
    // Private modes may refuse storage; the session then lasts as long as the tab.
  }
}

function emit(origin: TokenOrigin): void {
  for (const listener of listeners) listener(token, origin);
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== storageKey && event.key !== null) return;
    const next = readStoredToken();
    if (next === token) return;
    token = next;
    emit('other-tab');
  });
}

/** The bearer token of the session, or null when signed out. */
export function getToken(): string | null {
  return token;
}

/** Starts a session or replaces its token (after sign-in, sign-up or an organization switch). */
export function setToken(next: string): void {
  notice = null;
  if (next === token) return;
  token = next;
  writeStoredToken(next);
  emit('this-tab');
}

/** Ends the session; `reason` is shown once on the sign-in page. */
export function logout(reason?: string): void {
  notice = reason ?? null;
  if (token === null) return;
  token = null;
  writeStoredToken(null);
  emit('this-tab');
}

/** Why the last session ended, when it did not end by the user's choice. */
export function getLogoutNotice(): string | null {
  return notice;
}

/**
 * The organization a token was issued for (its `org` claim), read without verifying it:
 * only to choose where a new sign-in continues; the server checks every request anyway.
 */
export function tokenOrganizationOf(value: string | null): string | null {
  try {
    const payload = value?.split('.')[1];
    if (!payload) return null;
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as { org?: unknown };
    return typeof claims.org === 'string' ? claims.org : null;
  } catch {
    return null;
  }
}

/** Calls `listener` whenever the token changes, here or in another tab. */
export function subscribeToken(listener: TokenListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current token, re-rendering on every change. */
export function useToken(): string | null {
  return useSyncExternalStore(subscribeToken, getToken);
}
