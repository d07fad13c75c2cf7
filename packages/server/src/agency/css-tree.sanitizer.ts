import type { CssSanitizer } from '@ocore/core';
import {
  find,
  generate,
  ident,
  parse,
  walk,
  type Atrule,
  type Block,
  type CssNode,
  type Declaration,
  type FunctionNode,
  type List,
  type Rule,
} from 'css-tree';

// Allowlists: any other at-rule (@import, @namespace, @charset, @layer, @page, ...) or node type is removed.
const KEPT_AT_RULES = new Set(['media', 'supports', 'font-face', 'keyframes']);
const SAFE_NODE_TYPES = new Set([
  'AnPlusB',
  'AtrulePrelude',
  'AttributeSelector',
  'Brackets',
  'Combinator',
  'Condition',
  'MediaQuery',
  'MediaQueryList',
  'NestingSelector',
  'Nth',
  'Number',
  'Operator',
  'Parentheses',
  'Percentage',
  'Ratio',
  'Selector',
  'SelectorList',
  'SupportsDeclaration',
  'UnicodeRange',
  'Value',
  'WhiteSpace',
]);
// Compared without vendor prefix; `-ms-filter` loads images through progid strings, plain `filter` does not.
const SCRIPT_PROPERTIES = new Set(['behavior', 'binding', 'link', 'link-source']);
const PREFIXED_SCRIPT_PROPERTIES = new Set(['filter']);
// Functions whose string arguments are URLs; var()/env()/attr() inside them would hide the URL from us.
const IMAGE_FUNCTIONS = new Set(['url', 'src', 'image-set', 'image', 'cross-fade']);
const INDIRECT_FUNCTIONS = new Set(['var', 'env', 'attr']);
const SCRIPT_SCHEMES = ['javascript:', 'vbscript:', 'data:'];
const UNPARSABLE = 'unparsable';
const ONLY_HTTPS = 'only https URLs are allowed';

interface Problem {
  reason: string;
  node: CssNode;
}
interface Context {
  removed: string[];
  errorLines: WeakMap<CssNode, number>;
}

/** A CssSanitizer on css-tree: parses, keeps an allowlisted subset of the tree and generates CSS from it. */
export function createCssTreeSanitizer(): CssSanitizer {
  return { sanitize: sanitizeCss };
}

function sanitizeCss(css: string): { css: string; removed: string[] } {
  const context: Context = { removed: [], errorLines: new WeakMap() };
  const ast = parse(css, {
    positions: true,
    parseCustomProperty: true, // so `--x: url(...)` is a tree checked like any other value
    onParseError: (error, fallback) => context.errorLines.set(fallback, error.line),
    // Comments never reach the output; those that look like an attack are reported all the same.
    onComment: (value, loc) => {
      if (textProblem(value))
        context.removed.push(`removed a comment containing "<" or a script URL near line ${loc.start.line}`);
    },
  });
  if (ast.type !== 'StyleSheet') return { css: '', removed: ['removed all CSS (it could not be parsed)'] };
  ast.children = keepRules(ast.children, context);
  const output = generate(ast);
  // Belt and braces: whatever the tree checks missed must still not be able to end the <style> element.
  if (output.includes('<') || output.includes('-->')) {
    return { css: '', removed: [...context.removed, 'removed all CSS (the result still contained "<")'] };
  }
  return { css: output, removed: context.removed };
}

function keepRules(list: List<CssNode>, context: Context): List<CssNode> {
  return list.filter((node) => isKeptRuleListItem(node, context));
}

function isKeptRuleListItem(node: CssNode, context: Context): boolean {
  switch (node.type) {
    case 'Rule':
      return isKeptRule(node, context);
    case 'Atrule':
      return isKeptAtrule(node, context);
    case 'Comment':
      return false;
    case 'CDO':
    case 'CDC':
      context.removed.push('removed an HTML comment marker');
      return false;
    default:
      if (!isStraySemicolon(node)) context.removed.push(unparsableMessage(node, context));
      return false;
  }
}

