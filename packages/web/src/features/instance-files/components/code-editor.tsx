import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { xml } from '@codemirror/lang-xml';
import { EditorState, type Extension } from '@codemirror/state';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';

export type EditorLanguage = 'python' | 'xml' | 'javascript' | 'plain';

/** Python, XML and JS highlighted; CSV and odoo.conf stay plain text (no language, line numbers kept). */
const languages: Record<EditorLanguage, () => Extension> = {
  python: () => python(),
  xml: () => xml(),
  javascript: () => javascript(),
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
