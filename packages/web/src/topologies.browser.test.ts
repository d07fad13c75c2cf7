/// <reference types="node" />
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { phoneOverflow, screenshot } from './testing/browser-harness';
import { startInfrastructureSuite, type InfrastructureSuite } from './testing/infrastructure-suite';

warnIfSkipped('topologies.browser.test');

describe.skipIf(!runsInBrowser)('topology editor in Chromium', () => {
  let suite: InfrastructureSuite;
  let page: Page;
  let topologyId: string;
  const serverIds: Record<string, string> = {};
  const socketFrames: string[] = [];

  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const graphNode = (id: string) => page.locator(`.topology-node[data-node-id="${id}"]`);
  const drawnNodes = () => page.locator('.react-flow__node');
  const drawnEdges = () => page.locator('.react-flow__edge');
  const issuesPanel = () => page.locator('.issues-panel');
  const progressRow = (id: string) => page.locator(`.deploy-node[data-node-id="${id}"]`);
  const dialog = (name: string) => page.getByRole('dialog', { name });
  const connectionList = () => page.getByRole('list', { name: 'Connections' });
  /** Whether the page asks before it is reloaded or closed (its beforeunload handler). */
  const asksBeforeUnload = () =>
    page.evaluate(() => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    });
  /** The graph's zoom: the scale of React Flow's viewport transform. */
  const graphZoom = () =>
    page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);

  async function addNode(kind: string, server: string, setting?: string) {
    await page.getByLabel('Kind').selectOption({ label: kind });
    await page.getByLabel('Server', { exact: true }).selectOption({ label: `${server} (pending)` });
    if (setting) await page.getByLabel(/\(optional\)$/).fill(setting);
    await button('Add node').click();
  }

  async function connect(source: string, target: string) {
    await page.getByLabel('From', { exact: true }).selectOption(source);
    await page.getByLabel('To', { exact: true }).selectOption(target);
    await button('Connect').click();
  }

  /** Drags from a node's bottom handle to another's top handle, as a user joins them on the graph. */
  async function dragConnect(source: string, target: string) {
    // The mouse works in the viewport: the graph must be in it (the forms below scroll it away).
    await page.getByRole('figure', { name: 'Topology graph' }).scrollIntoViewIfNeeded();
    const from = (await graphNode(source).locator('.react-flow__handle-bottom').boundingBox())!;
    const to = (await graphNode(target).locator('.react-flow__handle-top').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await page.mouse.up();
  }

  async function saveAndValidate(expected: RegExp) {
    await button('Save').click();
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' });
    await button('Validate').click();
    await expect.poll(() => issuesPanel().textContent()).toMatch(expected);
  }

  const issuesOn = (node: Locator, tone: 'error' | 'warning') =>
    node.locator(`.node-issues-${tone} li`).allTextContents();

  beforeAll(async () => {
    suite = await startInfrastructureSuite({ name: 'Tom Topologies', email: 'tom.topologies@example.com' });
    ({ page } = suite);
    for (const name of ['app-1', 'app-2', 'db-1']) serverIds[name] = await suite.addServer(name);
    // Pending: not checked (the suite checks servers only on request; they have no key, so a check
    // would find them unreachable). A topology on pending servers validates; its deploy's own
    // connection finds out, node by node.
    expect((await suite.api('/servers')).items.map((s: { status: string }) => s.status)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
    page.on('websocket', (socket) => socket.on('framereceived', (frame) => socketFrames.push(String(frame.payload))));
  });

  afterAll(() => suite?.close());

  it('creates a topology and opens its editor, not deployed yet, without a failed request', async () => {
    const failed: string[] = [];
    const onResponse = (response: { status(): number; url(): string }) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    };
    const onConsole = (message: { type(): string; text(): string }) => {
      if (message.type() === 'error') failed.push(`console: ${message.text()}`);
    };
    page.on('response', onResponse);
    page.on('console', onConsole);
    await page.goto(`${suite.app.url}/topologies`);
    await page.getByText('No topologies yet').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('HA Production');
    await page.getByLabel('Description (optional)').fill('Two Odoo nodes behind a load balancer');
    await button('Create and open').click();

    await page.getByRole('heading', { level: 1, name: 'HA Production' }).waitFor();
    topologyId = new URL(page.url()).pathname.split('/').at(-1)!;
    expect((await suite.api(`/topologies/${topologyId}`)).name).toBe('HA Production');
    await page.getByText('Not deployed yet.').waitFor();
    await page.locator('.section-live .live[data-status="live"]').waitFor();
    expect(await page.getByRole('figure', { name: 'Topology graph' }).count()).toBe(1);
    expect(await drawnNodes().count()).toBe(0);

    // Loaded again, a topology never deployed says so without an error status or a logged error.
    await page.reload();
    await page.getByText('Not deployed yet.').waitFor();
    await page.locator('.section-live .live[data-status="live"]').waitFor();
    page.off('response', onResponse);
    page.off('console', onConsole);
    expect(failed).toEqual([]);
  });

  it('draws the nodes added, with their server and setting, and saves them', async () => {
    await addNode('Odoo', 'app-1', '4');
    await addNode('PostgreSQL', 'db-1');
    await expect.poll(() => drawnNodes().count()).toBe(2);
    expect(await graphNode('odoo-1').textContent()).toContain('on app-1 · 4 workers');
    expect(await graphNode('postgres-1').textContent()).toContain('on db-1');
    expect(await page.getByRole('group', { name: 'Odoo node odoo-1' }).count()).toBe(1);
    await page.getByText('Unsaved changes').waitFor();

    // The draft is checked as drawn, before it is saved.
    await button('Validate').click();
    await expect.poll(() => issuesPanel().textContent()).toMatch(/Validation found 1 error/);
    expect(await issuesOn(graphNode('odoo-1'), 'error')).toEqual([
      'odoo node odoo-1 has no connection to the postgres node',
    ]);
    expect((await suite.api(`/topologies/${topologyId}`)).topologyData.nodes).toEqual([]);

    await saveAndValidate(/Validation found 1 error, 1 of them shown on their nodes/);
    const saved = (await suite.api(`/topologies/${topologyId}`)).topologyData;
    expect(saved.nodes).toEqual([
      { id: 'odoo-1', kind: 'odoo', serverId: serverIds['app-1'], config: { workers: 4 } },
      { id: 'postgres-1', kind: 'postgres', serverId: serverIds['db-1'] },
    ]);
  });

  it('marks the node validation finds at fault, and so does a refused deploy', async () => {
    await expect.poll(() => graphNode('odoo-1').getAttribute('class')).toContain('has-errors');
    expect(await issuesOn(graphNode('odoo-1'), 'error')).toEqual([
      'odoo node odoo-1 has no connection to the postgres node',
    ]);
    expect(await graphNode('postgres-1').getAttribute('class')).not.toContain('has-errors');

    // Deploy asks first, naming the topology and how many nodes it deploys; Cancel starts nothing.
    await button('Deploy').click();
    const ask = dialog('Deploy HA Production?');
    expect(await ask.textContent()).toContain('2 nodes');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(await issuesPanel().textContent()).not.toContain('refused');
    await button('Deploy').click();
    await ask.getByRole('button', { name: 'Start deployment' }).click();
    await expect
      .poll(() => issuesPanel().textContent())
      .toContain('The deploy was refused: 1 error, 1 of them shown on their nodes');
    expect(await issuesOn(graphNode('odoo-1'), 'error')).toEqual([
      'odoo node odoo-1 has no connection to the postgres node',
    ]);
    expect(await page.getByText('Not deployed yet.').count()).toBe(1);
  });

  it('draws connections; topology errors go to the panel, warnings apart from errors', async () => {
    await connect('odoo-1', 'postgres-1');
    await addNode('Odoo', 'app-1');
    await expect.poll(() => drawnNodes().count()).toBe(3);
    await page.waitForTimeout(400); // the graph fits itself to the new node first
    await dragConnect('odoo-2', 'postgres-1');
    await expect.poll(() => drawnEdges().count()).toBe(2);
    // A drag between kinds that do not talk is not accepted (the same core rule).
    await dragConnect('odoo-1', 'odoo-2');
    await page.waitForTimeout(300);
    expect(await drawnEdges().count()).toBe(2);
    // Kinds that do not talk are refused in the form, with core's rule, and the draft keeps its edges.
    await connect('odoo-1', 'odoo-2');
    await page
      .getByText(
        'odoo-1 (odoo) and odoo-2 (odoo) cannot be connected: odoo nodes connect only to postgres, redis, load-balancer or filestore',
      )
      .waitFor();
    await connect('postgres-1', 'postgres-1');
    await page.getByText('node postgres-1 cannot be connected to itself').waitFor();
    expect(await drawnEdges().count()).toBe(2);
    expect(await drawnNodes().count()).toBe(3);
    expect(await page.getByRole('list', { name: 'Connections' }).textContent()).toContain('odoo-2 — postgres-1');

    await saveAndValidate(/Validation found 2 errors/);
    const panel = await issuesPanel().textContent();
    expect(panel).toContain('2 odoo nodes need a load balancer');
    expect(panel).toContain('a local filestore cannot be shared by several odoo nodes');
    expect(await issuesOn(graphNode('odoo-1'), 'warning')).toEqual([
      'several odoo nodes on one server do not add availability',
    ]);
    expect(await graphNode('odoo-1').getAttribute('class')).toContain('has-warnings');
    expect(await graphNode('odoo-1').getAttribute('class')).not.toContain('has-errors');
  });

  it('saves the HA settings, after which the topology is valid', async () => {
    await page.getByLabel('Load balancer server').selectOption({ label: 'app-2' });
    await page.getByLabel('Filestore').selectOption('shared_nfs');
    await button('Save HA settings').click();
    await page.getByText('High-availability settings saved.').waitFor();
    expect((await suite.api(`/topologies/${topologyId}`)).haConfig).toMatchObject({
      lbServerId: serverIds['app-2'],
      filestoreType: 'shared_nfs',
      lbType: 'traefik',
    });

    // Reloaded, the form shows what is stored (the server list loads after the topology).
    await page.reload();
    await page.getByLabel('Load balancer server').waitFor();
    await expect
      .poll(() => page.getByLabel('Load balancer server').locator('option:checked').textContent())
      .toBe('app-2');
    expect(await page.getByLabel('Filestore').inputValue()).toBe('shared_nfs');

    await button('Validate').click();
    await expect.poll(() => issuesPanel().textContent()).toContain('Validation passed: no errors, 1 warning.');
    await screenshot(page, 'topology-editor-valid-1280');
  });

  it('deploys with live progress per node, ending failed with the reason', async () => {
    // Every status the deployment shows, in order, as the page draws it (and without a reload).
    await page.evaluate(() => {
      const steps: string[] = [];
      Object.assign(window, { deploySteps: steps });
      new MutationObserver(() => {
        const status = document.querySelector('.deploy-summary')?.getAttribute('data-status');
        if (status && steps.at(-1) !== status) steps.push(status);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await button('Deploy').click();
    expect(await dialog('Deploy HA Production?').textContent()).toContain('3 nodes');
    await dialog('Deploy HA Production?').getByRole('button', { name: 'Start deployment' }).click();
    await expect
      .poll(() => page.locator('.deploy-summary').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('failed');

    for (const [node, server] of [
      ['postgres-1', 'db-1'],
      ['odoo-1', 'app-1'],
      ['odoo-2', 'app-1'],
      ['lb', 'app-2'],
    ] as const) {
      expect(await progressRow(node).getAttribute('data-status')).toBe('failed');
      expect(await progressRow(node).textContent()).toContain(`server ${server} has no SSH key or password`);
    }
    expect(await page.getByRole('row').filter({ hasText: '(from the HA settings)' }).textContent()).toContain('lb');
    expect(await graphNode('odoo-1').getAttribute('data-status')).toBe('failed');
    expect(await graphNode('odoo-1').locator('.topology-node-reason').textContent()).toContain(
      'server app-1 has no SSH key or password',
    );
    expect(await page.locator('.deploy-summary + .alert-error').textContent()).toBe(
      '4 of 4 nodes failed: postgres-1, odoo-1, odoo-2, lb',
    );

    // The progress came over the socket, a node step at a time, and the page followed it without a reload.
    const progress = socketFrames.filter((frame) => frame.includes('"type":"topology.deployment"'));
    expect(progress.some((frame) => frame.includes('"status":"rendering"'))).toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(2 * 4 + 2);
    const steps = await page.evaluate(() => (window as unknown as { deploySteps: string[] }).deploySteps);
    expect(steps[0]).toBe('queued');
    expect(steps.at(-1)).toBe('failed');
    const latest = await suite.api(`/topologies/${topologyId}/status`);
    expect(latest).toMatchObject({
      status: 'failed',
      nodes: expect.arrayContaining([expect.objectContaining({ nodeId: 'odoo-1', status: 'failed' })]),
    });
  });

  it('checks one node again on request', async () => {
    const odoo = page.getByRole('row').filter({ has: progressRow('odoo-1') });
    await odoo.getByRole('button', { name: 'Check odoo-1' }).click();
    await odoo.getByText(/^Checked at .*: failed \(server app-1 has no SSH key or password/).waitFor();
    expect(await phoneOverflow(page, 'topology-editor-deployed')).toBeLessThanOrEqual(0);
  });

  it("edits a node's server and setting, keeping its id and connections", async () => {
    await page.getByRole('button', { name: 'Edit node odoo-2' }).click();
    const form = page.getByRole('form', { name: 'Edit node odoo-2' });
    await form.getByLabel('Server').selectOption({ label: 'app-2 (pending)' });
    await form.getByLabel('Workers').fill('6');
    await form.getByRole('button', { name: 'Apply' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => graphNode('odoo-2').textContent()).toContain('on app-2 · 6 workers');
    expect(await connectionList().textContent()).toContain('odoo-2 — postgres-1');

    await button('Save').click();
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' });
    const saved = (await suite.api(`/topologies/${topologyId}`)).topologyData;
    expect(saved.nodes).toContainEqual({
      id: 'odoo-2',
      kind: 'odoo',
      serverId: serverIds['app-2'],
      config: { workers: 6 },
    });
    expect(saved.edges).toContainEqual({ source: 'odoo-2', target: 'postgres-1' });
  });

  it('keeps the graph readable at fit-view: a minimum zoom and handles large enough to grab', async () => {
    for (let n = 0; n < 5; n++) await addNode('Odoo', 'app-1');
    await expect.poll(() => drawnNodes().count()).toBe(8);
    await page.waitForTimeout(300);
    expect(await graphZoom()).toBeGreaterThanOrEqual(0.75);
    const handle = await graphNode('odoo-1').locator('.react-flow__handle').first().boundingBox();
    expect(handle!.width).toBeGreaterThanOrEqual(12);
    await screenshot(page, 'topology-editor-many-nodes-1280');
    await button('Discard changes').click();
    await expect.poll(() => drawnNodes().count()).toBe(3);
  });

  it('asks before removing a node with its connections, in the table and on Delete in the graph', async () => {
    await page.getByRole('button', { name: 'Remove node odoo-2' }).click();
    const ask = dialog('Remove odoo-2?');
    expect(await ask.textContent()).toContain('odoo-2 — postgres-1');
    await ask.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => drawnNodes().count()).toBe(2);
    await expect.poll(() => drawnEdges().count()).toBe(1);

    // Delete on a selected node asks the same; Cancel keeps it.
    await graphNode('odoo-1').click();
    await page.keyboard.press('Delete');
    const askGraph = dialog('Remove odoo-1?');
    expect(await askGraph.textContent()).toContain('odoo-1 — postgres-1');
    await askGraph.getByRole('button', { name: 'Cancel' }).click();
    await askGraph.waitFor({ state: 'detached' });
    expect(await drawnNodes().count()).toBe(2);

    await page.getByRole('button', { name: 'Remove connection odoo-1 to postgres-1' }).click();
    await expect.poll(() => drawnEdges().count()).toBe(0);
  });

  it('asks before leaving with unsaved changes, and not once they are discarded', async () => {
    expect(await asksBeforeUnload()).toBe(true);
    const toList = page.getByRole('navigation').getByRole('link', { name: 'Topologies' });
    await toList.click();
    const ask = dialog('Leave without saving?');
    await ask.getByRole('button', { name: 'Stay' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/topologies/${topologyId}`);

    await button('Discard changes').click();
    await expect.poll(() => drawnNodes().count()).toBe(3);
    await expect.poll(() => drawnEdges().count()).toBe(2);
    expect(await asksBeforeUnload()).toBe(false);

    await page.getByRole('button', { name: 'Remove connection odoo-1 to postgres-1' }).click();
    await toList.click();
    await ask.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('heading', { level: 1, name: 'Topologies' }).waitFor();
    expect(suite.pageErrors).toEqual([]);
  });
});
