/**
 * The module specifiers a JavaScript ES module imports, found without running it: static `import … from
 * "x"`, `import "x"`, `export … from "x"` and `import("x")` with a string. The studio uses this to check
 * that a node package's modules can load in a browser as they are (relative imports only) and to know
 * which files to serve.
 *
 * Algorithm: a tokenizer that skips comments, strings, template literals (with nested `${…}`) and regular
 * expressions, then a pass over the tokens. Whether a `/` starts a regular expression or divides is decided,
 * as JavaScript lexers do without a full parser, by the token before it: after a value (a name, a number,
 * a string, `)` or `]`) it divides, elsewhere (after an operator, `(`, `,`, `{`, `}`, `;`, a keyword such
 * as `return`) it starts a regular expression.
 */

export interface ModuleImport {
  specifier: string;
  /** 1-based line of the `import` or `export` keyword. */
  line: number;
  dynamic: boolean;
}

export interface ScannedImports {
  imports: ModuleImport[];
  /** Lines of `import(…)` calls whose argument is not a plain string: the module cannot be known in advance. */
  computedImports: number[];
}

type TokenKind = 'name' | 'string' | 'punct' | 'value';

interface Token {
  kind: TokenKind;
  value: string;
  line: number;
}

/** Keywords after which a `/` starts a regular expression (they are not values). */
const REGEX_AFTER_KEYWORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'extends']);

/** A syntax the tokenizer cannot read (an unterminated string, comment or template): the message names the line. */
export class ModuleScanError extends Error {}

const isIdStart = (c: string) => /[A-Za-z_$]/.test(c) || c.charCodeAt(0) > 127;
const isIdPart = (c: string) => /[\w$]/.test(c) || c.charCodeAt(0) > 127;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  // For each open `{`: whether it is a template literal's `${` (its `}` resumes the template).
  const braces: boolean[] = [];
  let i = 0;
  let line = 1;
  if (src.startsWith('#!')) while (i < src.length && src[i] !== '\n') i++;

  const push = (kind: TokenKind, value: string, at: number) => tokens.push({ kind, value, line: at });
  const regexAllowed = () => {
    const prev = tokens.at(-1);
    if (!prev) return true;
    if (prev.kind === 'punct') return prev.value !== ')' && prev.value !== ']';
    if (prev.kind === 'name') return REGEX_AFTER_KEYWORD.has(prev.value);
    return false;
  };
  const unterminated = (what: string, at: number) => new ModuleScanError(`an unterminated ${what} starts on line ${at}`);

  /** Reads template text from i (after ` or }) to the closing ` or the next ${. */
  const templatePart = (startLine: number): { text: string; substitution: boolean } => {
    let text = '';
    for (;;) {
      if (i >= src.length) throw unterminated('template literal', startLine);
      const c = src[i];
      if (c === '\\') {
        text += src[i + 1] ?? '';
        if (src[i + 1] === '\n') line++;
        i += 2;
      } else if (c === '`') {
        i++;
        return { text, substitution: false };
      } else if (c === '$' && src[i + 1] === '{') {
        i += 2;
        return { text, substitution: true };
      } else {
        if (c === '\n') line++;
        text += c;
        i++;
      }
    }
  };

  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw unterminated('comment', line);
      for (let k = i; k < end; k++) if (src[k] === '\n') line++;
      i = end + 2;
    } else if (c === '"' || c === "'") {
      const at = line;
      let text = '';
      i++;
      for (;;) {
        if (i >= src.length || src[i] === '\n') throw unterminated('string', at);
        if (src[i] === c) break;
        if (src[i] === '\\') {
          if (src[i + 1] === '\n') line++;
          text += src[i + 1] ?? '';
          i += 2;
        } else text += src[i++];
      }
      i++;
      push('string', text, at);
    } else if (c === '`') {
      const at = line;
      i++;
      const part = templatePart(at);
      if (part.substitution) {
        braces.push(true);
        push('value', '`', at);
        push('punct', '(', at); // each ${…} reads as a parenthesised expression
      } else push('string', part.text, at); // a template without ${…} is a plain string
    } else if (c === '}' && braces.at(-1) === true) {
      braces.pop();
      const at = line;
      i++;
      push('punct', ')', at);
      const part = templatePart(at);
      if (part.substitution) {
        braces.push(true);
        push('punct', '(', at);
      } else push('value', '`', at);
    } else if (c === '/' && regexAllowed()) {
      const at = line;
      let inClass = false;
      i++;
      for (;;) {
        if (i >= src.length || src[i] === '\n') throw unterminated('regular expression', at);
        const r = src[i];
        if (r === '\\') i += 2;
        else {
          if (r === '[') inClass = true;
          else if (r === ']') inClass = false;
          else if (r === '/' && !inClass) break;
          i++;
        }
      }
      i++;
      while (i < src.length && isIdPart(src[i])) i++;
      push('value', '/regex/', at);
    } else if (isIdStart(c)) {
      const start = i;
      while (i < src.length && isIdPart(src[i])) i++;
      push('name', src.slice(start, i), line);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      while (i < src.length && /[\w.]/.test(src[i])) i++;
      push('value', 'number', line);
    } else {
      if (c === '{') braces.push(false);
      else if (c === '}') braces.pop();
      // `a++ / b`: after ++ or -- a value ended, so the slash divides.
      if ((c === '+' || c === '-') && src[i + 1] === c) {
        push('value', c + c, line);
        i += 2;
        continue;
      }
      push('punct', c, line);
      i++;
    }
  }
  return tokens;
}

