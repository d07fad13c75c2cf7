import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { xml } from '@codemirror/lang-xml';
import { StreamLanguage, type StreamParser } from '@codemirror/language';
import { properties } from '@codemirror/legacy-modes/mode/properties';
import { EditorState, type Extension } from '@codemirror/state';
import type { EditorLanguage } from '@ocore/core';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';

/**
 * CSV as Odoo's data files write it: a quoted field is a string (doubled quotes inside), a
 * number a number, the separator punctuation; the header row reads as the fields' names.
 */
const csv: StreamParser<{ line: number }> = {
  name: 'csv',
  startState: () => ({ line: 0 }),
  blankLine: (state) => void (state.line += 1),
  token(stream, state) {
    let kind = 'punctuation';
    if (!stream.eat(',')) {
      if (stream.eat('"')) {
        while (!stream.eol()) if (stream.next() === '"' && !stream.eat('"')) break;
      } else stream.eatWhile(/[^,]/);
      kind = state.line === 0 ? 'propertyName' : /^-?\d+(\.\d+)?$/.test(stream.current()) ? 'number' : 'string';
    }
    if (stream.eol()) state.line += 1;
    return kind;
  },
};

/** Python, XML and JS highlighted by their packages; odoo.conf (ini) and CSV as stream languages. */
const languages: Record<EditorLanguage, () => Extension> = {
  python: () => python(),
  xml: () => xml(),
  javascript: () => javascript(),
  conf: () => StreamLanguage.define(properties),
  csv: () => StreamLanguage.define(csv),
  plain: () => [],
};

export interface CodeEditorProps {
  /** The text as opened; a new `docKey` (another file, or the same one reloaded) replaces it. */
  initial: string;
  docKey: string;
  language: EditorLanguage;
  label: string;
  readOnly?: boolean;
  onChange: (text: string) => void;
}

/** A CodeMirror 6 editor; React only mounts it, the editor keeps the text. */
export function CodeEditor({ initial, docKey, language, label, readOnly = false, onChange }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    if (!host.current) return undefined;
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initial,
        extensions: [
          basicSetup,
          languages[language](),
          EditorState.readOnly.of(readOnly),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    return () => view.destroy();
    // The editor is made again only for another document.
  }, [docKey]);
  return <div ref={host} className="code-editor" data-language={language} />;
}
