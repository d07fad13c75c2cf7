import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './testing/challtestsrv.js';
import { expectFailures, runOk, useOwner } from './testing/cli-fixtures.js';
import { addServers, createTopologyFrom, smallGraph } from './testing/topology-fixtures.js';

// No job worker: a deployment stays queued, so a deploy being followed is still at work at Ctrl-C.
const { server, owner } = useOwner({ name: 'Ezra', env: { OCORE_JOBS: '0' } });
let away: string;

beforeAll(async () => {
  away = `http://127.0.0.1:${await freePort()}`;
  const ids = await addServers(owner, ['app-1', 'db-1']);
  await createTopologyFrom(owner, server, 'Small', smallGraph(ids['app-1']!, ids['db-1']!));
});

describe('exit codes', () => {
  it('are listed at the end of ocore --help', async () => {
    const help = await owner.run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:\n {2}0 {4}success\n {2}1 {4}the server refused/);
    expect(help.stdout).toMatch(/^ {2}2 {4}usage: /m);
    expect(help.stdout).toMatch(/^ {2}130 {2}interrupted with Ctrl-C/m);
  });

  it('0 for success, 1 when the server refuses', async () => {
    await runOk(owner, ['whoami']);
    await expectFailures((args) => owner.run(args), 1, [
      [['--token', 'not-a-token', 'whoami'], 'error: ', 'invalid or has expired', 'hint: run `ocore login'],
      [['org', 'switch', 'nowhere'], 'you belong to no organization "nowhere"'],
      [['org', 'create', '--name', 'X'], 'name: '],
    ]);
  });

  it('1 with a clear message when the server cannot be reached', async () => {
    const result = await owner.run(['--url', away, '--token', 'x', 'whoami']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(`error: the server at ${away} is unreachable (ECONNREFUSED)\n`);
  });

  it('2 for usage errors: unknown command or option, missing or invalid argument, a bad --url', async () => {
    await expectFailures((args) => owner.run(args), 2, [
      [['org', 'list', '--bogus'], "error: unknown option '--bogus'", '(add --help for usage)'],
      [['orgs'], "error: unknown command 'orgs'"],
      [['server', 'get'], "error: missing required argument 'id'"],
      [['org', 'create'], "error: required option '--name <name>' not specified"],
      [['agency', 'client', 'list', '--limit', 'many'], "argument 'many' is invalid. must be a whole number"],
      [['--url', 'not a url', 'whoami'], 'error: --url: "not a url" is not a URL'],
      [['agency'], 'Usage: ocore agency [options] [command]'],
    ]);
  });

  it('the same codes from the ocore process, which ends with 130 when Ctrl-C interrupts a command at work', async () => {
    const unreachable = await owner.spawn(['--url', away, '--token', 'x', 'whoami']).result;
    expect(unreachable).toMatchObject({
      code: 1,
      stderr: `error: the server at ${away} is unreachable (ECONNREFUSED)\n`,
    });
    expect(await owner.spawn(['org', 'list', '--bogus']).result).toMatchObject({ code: 2 });
    const deploy = owner.spawn(['topology', 'deploy', 'Small']);
    await expect.poll(() => deploy.output().stdout, { timeout: 30_000 }).toMatch(/^Deploying Small: deployment/);
    deploy.kill('SIGINT');
    const interrupted = await deploy.result;
    expect(interrupted).toMatchObject({ code: 130, signal: null });
    expect(interrupted.stderr).toContain('error: stopped following: the deployment goes on');
  });
});
