/** Bounds of a template's fields (and of what provisioning may override). */
export const templateLimits = {
  name: { min: 2, max: 100 },
  descriptionMax: 2000,
  workers: { min: 0, max: 64 },
  /** CPU cores the container may use (decimal, to the hundredth: 0.5 is half a core). */
  cpuLimit: { min: 0.1, max: 256 },
  /** Memory the container may use, in MB. */
  memoryLimitMb: { min: 256, max: 1_048_576 },
  envVarsMax: 100,
  envValueMax: 4096,
  modulesMax: 200,
  moduleNameMax: 128,
} as const;

export const odooEditions = ['ce', 'ee'] as const;
export type OdooEdition = (typeof odooEditions)[number];

/** An environment variable name as a POSIX shell takes it, in upper case. */
export const envVarNamePattern = /^[A-Z_][A-Z0-9_]*$/;

/** An Odoo module's technical name. */
export const moduleNamePattern = /^[a-z0-9_]+$/;

/** Why `name` is not a usable environment variable name, or undefined when it is. */
export function envVarNameProblem(name: string): string | undefined {
  return envVarNamePattern.test(name)
    ? undefined
    : 'must be upper case letters, digits and _, not starting with a digit';
}

/** Why `vars` breaks the rules for a set of environment variables, as [key, problem] pairs. */
export function envVarsProblems(vars: Readonly<Record<string, string>>): [string | undefined, string][] {
  const names = Object.keys(vars);
  const problems: [string | undefined, string][] = [];
  if (names.length > templateLimits.envVarsMax)
    problems.push([undefined, `may hold at most ${templateLimits.envVarsMax} variables (got ${names.length})`]);
  for (const name of names) {
    const problem = envVarNameProblem(name);
    if (problem) problems.push([name, problem]);
    else if ((vars[name] ?? '').length > templateLimits.envValueMax)
      problems.push([name, `must be at most ${templateLimits.envValueMax} characters`]);
  }
  return problems;
}

/** Whether `cores` is given to the hundredth at most (Docker takes CPUs in billionths; people write 0.5, 1.25). */
export function isHundredths(cores: number): boolean {
  return Math.abs(cores * 100 - Math.round(cores * 100)) < 1e-9;
}

/** The first module listed twice, if any. */
export function duplicateModule(modules: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const name of modules) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** The name of a template captured from an instance: "<instance> template", cut to fit. */
export function capturedTemplateName(instanceName: string): string {
  const suffix = ' template';
  const room = templateLimits.name.max - suffix.length;
  return `${[...instanceName].slice(0, room).join('').trimEnd()}${suffix}`;
}