/** Index after the `{ … }` that starts at `from` (tokens[from] is `{`), or -1. */
function skipBraces(tokens: Token[], from: number): number {
  let depth = 0;
  for (let k = from; k < tokens.length; k++) {
    if (tokens[k].kind === 'punct' && tokens[k].value === '{') depth++;
    else if (tokens[k].kind === 'punct' && tokens[k].value === '}' && --depth === 0) return k + 1;
  }
  return -1;
}

/** Index of the `)` matching the `(` at `from`, or -2 when there is none. */
function closingParen(tokens: Token[], from: number): number {
  let depth = 0;
  for (let k = from; k < tokens.length; k++) {
    if (tokens[k].kind !== 'punct') continue;
    if (tokens[k].value === '(') depth++;
    else if (tokens[k].value === ')' && --depth === 0) return k;
  }
  return -2;
}

const isPunct = (t: Token | undefined, v: string) => t?.kind === 'punct' && t.value === v;
const isName = (t: Token | undefined, v: string) => t?.kind === 'name' && t.value === v;

/** The `from "x"` at `k` (after an import or export clause), as a specifier, or undefined. */
function fromClause(tokens: Token[], k: number): string | undefined {
  return isName(tokens[k], 'from') && tokens[k + 1]?.kind === 'string' ? tokens[k + 1].value : undefined;
}

/** Every module the source imports (see the module comment). Throws ModuleScanError on unreadable syntax. */
export function scanImports(source: string): ScannedImports {
  const tokens = tokenize(source);
  const imports: ModuleImport[] = [];
  const computedImports: number[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'name' || (t.value !== 'import' && t.value !== 'export')) continue;
    // `x.import`, `x?.import`: a property, not the keyword.
    if (isPunct(tokens[k - 1], '.')) continue;
    const next = tokens[k + 1];
    if (t.value === 'import') {
      if (isPunct(next, '.')) continue; // import.meta
      if (isPunct(next, '(')) {
        // `import(x) { … }` in a class or object literal is a method named import, not a call.
        if (isPunct(tokens[closingParen(tokens, k + 1) + 1], '{')) continue;
        const arg = tokens[k + 2];
        if (arg?.kind === 'string' && (isPunct(tokens[k + 3], ')') || isPunct(tokens[k + 3], ','))) imports.push({ specifier: arg.value, line: t.line, dynamic: true });
        else computedImports.push(t.line);
        continue;
      }
      if (next?.kind === 'string') {
        imports.push({ specifier: next.value, line: t.line, dynamic: false });
        continue;
      }
      // import a, { b as c }, * as d from "x" (anything else after `import` is a property name: `{ import: 1 }`)
      if (next?.kind !== 'name' && !isPunct(next, '{') && !isPunct(next, '*')) continue;
      let j = k + 1;
      while (j < tokens.length && !isName(tokens[j], 'from') && !isPunct(tokens[j], ';')) {
        j = isPunct(tokens[j], '{') ? skipBraces(tokens, j) : j + 1;
        if (j < 0) break;
      }
      const specifier = j >= 0 ? fromClause(tokens, j) : undefined;
      if (specifier !== undefined) imports.push({ specifier, line: t.line, dynamic: false });
      continue;
    }
    // export * from "x", export * as ns from "x", export { a, b as c } from "x"
    let j = -1;
    if (isPunct(next, '*')) j = isName(tokens[k + 2], 'as') ? k + 4 : k + 2;
    else if (isPunct(next, '{')) j = skipBraces(tokens, k + 1);
    const specifier = j >= 0 ? fromClause(tokens, j) : undefined;
    if (specifier !== undefined) imports.push({ specifier, line: t.line, dynamic: false });
  }
  return { imports, computedImports };
}
