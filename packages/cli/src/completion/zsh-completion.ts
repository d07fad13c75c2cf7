import type { CompletionNode } from './command-tree.js';
import { lookupFunctions, shellQuote, type ShellDialect } from './shell-script.js';

const zsh: ShellDialect = {
  // One word a line, as `${(f)"$(…)"}` reads them back into an array.
  print: (words) => `print -rl -- ${words.map(shellQuote).join(' ')}`,
  // `name:description`, as _describe shows it; a colon in the name would end it early.
  entry: (name, description) => `${name.replaceAll(':', '\\:')}:${description}`,
};

// The same walk as the bash script's; `words` and `CURRENT` are zsh's (1-based, `ocore` first).
// The command path is not called `path`, which zsh ties to $PATH.
const completeFunction = `_ocore() {
  local command_path="" word i expects_value="" previous="\${words[CURRENT-1]}"
  local -a entries names
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    if [[ -n $expects_value ]]; then
      expects_value=""
    elif [[ $word == -* ]]; then
      names=(\${(f)"$(_ocore_value_options "$command_path")"})
      (( \${names[(Ie)$word]} )) && expects_value=1
    else
      entries=(\${(f)"$(_ocore_words "$command_path")"})
      names=(\${entries%%:*})
      (( \${names[(Ie)$word]} )) && command_path="\${command_path:+$command_path }$word"
    fi
  done
  if [[ -n $expects_value ]]; then
    entries=(\${(f)"$(_ocore_choices "\${command_path:+$command_path }$previous")"})
    names=(\${(f)"$(_ocore_file_options "$command_path")"})
    if (( \${#entries} )); then
      compadd -a entries
    elif (( \${names[(Ie)$previous]} )); then
      _files
    fi
    return
  fi
  entries=(\${(f)"$(_ocore_words "$command_path")"})
  if [[ \${words[CURRENT]} == -* ]] || (( ! \${#entries} )); then
    entries=(\${(f)"$(_ocore_options "$command_path")"})
    _describe -t options 'ocore option' entries
  else
    _describe -t commands 'ocore command' entries
  fi
}`;

/** The zsh completion script of the program whose commands are `nodes`. */
export function zshCompletionScript(nodes: readonly CompletionNode[]): string {
  return [
    '#compdef ocore',
    '# zsh completion for ocore, made by `ocore completion zsh` from its commands and options.',
    '# Save it as _ocore in a folder of $fpath, or load it in ~/.zshrc after compinit with:',
    '#   source <(ocore completion zsh)',
    '',
    lookupFunctions(nodes, zsh),
    completeFunction,
    '',
    '# Autoloaded from $fpath, this file is the body of _ocore: complete now. Sourced: register.',
    'if [[ $funcstack[1] == _ocore ]]; then',
    '  _ocore "$@"',
    'else',
    '  compdef _ocore ocore',
    'fi',
    '',
  ].join('\n');
}
