import { describe, expect, it } from 'vitest';
import { TranscriptRecorder, transcriptLimits } from './terminal-transcript.js';

describe('a terminal transcript', () => {
  it('keeps output and input as they came', () => {
    const r = new TranscriptRecorder();
    r.recordInput(Buffer.from('ls\r'));
    r.recordOutput(Buffer.from('ls\r\nodoo.conf\r\n'));
    expect(r.content()).toEqual({ output: 'ls\r\nodoo.conf\r\n', input: 'ls\r' });
    expect([r.outputBytes, r.inputBytes, r.truncated]).toEqual([15, 3, false]);
  });

  it('stops at its bounds and says it was cut', () => {
    const r = new TranscriptRecorder();
    const mib = Buffer.alloc(transcriptLimits.outputBytes - 10, 'a');
    r.recordOutput(mib);
    r.recordOutput(Buffer.alloc(100, 'b'));
    r.recordOutput(Buffer.from('more'));
    expect(r.outputBytes).toBe(transcriptLimits.outputBytes);
    expect(r.truncated).toBe(true);
    expect(r.content().output.endsWith('b'.repeat(10))).toBe(true);
    r.recordInput(Buffer.alloc(transcriptLimits.inputBytes + 1, 'x'));
    expect(r.inputBytes).toBe(transcriptLimits.inputBytes);
  });
});
