/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/* Checks any dashboard page can take: accessibility (axe-core), keyboard reach, fit. */

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * One line per serious or critical axe-core violation on the page as it stands, naming the
 * elements at fault. axe is evaluated over CDP, which the page's script policy does not govern.
 */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(
    async (options) => {
      const { axe } = window as unknown as { axe: { run(context: Document, o: RunOptions): Promise<AxeResults> } };
      const result = await axe.run(document, options);
      return result.violations.map(({ id, impact, help, nodes }) => ({
        id,
        impact,
        help,
        nodes: nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
      }));
    },
    { resultTypes: ['violations'] } satisfies RunOptions,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.join('\n    ')}`);
}

/** The page's title is drawn and nothing is loading any more. */
export async function settled(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  const loading = page.getByRole('status').filter({ hasText: /^Loading/ });
  await expect.poll(() => loading.count()).toBe(0);
}

/** How many pixels the page scrolls sideways: 0 when it fits. */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

export interface TabWalk {
  /** What the first Tab focused, by its text. */
  first: string | null;
  /** The visible, enabled controls that Tab never reached (their HTML, shortened). */
  unreached: string[];
}

/** Presses Tab through the page from its start and says which controls were never focused. */
export async function walkWithTab(page: Page): Promise<TabWalk> {
  const count = await page.evaluate(() => {
    const selector = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
    const stops = [...document.querySelectorAll<HTMLElement>(selector)].filter(
      (el) =>
        !(el as HTMLInputElement).disabled &&
        el.getClientRects().length > 0 &&
        getComputedStyle(el).visibility !== 'hidden' &&
        // A radio group is one stop; the graph's own panes are reached through its controls.
        !(el instanceof HTMLInputElement && el.type === 'radio') &&
        !el.closest('.react-flow__renderer'),
    );
    stops.forEach((el, index) => el.setAttribute('data-tab-stop', String(index)));
    return stops.length;
  });
  // The page notes every focus itself, so the walk is only key presses.
  await page.evaluate(() => {
    const focused: { stop: string | null; text: string | null }[] = [];
    Object.assign(window, { tabFocused: focused });
    document.addEventListener('focusin', ({ target }) => {
      const el = target as HTMLElement;
      focused.push({ stop: el.getAttribute('data-tab-stop'), text: el.textContent });
    });
  });
  await page.locator('body').focus();
  for (let step = 0; step < count + 10; step++) await page.keyboard.press('Tab');
  const { first, unreached } = await page.evaluate(() => {
    const focused = (window as unknown as { tabFocused: { stop: string | null; text: string | null }[] }).tabFocused;
    const seen = new Set(focused.map((f) => f.stop));
    return {
      first: focused[0]?.text ?? null,
      unreached: [...document.querySelectorAll<HTMLElement>('[data-tab-stop]')]
        .filter((el) => !seen.has(el.getAttribute('data-tab-stop')))
        .map((el) => el.outerHTML.slice(0, 120)),
    };
  });
  return { first, unreached };
}