function isKeptRule(rule: Rule, context: Context): boolean {
  const problem = findProblem(rule.prelude);
  if (problem) {
    context.removed.push(explain(problem, `rule ${truncate(generate(rule.prelude))}`, context));
    return false;
  }
  rule.block.children = keepDeclarations(rule.block, context);
  return !rule.block.children.isEmpty;
}

function isKeptAtrule(atrule: Atrule, context: Context): boolean {
  const name = decodeName(atrule.name);
  const kind = unprefixed(name) === 'keyframes' ? 'keyframes' : name;
  if (!KEPT_AT_RULES.has(kind) || !atrule.block) {
    context.removed.push(`removed @${name} rule`);
    return false;
  }
  if (atrule.prelude) rewriteLessThan(atrule.prelude);
  const problem = atrule.prelude ? findProblem(atrule.prelude) : undefined;
  if (problem) {
    context.removed.push(explain(problem, `@${name} rule`, context));
    return false;
  }
  atrule.name = name;
  if (kind === 'font-face') return isKeptFontFace(atrule.block, context);
  atrule.block.children = keepRules(atrule.block.children, context);
  return !atrule.block.children.isEmpty;
}

function isKeptFontFace(block: Block, context: Context): boolean {
  block.children = keepDeclarations(block, context);
  if (block.children.some((node) => node.type === 'Declaration' && decodeName(node.property) === 'src')) return true;
  context.removed.push('removed @font-face rule (its src must use https URLs)');
  return false;
}

function keepDeclarations(block: Block, context: Context): List<CssNode> {
  return block.children.filter((node) => {
    if (node.type === 'Declaration') return isKeptDeclaration(node, context);
    if (!isStraySemicolon(node)) context.removed.push(unparsableMessage(node, context));
    return false;
  });
}

function isKeptDeclaration(declaration: Declaration, context: Context): boolean {
  const property = decodeName(declaration.property);
  const base = unprefixed(property);
  if (SCRIPT_PROPERTIES.has(base) || (PREFIXED_SCRIPT_PROPERTIES.has(base) && base !== property)) {
    context.removed.push(`removed ${property} declaration`);
    return false;
  }
  const problem =
    findProblem(declaration) ??
    (typeof declaration.important === 'string'
      ? { reason: 'only !important is allowed', node: declaration }
      : undefined) ??
    (property.startsWith('--') ? customPropertyProblem(declaration) : undefined);
  if (!problem) return true;
  const subject = `${property}: ${declaration.value.type === 'Raw' ? declaration.value.value.trim() : generate(declaration.value)}`;
  context.removed.push(explain(problem, truncate(subject), context));
  return false;
}

/** The first node in `root` (pre-order) that is not allowed, with the reason. */
function findProblem(root: CssNode): Problem | undefined {
  let problem: Problem | undefined;
  find(root, (node) => {
    const reason = nodeProblem(node);
    if (reason) problem = { reason, node };
    return reason !== undefined;
  });
  return problem;
}

/** A custom property string may reach image-set(var(--x)) in a browser we did not think of: URLs in it must be https too. */
function customPropertyProblem(declaration: Declaration): Problem | undefined {
  const node = find(
    declaration,
    (n) => n.type === 'String' && n.value.includes('//') && urlProblem(n.value) !== undefined,
  );
  return node ? { reason: ONLY_HTTPS, node } : undefined;
}

function nodeProblem(node: CssNode): string | undefined {
  switch (node.type) {
    case 'Raw':
      return UNPARSABLE;
    case 'Url':
      return urlProblem(node.value);
    case 'String':
      return textProblem(node.value);
    case 'Function':
      return functionProblem(node);
    case 'Declaration':
      return textProblem(ident.decode(node.property));
    case 'Identifier':
    case 'TypeSelector':
    case 'ClassSelector':
    case 'IdSelector':
    case 'PseudoClassSelector':
    case 'PseudoElementSelector':
    case 'Feature':
      return textProblem(ident.decode(node.name));
    case 'Dimension':
      return textProblem(ident.decode(node.unit));
    case 'Hash':
      return textProblem(ident.decode(node.value));
    case 'FeatureFunction':
      return textProblem(ident.decode(node.feature));
    case 'FeatureRange':
      return node.leftComparison.includes('<') || node.rightComparison?.includes('<')
        ? 'mixed range comparisons are not allowed'
        : undefined;
    default:
      return SAFE_NODE_TYPES.has(node.type) ? undefined : `${node.type} is not allowed`;
  }
}

