import { UsageError } from '../args.js';

/**
 * Fills a pickletools preamble such as `==> {name} <==` the way Python's
 * `str.format(name=...)` does for the forms a preamble can sensibly use:
 * `{name}`, `{name!s}`, `{name!r}`, and `{{` / `}}` for literal braces.
 * @throws {UsageError} for any other replacement field, as Python would raise.
 */
export function formatPreamble(template: string, name: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      const end = template.indexOf('}', i);
      if (end < 0) throw new UsageError("--preamble: Single '{' encountered in format string");
      const field = template.slice(i + 1, end);
      if (field === 'name' || field === 'name!s') out += name;
      else if (field === 'name!r') out += pythonStrRepr(name);
      else throw new UsageError(`--preamble: unsupported replacement field {${field}} (only {name}, {name!r}, {{ and }})`);
      i = end + 1;
      continue;
    }
    if (c === '}') {
      if (template[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      throw new UsageError("--preamble: Single '}' encountered in format string");
    }
    out += c;
    i++;
  }
  return out;
}

/** Python's repr() of a str, for the characters a file name holds. */
function pythonStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let body = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') body += '\\\\';
    else if (ch === quote) body += '\\' + ch;
    else if (ch === '\n') body += '\\n';
    else if (ch === '\r') body += '\\r';
    else if (ch === '\t') body += '\\t';
    else if (code < 0x20 || code === 0x7f) body += '\\x' + code.toString(16).padStart(2, '0');
    else body += ch;
  }
  return quote + body + quote;
}
