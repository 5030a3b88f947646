/**
 * A small streaming XML tokenizer for the simple, machine-written XML of OOXML parts and XES logs: no DOM,
 * no DTD processing. Text is fed in chunks (`write`); complete tokens are reported to a handler as they are
 * found, so a sheet or event log of any size passes through a buffer of about one chunk.
 *
 * Follows XML 1.0 where it matters for data: line ends are normalised (`\r\n` and `\r` → `\n`) in text
 * and attribute values, attribute values have literal tabs/newlines turned into spaces, the five predefined
 * entities and character references are decoded, CDATA is passed through verbatim, element names are
 * reported without their namespace prefix (`x:row` → `row`). Mismatched or unclosed elements are errors.
 */

export interface XmlHandler {
  /** an element starts; a self-closing one (`<c/>`) is followed at once by its `close` call */
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  /** character data (already decoded); only called while `wantText` is true */
  text(text: string): void;
  /** set by the handler: whether text between tags is needed now (skipping it is much faster) */
  wantText: boolean;
}

export class XmlError extends Error {}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (m, e: string) => {
    if (e.charCodeAt(0) === 35 /* # */) {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[e] ?? m;
  });
}

function normaliseNewlines(s: string): string {
  return s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** Parses the attribute part of a start tag (`a="1" b='2'`). Keys keep their prefix (`r:id`, `xml:space`). */
export function parseAttributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && s.charCodeAt(i) <= 32) i++;
    if (i >= n) break;
    const eq = s.indexOf('=', i);
    if (eq < 0) throw new XmlError(`malformed attribute '${s.slice(i, i + 40)}'`);
    const key = s.slice(i, eq).trim();
    let j = eq + 1;
    while (j < n && s.charCodeAt(j) <= 32) j++;
    const q = s[j];
    if (q !== '"' && q !== "'") throw new XmlError(`attribute ${key} has an unquoted value`);
    const end = s.indexOf(q, j + 1);
    if (end < 0) throw new XmlError(`attribute ${key} has an unterminated value`);
    let v = s.slice(j + 1, end);
    if (/[\t\n\r]/.test(v)) v = v.replace(/\r\n|[\t\n\r]/g, ' ');
    out[key] = decodeEntities(v);
    i = end + 1;
  }
  return out;
}

/** Bounds on one document (the reader's `line` and `depth` limits, limits.ts). */
export interface XmlBounds {
  /** characters of one token: a tag with its attributes, a comment, a wanted text run */
  token: number;
  /** open elements */
  depth: number;
}

/** A token past a bound; the converter turns it into the file's one-line refusal. */
export class XmlLimitError extends XmlError {
  constructor(
    readonly bound: keyof XmlBounds,
    message: string,
  ) {
    super(message);
  }
}

type Pending = 'text' | 'tag' | 'end' | 'comment' | 'cdata' | 'pi' | 'other';
const TERMINATOR: Partial<Record<Pending, string>> = { end: '>', comment: '-->', cdata: ']]>', pi: '?>' };

export class XmlTokenizer {
  // An incomplete token (a long tag, a long text run) is kept as a list of chunks and only the new chunk
  // is searched for its end, so a token of n characters costs O(n), not O(n²) re-scans of a growing string.
  private pending: string[] = [];
  private pendingLen = 0;
  private kind: Pending | undefined;
  /** tag: the quote character open at the end of what is pending */
  private quote = 0;
  private readonly stack: string[] = [];
  private consumed = 0;
  private seenRoot = false;

  constructor(
    private readonly h: XmlHandler,
    private readonly bounds: XmlBounds = { token: Infinity, depth: Infinity },
  ) {}

  /** characters consumed so far (for error messages) */
  get position(): number {
    return this.consumed;
  }

  get depth(): number {
    return this.stack.length;
  }

  write(chunk: string): void {
    if (this.kind === undefined) return this.run(chunk);
    if (this.kind !== 'other' && !this.completes(chunk)) {
      this.pending.push(chunk);
      this.pendingLen += chunk.length;
      if (this.pendingLen > this.bounds.token) {
        this.err(`a ${this.kind === 'text' ? 'value' : 'tag'} of more than ${this.bounds.token.toLocaleString('en-US')} characters`, 'token');
      }
      return;
    }
    const s = this.pending.join('') + chunk;
    this.pending = [];
    this.pendingLen = 0;
    this.kind = undefined;
    this.run(s);
  }

  /** Tokenises `s`; keeps its incomplete last token as pending (or drops it: text nobody wants). */
  private run(s: string): void {
    const pos = this.parse(s);
    this.consumed += pos;
    if (pos === s.length) return;
    const rest = s.slice(pos);
    if (rest.charCodeAt(0) !== 60 /* < */) {
      // Text with no '<' yet: only kept when the handler wants it; unwanted text (indentation, a whitespace
      // run of any length) is dropped here, having been checked by parse() for text outside the root.
      if (!this.h.wantText) return void (this.consumed += rest.length);
      this.kind = 'text';
    } else if (rest.length < 9) this.kind = 'other'; // too short to tell `<!--` from `<![CDATA[`: re-run (cheap)
    else if (rest.startsWith('</')) this.kind = 'end';
    else if (rest.startsWith('<!--')) this.kind = 'comment';
    else if (rest.startsWith('<![CDATA[')) this.kind = 'cdata';
    else if (rest.startsWith('<?')) this.kind = 'pi';
    else if (rest.startsWith('<!')) this.kind = 'other';
    else {
      this.kind = 'tag';
      this.quote = 0;
      this.scanTag(rest, 1);
    }
    this.pending = [rest];
    this.pendingLen = rest.length;
    if (this.pendingLen > this.bounds.token) this.err(`a ${this.kind === 'text' ? 'value' : 'tag'} of more than ${this.bounds.token.toLocaleString('en-US')} characters`, 'token');
  }

