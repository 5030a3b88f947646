#!/usr/bin/env node
/**
 * Counts the lines of SQL held in TypeScript (issue 20: SQL lives in .sql files). A line counts when a string
 * or template literal that spans it reads as a SQL statement or clause (an upper-case keyword such as SELECT,
 * FROM … WHERE, CREATE TABLE, INSERT INTO, JOIN, GROUP BY). A line is counted once however many literals touch
 * it. Code inside `${…}` of such a template counts too: it is part of the statement as written.
 * Usage: node tools/sql-in-ts.mjs [dir …]   (default src) — prints `lines file`, largest first, and the total.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SQL = /\b(SELECT\b|INSERT INTO|CREATE (OR REPLACE )?(TEMP |TEMPORARY )?(TABLE|VIEW|MACRO|SEQUENCE|INDEX)|DROP (TABLE|VIEW|MACRO)|ALTER TABLE|UPDATE \w+ SET|DELETE FROM|FROM \w+|WHERE |GROUP BY|ORDER BY|LEFT JOIN|JOIN \w+|WITH \w+ AS|UNION ALL|CASE WHEN|COPY \(|ATTACH |PRAGMA |SUMMARIZE|DESCRIBE )/;

/** [startLine, endLine, text] of each string/template literal in `src` (a small scanner, enough for our code). */
export function literals(src) {
  const out = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  // a stack of template depths: each `${` inside a template pushes a brace counter
  const braces = [];
  const stack = []; // open templates: {start, line, text}
  const nl = (c) => {
    if (c === '\n') line++;
  };
  const readQuoted = (q) => {
    const start = line;
    let text = '';
    i++;
    while (i < n && src[i] !== q) {
      if (src[i] === '\\') {
        text += src[i] + src[i + 1];
        nl(src[i + 1]);
        i += 2;
        continue;
      }
      if (src[i] === '\n') break; // unterminated: stop at the line end
      text += src[i++];
    }
    i++;
    out.push([start, line, text]);
  };
  const readTemplate = (resume) => {
    // reads template text until the closing backtick or a `${`
    const t = resume ?? { start: line, text: '' };
    if (!resume) i++;
    while (i < n) {
      const c = src[i];
      if (c === '\\') {
        t.text += c + src[i + 1];
        nl(src[i + 1]);
        i += 2;
        continue;
      }
      if (c === '`') {
        i++;
        out.push([t.start, line, t.text]);
        return;
      }
      if (c === '$' && src[i + 1] === '{') {
        i += 2;
        t.text += '${…}';
        stack.push(t);
        braces.push(0);
        return;
      }
      nl(c);
      t.text += c;
      i++;
    }
  };
  while (i < n) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      i += 2;
      while (i < n && !(src[i] === '*' && src[i + 1] === '/')) nl(src[i++]);
      i += 2;
      continue;
    }
    if (c === "'" || c === '"') {
      readQuoted(c);
      continue;
    }
    if (c === '`') {
      readTemplate();
      continue;
    }
    if (braces.length) {
      if (c === '{') braces[braces.length - 1]++;
      if (c === '}') {
        if (braces[braces.length - 1] === 0) {
          braces.pop();
          i++;
          readTemplate(stack.pop());
          continue;
        }
        braces[braces.length - 1]--;
      }
    }
    nl(c);
    i++;
  }
  return out;
}

/** The line numbers of `src` spanned by a literal that reads as SQL. */
export function sqlLines(src) {
  const lines = new Set();
  for (const [a, b, text] of literals(src)) {
    if (!SQL.test(text)) continue;
    for (let l = a; l <= b; l++) lines.add(l);
  }
  return lines;
}

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : name.endsWith('.ts') ? [p] : [];
  });
}

/** { file (relative to root): SQL lines } for every .ts file under `dirs`, files without SQL left out. */
export function sqlLinesPerFile(root, dirs = ['src']) {
  const out = {};
  for (const d of dirs)
    for (const f of tsFiles(join(root, d))) {
      const k = sqlLines(readFileSync(f, 'utf8')).size;
      if (k) out[relative(root, f)] = k;
    }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(fileURLToPath(import.meta.url), '..', '..');
  const per = sqlLinesPerFile(root, process.argv.slice(2).length ? process.argv.slice(2) : ['src']);
  const rows = Object.entries(per).sort((a, b) => b[1] - a[1]);
  for (const [f, k] of rows) console.log(`${String(k).padStart(5)} ${f}`);
  console.log(`${String(rows.reduce((s, r) => s + r[1], 0)).padStart(5)} total`);
}
