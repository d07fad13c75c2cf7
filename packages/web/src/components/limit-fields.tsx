import { templateLimits } from '@ocore/core';
import { Field } from './field';

const { cpuLimit, memoryLimitMb } = templateLimits;

export interface LimitFieldsProps {
  /** The values shown at first (an instance's own); none: empty. */
  cpuLimit?: number | null;
  memoryLimitMb?: number | null;
  /** What an empty field means ("no limit", "the template's (2048 MB)"), and its placeholder. */
  emptyCpu?: string;
  emptyMemory?: string;
  placeholders?: { cpu: string; memory: string };
  /** Starts the labels, where another form on the page has limits too ("Instance "). */
  labelPrefix?: string;
  error: (name: 'cpuLimit' | 'memoryLimitMb') => string | undefined;
}

/**
 * The CPU and memory limits of an instance's container, as the template, instance create and
 * instance edit forms take them: numbers the core schema checks, empty meaning `empty…`.
 */
export function LimitFields({
  cpuLimit: cpu,
  memoryLimitMb: memory,
  emptyCpu = 'no limit',
  emptyMemory = 'no limit',
  placeholders = { cpu: 'No limit', memory: 'No limit' },
  labelPrefix = '',
  error,
}: LimitFieldsProps) {
  return (
    <div className="form-row form-row-even">
      <Field
        label={`${labelPrefix}CPU limit (cores)`}
        name="cpuLimit"
        type="number"
        inputMode="decimal"
        step="0.01"
        defaultValue={cpu ?? ''}
        placeholder={placeholders.cpu}
        hint={`${cpuLimit.min}-${cpuLimit.max}, e.g. 0.5 or 2; empty for ${emptyCpu}.`}
        error={error('cpuLimit')}
      />
      <Field
        label={`${labelPrefix}Memory limit (MB)`}
        name="memoryLimitMb"
        type="number"
        inputMode="numeric"
        defaultValue={memory ?? ''}
        placeholder={placeholders.memory}
        hint={`${memoryLimitMb.min}-${memoryLimitMb.max}, e.g. 2048; empty for ${emptyMemory}.`}
        error={error('memoryLimitMb')}
      />
    </div>
  );
}
