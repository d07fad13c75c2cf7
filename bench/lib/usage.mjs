// What a benchmark's child process has used so far, for the parent to take differences of:
// CPU time in user and kernel mode (ms, all threads), how often the scheduler took the CPU
// from it, and the garbage collector's pauses of the main thread (count, ms, of which major).
import { constants, PerformanceObserver } from 'node:perf_hooks';

const gc = { pauses: 0, pauseMs: 0, major: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.pauses += 1;
    gc.pauseMs += entry.duration;
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major += 1;
  }
}).observe({ entryTypes: ['gc'] });

export function usage() {
  const { userCPUTime, systemCPUTime, involuntaryContextSwitches } = process.resourceUsage();
  return {
    userMs: userCPUTime / 1000,
    systemMs: systemCPUTime / 1000,
    preempted: involuntaryContextSwitches,
    gcPauses: gc.pauses,
    gcMs: gc.pauseMs,
    majorGcs: gc.major,
  };
}
