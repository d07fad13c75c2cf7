/** Decodes one punycode label body (RFC 3492, without the `xn--` prefix); undefined when malformed. */
function decodePunycode(input: string): string | undefined {
  const [base, tmin, tmax, skew, damp] = [36, 1, 26, 38, 700];
  const cut = input.lastIndexOf('-');
  const output = cut > 0 ? [...input.slice(0, cut)].map((c) => c.codePointAt(0) ?? 0) : [];
  let [n, i, bias] = [128, 0, 72];
  const adapt = (delta: number, points: number, first: boolean) => {
    delta = first ? Math.floor(delta / damp) : delta >> 1;
    delta += Math.floor(delta / points);
    let k = 0;
    for (; delta > ((base - tmin) * tmax) >> 1; k += base) delta = Math.floor(delta / (base - tmin));
    return k + Math.floor(((base - tmin + 1) * delta) / (delta + skew));
  };
  for (let pos = cut > 0 ? cut + 1 : 0; pos < input.length;) {
    const oldi = i;
    for (let w = 1, k = base; ; k += base) {
      const c = input.charCodeAt(pos++);
      const digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : base;
      if (digit >= base || pos > input.length) return undefined;
      i += digit * w;
      const t = k <= bias ? tmin : k >= bias + tmax ? tmax : k - bias;
      if (digit < t) break;
      w *= base - t;
    }
    bias = adapt(i - oldi, output.length + 1, oldi === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

const scripts = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Hebrew', 'Arabic', 'Han', 'Hiragana', 'Katakana', 'Hangul'];
const scriptPatterns = scripts.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);

/** The scripts of the letters of a text (digits and hyphens belong to none). */
function scriptsOf(text: string): string[] {
  return scriptPatterns.filter(([, pattern]) => [...text].some((c) => pattern.test(c))).map(([name]) => name);
}

/**
 * Warnings for a custom domain (as stored, in ASCII) whose labels mix scripts, such as a Latin
 * name with one Cyrillic letter (`xn--pple-43d.com`, shown as "аpple.com"): it looks like
 * another name. Japanese mixes of Han and kana are not flagged.
 */
export function lookAlikeWarnings(hostname: string): string[] {
  const warnings: string[] = [];
  for (const label of hostname.split('.')) {
    if (!label.startsWith('xn--')) continue;
    const shown = decodePunycode(label.slice(4));
    if (shown === undefined) continue;
    const found = scriptsOf(shown);
    const japanese = found.every((s) => ['Han', 'Hiragana', 'Katakana'].includes(s));
    if (found.length > 1 && !japanese) {
      warnings.push(
        `${label} is shown as "${shown}", which mixes ${found.join(' and ')} letters: it may pass for another name`,
      );
    }
  }
  return warnings;
}