  /** Whether `chunk` holds the end of the pending token. */
  private completes(chunk: string): boolean {
    if (this.kind === 'text') return chunk.indexOf('<') >= 0;
    if (this.kind === 'tag') return this.scanTag(chunk, 0);
    const t = TERMINATOR[this.kind!]!;
    // the terminator may straddle the previous chunk and this one
    const last = this.pending[this.pending.length - 1]!;
    return (last.slice(-(t.length - 1)) + chunk).indexOf(t) >= 0;
  }

  /** Scans a start tag's characters from `from`, carrying the quote state; true at its closing '>'. */
  private scanTag(s: string, from: number): boolean {
    let quote = this.quote;
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62) return true;
    }
    this.quote = quote;
    return false;
  }

  /** Ends the input: anything left open means the document was cut short. */
  end(): void {
    const rest = this.pending.join('');
    if (rest.trim() !== '') throw new XmlError(`the document ends inside a tag (near '${rest.slice(0, 40)}')`);
    if (this.stack.length > 0) throw new XmlError(`the document ends before </${this.stack[this.stack.length - 1]}> (truncated?)`);
    if (!this.seenRoot) throw new XmlError('no XML element found');
  }

  private err(msg: string, bound?: keyof XmlBounds): never {
    const text = `${msg} (near character ${this.consumed})`;
    throw bound ? new XmlLimitError(bound, text) : new XmlError(text);
  }

  /** Handles every complete token in the buffer; returns where the first incomplete one starts. */
  private parse(s: string): number {
    const h = this.h;
    const n = s.length;
    let pos = 0;
    while (pos < n) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        // Text up to the end of the buffer: keep it until its closing '<' arrives.
        if (this.stack.length === 0 && s.slice(pos).trim() !== '') this.err('text outside the root element');
        return pos;
      }
      if (lt > pos && h.wantText) h.text(decodeEntities(normaliseNewlines(s.slice(pos, lt))));
      else if (lt > pos && this.stack.length === 0 && s.slice(pos, lt).trim() !== '') this.err('text outside the root element');
      if (lt + 1 >= n) return lt;
      const c = s.charCodeAt(lt + 1);
      if (c === 47 /* / */) {
        const gt = s.indexOf('>', lt + 2);
        if (gt < 0) return lt;
        const name = localName(s.slice(lt + 2, gt).trim());
        const top = this.stack.pop();
        if (top !== name) this.err(top === undefined ? `</${name}> closes nothing` : `</${name}> closes <${top}>`);
        h.close(name);
        pos = gt + 1;
      } else if (c === 33 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const e = s.indexOf('-->', lt + 4);
          if (e < 0) return lt;
          pos = e + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const e = s.indexOf(']]>', lt + 9);
          if (e < 0) return lt;
          if (h.wantText) h.text(normaliseNewlines(s.slice(lt + 9, e)));
          pos = e + 3;
        } else if (lt + 9 > n) {
          return lt;
        } else {
          // <!DOCTYPE …> possibly with an internal subset in [ ]: skipped, entities in it are not expanded.
          const open = s.indexOf('[', lt);
          const gt = s.indexOf('>', lt);
          if (gt < 0) return lt;
          if (open >= 0 && open < gt) {
            const e = s.indexOf(']>', open);
            if (e < 0) return lt;
            pos = e + 2;
          } else pos = gt + 1;
        }
      } else if (c === 63 /* ? */) {
        const e = s.indexOf('?>', lt + 2);
        if (e < 0) return lt;
        pos = e + 2;
      } else {
        // The tag ends at the first '>' outside a quoted attribute value.
        const gt = tagEnd(s, lt + 1);
        if (gt < 0) return lt;
        const selfClosing = s.charCodeAt(gt - 1) === 47;
        const inner = s.slice(lt + 1, selfClosing ? gt - 1 : gt);
        let sp = 0;
        while (sp < inner.length && inner.charCodeAt(sp) > 32) sp++;
        const qname = inner.slice(0, sp);
        if (qname === '' || /[<&"'=]/.test(qname)) this.err(`malformed tag '<${inner.slice(0, 40)}'`);
        if (this.stack.length === 0 && this.seenRoot) this.err(`a second root element <${qname}>`);
        this.seenRoot = true;
        const name = localName(qname);
        let attrs: Record<string, string>;
        try {
          attrs = sp < inner.length ? parseAttributes(inner.slice(sp)) : {};
        } catch (e) {
          this.err(`in <${qname}>: ${(e as Error).message}`);
        }
        if (!selfClosing && this.stack.push(name) > this.bounds.depth) {
          this.err(`elements nested more than ${this.bounds.depth} deep`, 'depth');
        }
        h.open(name, attrs, selfClosing);
        if (selfClosing) h.close(name);
        pos = gt + 1;
      }
    }
    return pos;
  }
}

/** The '>' ending a start tag, skipping quoted values; -1 when the buffer ends first. */
function tagEnd(s: string, from: number): number {
  let quote = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  return -1;
}
