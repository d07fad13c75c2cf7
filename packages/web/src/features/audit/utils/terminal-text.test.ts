import { describe, expect, it } from 'vitest';
import { plainTerminalText, transcriptIdOf } from './terminal-text';

describe('plainTerminalText', () => {
  it('drops colors, cursor moves, titles and bells, and folds carriage returns', () => {
    const raw = '\x1b]0;odoo@shop: ~\x07\x1b[01;32modoo@shop\x1b[00m:~$ echo hi\r\nhi\r\n\x1b[?2004l\x07done\r';
    expect(plainTerminalText(raw)).toBe('odoo@shop:~$ echo hi\nhi\ndone\n');
  });
});

describe('transcriptIdOf', () => {
  it('reads the id of a kept transcript, and nothing when none was kept', () => {
    expect(transcriptIdOf({ kind: 'shell', transcriptId: 'a1b2' })).toBe('a1b2');
    expect(transcriptIdOf({ kind: 'shell', transcriptId: null })).toBeNull();
    expect(transcriptIdOf({ from: 1 })).toBeNull();
  });
});
