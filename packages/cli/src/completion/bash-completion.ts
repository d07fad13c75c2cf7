import type { CompletionNode } from './command-tree.js';
import { lookupFunctions, shellQuote, type ShellDialect } from './shell-script.js';

// Walks the words before the cursor to the command they name, stepping over options and
// the values of those that take one, then offers what may follow there.
const completeFunction = `_ocore() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local command_path="" word i expects_value="" offered
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if [[ -n $expects_value ]]; then
      expects_value=""
    elif [[ $word == -* ]]; then
      [[ " $(_ocore_value_options "$command_path") " == *" $word "* ]] && expects_value=1
    elif [[ " $(_ocore_words "$command_path") " == *" $word "* ]]; then
      command_path="\${command_path:+$command_path }$word"
    fi
  done
  if [[ -n $expects_value ]]; then
    offered="$(_ocore_choices "\${command_path:+$command_path }$prev")"
    if [[ -z $offered && " $(_ocore_file_options "$command_path") " == *" $prev "* ]]; then
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
      return
    fi
  else
    offered="$(_ocore_words "$command_path")"
    [[ $cur == -* || -z $offered ]] && offered="$(_ocore_options "$command_path")"
  fi
  COMPREPLY=($(compgen -W "$offered" -- "$cur"))
}`;

const bash: ShellDialect = {
  print: (words) => `echo ${shellQuote(words.join(' '))}`,
  // bash shows no descriptions.
  entry: (name) => name,
};

/** The bash completion script of the program whose commands are `nodes`. */
export function bashCompletionScript(nodes: readonly CompletionNode[]): string {
  return [
    '# bash completion for ocore, made by `ocore completion bash` from its commands and options.',
    '# Load it in ~/.bashrc with: source <(ocore completion bash)',
    '',
    lookupFunctions(nodes, bash),
    completeFunction,
    'complete -F _ocore ocore',
    '',
  ].join('\n');
}