function functionProblem(fn: FunctionNode): string | undefined {
  const name = decodeName(fn.name);
  const textual = textProblem(name);
  if (textual) return textual;
  if (name.includes('expression')) return 'script expressions are not allowed';
  if (!IMAGE_FUNCTIONS.has(unprefixed(name))) return undefined;
  // css-tree reads `\75 rl(x)` as a function named url; a browser reads it as the URL `x`.
  if (name === 'url') return 'escaped url() is not allowed';
  const isIndirect = (node: CssNode) =>
    node.type === 'Function' && INDIRECT_FUNCTIONS.has(unprefixed(decodeName(node.name)));
  if (find(fn, isIndirect)) return 'image sources must be literal https URLs';
  for (const child of fn.children) {
    if (child.type === 'String' && urlProblem(child.value)) return ONLY_HTTPS;
  }
  return undefined;
}

/** css-tree has already decoded escapes in Url and String values; names are decoded by the caller. */
function urlProblem(url: string): string | undefined {
  if (!url.toLowerCase().startsWith('https://') || !URL.canParse(url)) return ONLY_HTTPS;
  return textProblem(url);
}

function textProblem(text: string): string | undefined {
  if (text.includes('<') || text.includes('-->')) return 'text containing "<" is not allowed';
  return hasScriptScheme(text) ? 'javascript:, vbscript: and data: are not allowed' : undefined;
}

/** True for `javascript:` and friends where a scheme can start, so "Metadata:" is fine and "java\tscript:" is not. */
function hasScriptScheme(text: string): boolean {
  // URL parsers drop tabs and newlines anywhere in a URL.
  const lower = [...text.toLowerCase()].filter((char) => char !== '\t' && char !== '\n' && char !== '\r').join('');
  const isSchemeChar = (char = '') =>
    (char >= 'a' && char <= 'z') || (char >= '0' && char <= '9') || (char !== '' && '+-.'.includes(char));
  return SCRIPT_SCHEMES.some((scheme) => {
    for (let at = lower.indexOf(scheme); at !== -1; at = lower.indexOf(scheme, at + 1))
      if (!isSchemeChar(lower[at - 1])) return true;
    return false;
  });
}

/** `(width < 600px)` becomes `(600px > width)`, so a legitimate media query needs no "<" in the output. */
function rewriteLessThan(prelude: CssNode): void {
  const flip = (comparison: string) => (comparison.startsWith('<') ? '>' : '<') + comparison.slice(1);
  walk(prelude, {
    visit: 'FeatureRange',
    enter(range) {
      const comparisons = [range.leftComparison, range.rightComparison ?? ''].join('');
      if (!comparisons.includes('<') || comparisons.includes('>')) return;
      if (range.right && range.rightComparison) {
        [range.left, range.right] = [range.right, range.left];
        [range.leftComparison, range.rightComparison] = [flip(range.rightComparison), flip(range.leftComparison)];
      } else {
        [range.left, range.middle] = [range.middle, range.left];
        range.leftComparison = flip(range.leftComparison);
      }
    },
  });
}

function explain(problem: Problem, subject: string, context: Context): string {
  return problem.reason === UNPARSABLE
    ? unparsableMessage(problem.node, context)
    : `removed ${subject} (${problem.reason})`;
}

function unparsableMessage(node: CssNode, context: Context): string {
  return `removed unparsable CSS near line ${context.errorLines.get(node) ?? node.loc?.start.line ?? 1}`;
}

/** css-tree keeps `;;` as a Raw node; it is noise, not something the author needs to hear about. */
function isStraySemicolon(node: CssNode): boolean {
  return node.type === 'Raw' && node.value.replaceAll(';', '').trim() === '';
}

function decodeName(name: string): string {
  return ident.decode(name).toLowerCase();
}

function unprefixed(name: string): string {
  for (const prefix of ['-webkit-', '-moz-', '-ms-', '-o-'])
    if (name.startsWith(prefix)) return name.slice(prefix.length);
  return name;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
