import type { TerminalTranscript } from '@ocore/core';
import { formatBytes, formatDateTime } from '../../../lib/format';
import { plainTerminalText } from '../utils/terminal-text';

const kindNames: Record<TerminalTranscript['kind'], string> = { shell: 'Terminal', odoo: 'Odoo shell' };

function durationOf(t: TerminalTranscript): string {
  const seconds = Math.max(0, Math.round((Date.parse(t.endedAt) - Date.parse(t.startedAt)) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** One kept session: when and how long, what it showed and what was typed, as plain text. */
export function TerminalTranscriptView({ transcript }: { transcript: TerminalTranscript }) {
  return (
    <div className="terminal-transcript">
      <dl className="details">
        <div>
          <dt>Session</dt>
          <dd>{kindNames[transcript.kind]}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(transcript.startedAt)}</dd>
        </div>
        <div>
          <dt>Lasted</dt>
          <dd>{durationOf(transcript)}</dd>
        </div>
        <div>
          <dt>Kept</dt>
          <dd>
            {formatBytes(transcript.outputBytes)} shown, {formatBytes(transcript.inputBytes)} typed
            {transcript.truncated ? ' (cut: the session wrote or typed more than is kept)' : ''}
          </dd>
        </div>
      </dl>
      <h2>What the session showed</h2>
      <pre className="transcript-text" aria-label="Session output" tabIndex={0}>
        {plainTerminalText(transcript.output)}
      </pre>
      <h2>What was typed</h2>
      <pre className="transcript-text" aria-label="Session input" tabIndex={0}>
        {plainTerminalText(transcript.input)}
      </pre>
    </div>
  );
}
