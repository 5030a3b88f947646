/**
 * The XML under the xlsx and XES readers: saxes (a conforming, streaming XML 1.0 parser; the one jsdom and
 * exceljs use) behind the small handler interface the readers were written against. Text is fed in chunks
 * (`write`); elements are reported as they open and close, so a sheet or event log of any size passes through
 * a buffer of about one chunk. No DOM, no DTD processing.
 *
 * What stays ours:
 * - element names without their namespace prefix (`x:row` → `row`); attribute keys keep theirs (`r:id`);
 * - text is only collected while the handler asks for it (`wantText`): saxes then skips it, much faster;
 * - the depth and token bounds (limits.ts), refused as `XmlLimitError`;
 * - what is tolerated, as our reader did before: an undefined entity (one declared in a DOCTYPE we do not
 *   process) stays literal (`&c;`), a character XML forbids (a control character) is kept, a misplaced or
 *   odd XML declaration is ignored. Everything else saxes finds malformed (a mismatched or unclosed element,
 *   an unquoted attribute, text outside the root, a second root) is an `XmlError` with its line and column.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface XmlHandler {
  /** an element starts; a self-closing one (`<c/>`) is followed at once by its `close` call */
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  /** character data (decoded; may come in pieces); only called while `wantText` is true */
  text(text: string): void;
  /** set by the handler: whether text between tags is needed now (skipping it is much faster) */
  wantText: boolean;
}

export class XmlError extends Error {}

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

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

// saxes' complaints our reader always let through (see the header); the value is kept as it was written.
const TOLERATED = /^(undefined entity|disallowed character\.|malformed character entity|.*xml declaration)/i;

/** saxes' words, in ours where we said it better before. */
function ourWords(message: string, open: string | undefined): string {
  if (/^unclosed tag: /.test(message)) return `the document ends before </${localName(message.slice(14))}> (truncated?)`;
  if (/^unexpected close tag/.test(message)) return `an end tag does not match <${open}>`;
  if (/^document must contain a root/.test(message)) return 'no XML element found';
  if (/^unexpected end/.test(message)) return 'the document ends inside a tag (truncated?)';
  return message.replace(/\.$/, '');
}

export class XmlReader {
  private readonly p: SaxesParser<{ xmlns: false; position: true }>;
  private depthNow = 0;
  private textOn = false;
  /** the element a mismatched end tag was found in (saxes closes it before it complains) */
  private lastClosed: string | undefined;
  private readonly onText: (t: string) => void;

  constructor(
    private readonly h: XmlHandler,
    private readonly bounds: XmlBounds = { token: Infinity, depth: Infinity },
  ) {
    const p = (this.p = new SaxesParser({ xmlns: false, position: true }));
    p.on('opentag', (t: SaxesTagPlain) => {
      const name = localName(t.name);
      if (!t.isSelfClosing && ++this.depthNow > bounds.depth) this.limit('depth', `elements nested more than ${bounds.depth} deep`);
      h.open(name, t.attributes, t.isSelfClosing);
      if (h.wantText !== this.textOn) this.syncText();
    });
    p.on('closetag', (t: SaxesTagPlain) => {
      const name = localName(t.name);
      if (!t.isSelfClosing) this.depthNow--;
      this.lastClosed = name;
      h.close(name);
      if (h.wantText !== this.textOn) this.syncText();
    });
    this.onText = (t: string) => h.text(t);
    // CDATA is rare and saxes collects it anyway: its handler stays, and passes it on only when wanted
    p.on('cdata', (t: string) => {
      if (h.wantText) h.text(t);
    });
    p.on('error', (e: Error) => {
      const message = e.message.replace(/^\d+:\d+: /, ''); // saxes puts the position first; we put it last
      if (TOLERATED.test(message)) return;
      throw new XmlError(`${ourWords(message, this.lastClosed)} (line ${p.line}, column ${p.column})`);
    });
  }

  /** The text handler is only set while text is wanted: without one, saxes does not collect text at all. */
  private syncText(): void {
    this.textOn = this.h.wantText;
    if (this.textOn) this.p.on('text', this.onText);
    else this.p.off('text');
  }

  private limit(bound: keyof XmlBounds, msg: string): never {
    throw new XmlLimitError(bound, `${msg} (line ${this.p.line})`);
  }

  write(chunk: string): void {
    try {
      this.p.write(chunk);
    } catch (e) {
      // a token longer than a JavaScript string can hold: past any bound
      if (e instanceof RangeError) this.limit('token', 'a tag or value too long to hold in memory');
      throw e;
    }
    // What saxes holds of an unfinished token (a tag's attribute value, a comment, wanted text, a name). Its
    // private fields: test/convert/xml.test.ts fails if a saxes release renames them.
    const held = this.p as unknown as { text: string; name: string };
    const n = Math.max(held.text.length, held.name.length);
    if (n > this.bounds.token) {
      this.limit('token', `a ${this.textOn ? 'value' : 'tag'} of more than ${this.bounds.token.toLocaleString('en-US')} characters`);
    }
  }

  /** Ends the input: anything left open means the document was cut short. */
  end(): void {
    this.p.close();
  }
}
