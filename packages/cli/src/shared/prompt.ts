import type { CliIo } from './output.js';

/**
 * Reads one line typed at a terminal, echoed as usual, without its line end. The end of
 * input (Ctrl-D) answers what was typed so far.
 */
export function promptLine(stdin: NodeJS.ReadStream, io: CliIo, question: string): Promise<string> {
  return new Promise((resolve) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.off('end', finish);
      stdin.pause();
      resolve(value);
    };
    const onData = (chunk: string) => {
      const end = chunk.search(/[\r\n]/);
      value += end === -1 ? chunk : chunk.slice(0, end);
      if (end !== -1) finish();
    };
    io.stderr.write(question);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.once('end', finish);
    stdin.resume();
  });
}
