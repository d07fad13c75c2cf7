import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedJsonArgs, findCommandLines, specDir, upstreamSpecDir } from './documented-commands.js';

describe('docs/spec', () => {
  // The repository's copy of the product guides must stay the guides: where the originals are
  // at hand, they are compared file by file.
  it.runIf(existsSync(upstreamSpecDir))('is a faithful copy of the product guides', () => {
    const names = readdirSync(upstreamSpecDir).sort();
    expect(readdirSync(specDir).sort()).toEqual(names);
    for (const name of names)
      expect(readFileSync(join(specDir, name), 'utf8'), name).toBe(readFileSync(join(upstreamSpecDir, name), 'utf8'));
  });
});

describe('findCommandLines', () => {
  it('finds the commands of a guide, joining continued lines and ignoring the host names', () => {
    const guide = [
      'curl -X POST https://ocore.example.com/api/agency/branding \\',
      '  -H "Authorization: Bearer $TOKEN"',
      'ocore agency branding update \\',
      '  --logo-url "https://cdn.example.com/logo.png" \\',
      '  --primary-color "#2563eb"',
      '',
      'Branding Options',
      'ocore template create --env PROXY_MODE=True',
    ].join('\n');
    expect(findCommandLines(guide)).toEqual([
      'ocore agency branding update --logo-url "https://cdn.example.com/logo.png" --primary-color "#2563eb"',
      'ocore template create --env PROXY_MODE=True',
    ]);
  });

  it('ends a command where the text after its code block runs on without a break', () => {
    const guide = `}'ocore org create --name "Acme Corp" --slug acme-corpValidation Rules\nocore org update --name "Acme"Editable`;
    expect(findCommandLines(guide)).toEqual([
      'ocore org create --name "Acme Corp" --slug acme-corp',
      'ocore org update --name "Acme"',
    ]);
  });
});

describe('documentedJsonArgs', () => {
  it('runs the command as written, with the changes a test needs and --json', () => {
    const line = 'ocore org create --name "Acme Corp" --slug acme-corp';
    expect(documentedJsonArgs({ line, replace: ['--slug', 'acme-2'], extra: ['--x'] })).toEqual([
      '--json',
      'org',
      'create',
      '--name',
      'Acme Corp',
      '--slug',
      'acme-2',
      '--x',
    ]);
    expect(() => documentedJsonArgs({ line, replace: ['--logo-url', 'x'] })).toThrow('has no --logo-url');
  });
});
