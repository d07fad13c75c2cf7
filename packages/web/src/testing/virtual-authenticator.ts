import type { Page } from 'playwright-core';

/**
 * Gives `page` a platform authenticator that says yes at once (Chromium's virtual
 * authenticator over CDP), so passkey prompts complete without a person. WebAuthn needs a
 * domain: open the dashboard at http://localhost:<port>, not at 127.0.0.1.
 */
export async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** The dashboard's address by name (localhost) instead of by IP, as WebAuthn requires. */
export function byName(url: string): string {
  return url.replace('//127.0.0.1:', '//localhost:');
}
