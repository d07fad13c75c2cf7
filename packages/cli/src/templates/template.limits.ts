import { templateLimits } from '@ocore/core';
import { Option } from 'commander';
import { coresIn, orNone, wholeNumberIn } from '../shared/option-parsers.js';

const { cpuLimit, memoryLimitMb } = templateLimits;

/**
 * `--cpu-limit <cores>` and `--memory-limit <MB>`, each also taking `none` (no limit);
 * `what` starts their descriptions ("the", "the new").
 */
export function limitOptions(what: string): { cpu: Option; memory: Option } {
  return {
    cpu: new Option(
      '--cpu-limit <cores>',
      `${what} CPU limit of the container, ${cpuLimit.min}-${cpuLimit.max} cores to the hundredth (e.g. 0.5), or none`,
    ).argParser(orNone(coresIn(cpuLimit.min, cpuLimit.max))),
    memory: new Option(
      '--memory-limit <MB>',
      `${what} memory limit of the container in MB, ${memoryLimitMb.min}-${memoryLimitMb.max}, or none`,
    ).argParser(orNone(wholeNumberIn(memoryLimitMb.min, memoryLimitMb.max))),
  };
}
