import { templateLimits } from '@ocore/core';
import { Option } from 'commander';
import { coresIn, noneAsNull, orNone, wholeNumberIn } from './option-parsers.js';

const { cpuLimit, memoryLimitMb } = templateLimits;

/** What the limit options leave in a command's options. */
export interface LimitFlags {
  cpuLimit?: number | 'none';
  memoryLimitMb?: number | 'none';
  /** `--memory-limit`, the first name of `--memory-limit-mb` (templates had it first). */
  memoryLimit?: number | 'none';
}

/**
 * `--cpu-limit <cores>` and `--memory-limit-mb <MB>` (also `--memory-limit`, hidden), each
 * also taking `none` (no limit); `what` starts their descriptions ("the", "the new").
 */
export function limitOptions(what: string): { cpu: Option; memory: Option; memoryAlias: Option } {
  const memory = orNone(wholeNumberIn(memoryLimitMb.min, memoryLimitMb.max));
  return {
    cpu: new Option(
      '--cpu-limit <cores>',
      `${what} CPU limit of the container, ${cpuLimit.min}-${cpuLimit.max} cores to the hundredth (e.g. 0.5), or none`,
    ).argParser(orNone(coresIn(cpuLimit.min, cpuLimit.max))),
    memory: new Option(
      '--memory-limit-mb <MB>',
      `${what} memory limit of the container in MB, ${memoryLimitMb.min}-${memoryLimitMb.max}, or none`,
    ).argParser(memory),
    memoryAlias: new Option('--memory-limit <MB>').argParser(memory).hideHelp(),
  };
}

/** The limits given, as request fields: null for `none`, left out when not given. */
export function limitFields(flags: LimitFlags): { cpuLimit?: number | null; memoryLimitMb?: number | null } {
  const memory = flags.memoryLimitMb ?? flags.memoryLimit;
  return {
    ...(flags.cpuLimit !== undefined && { cpuLimit: noneAsNull(flags.cpuLimit) }),
    ...(memory !== undefined && { memoryLimitMb: noneAsNull(memory) }),
  };
}
