// The XML layer under the xlsx and XES readers (src/ingest/convert/xml.ts, saxes behind our handler
// interface): what the readers rely on, written out by hand, fed whole and one character at a time.
import { describe, expect, it } from 'vitest';
import { XmlError, XmlLimitError, XmlReader, type XmlBounds, type XmlHandler } from '../../src/ingest/convert/xml.js';

/** Parses `xml` in pieces of `size` characters; records every event. Text is wanted inside <t> and <v>. */
function events(xml: string, size = Infinity, bounds?: XmlBounds): string[] {
  const out: string[] = [];
  const h: XmlHandler = {
    wantText: false,
    open(name, attrs, selfClosing) {
      out.push(`open ${name}${selfClosing ? '/' : ''} ${JSON.stringify(attrs)}`);
      if (name === 't' || name === 'v') h.wantText = true;
    },
    close(name) {
      out.push(`close ${name}`);
      h.wantText = false;
    },
    text(t) {
      // text may come in pieces: join neighbours so the record does not depend on chunking
      if (out.length && out[out.length - 1]!.startsWith('text ')) out[out.length - 1] += t;
      else out.push(`text ${t}`);
    },
  };
  const r = new XmlReader(h, bounds);
  const step = Number.isFinite(size) ? size : xml.length;
  for (let i = 0; i < xml.length; i += step) r.write(xml.slice(i, i + step));
  r.end();
  return out;
}

function failure(xml: string, bounds?: XmlBounds): XmlError {
  try {
    events(xml, 7, bounds);
  } catch (e) {
    if (e instanceof XmlError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('XmlReader', () => {
  it('decodes entities and CDATA, strips element prefixes, normalises line ends, across any chunking', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- a comment -->\n' +
      '<x:sst xmlns:x="urn:x" count="2"><x:si><x:t xml:space="preserve">a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#233;&#xE9;</x:t></x:si>' +
      '<si><t><![CDATA[<raw> & ]]>kept</t><rPh/></si><c r="A1" note="tab\there&#10;line\r\nend"><v>1\r\n2\r3</v></c></x:sst>';
    const expected = [
      'open sst {"xmlns:x":"urn:x","count":"2"}',
      'open si {}',
      'open t {"xml:space":"preserve"}',
      'text a & b <c> "d" \'e\' éé',
      'close t',
      'close si',
      'open si {}',
      'open t {}',
      'text <raw> & kept',
      'close t',
      'open rPh/ {}',
      'close rPh',
      'close si',
      // attribute values: tab, newline and CRLF become one space each, a character reference stays a newline
      'open c {"r":"A1","note":"tab here\\nline end"}',
      'open v {}',
      'text 1\n2\n3',
      'close v',
      'close c',
      'close sst',
    ];
    expect(events(xml)).toEqual(expected);
    expect(events(xml, 1)).toEqual(expected);
    expect(events(xml, 5)).toEqual(expected);
  });

  it('reports no text while none is wanted', () => {
    expect(events('<row>\n  <c>skipped</c>\n  <v>kept</v>\n</row>')).toEqual(['open row {}', 'open c {}', 'close c', 'open v {}', 'text kept', 'close v', 'close row']);
  });

  it('keeps what the reader always let through: undefined entities literal, control characters', () => {
    const xml = '<!DOCTYPE log [<!ENTITY a "aaaa"><!ENTITY c "&a;&a;">]><log><string key="k" value="&c;"/><t>x&c;\u0001y</t></log>';
    expect(events(xml)).toEqual(['open log {}', 'open string/ {"key":"k","value":"&c;"}', 'close string', 'open t {}', 'text x&c;\u0001y', 'close t', 'close log']);
  });

  it('refuses malformed XML with a one-line message and its position', () => {
    const cases: [string, RegExp][] = [
      ['<log><trace><event>', /^the document ends before <\/event> \(truncated\?\)/],
      ['<log><trace><event></trace></log>', /^an end tag does not match <event> \(line 1, column 27\)$/],
      ['<log><string key="a" value=x/></log>', /^unquoted attribute value \(line 1, column \d+\)$/],
      ['<log/>junk', /^text data outside of root node/],
      ['<log/><log/>', /^documents may contain only one root/],
      ['', /^no XML element found/],
      ['number,state\nINC1,New\n', /^text data outside of root node/],
      ['<log><a b="1" b="2"/></log>', /^duplicate attribute: b/],
    ];
    for (const [xml, re] of cases) {
      const e = failure(xml);
      expect(e, xml).not.toBeInstanceOf(XmlLimitError);
      expect(e.message, xml).toMatch(re);
      expect(e.message).not.toMatch(/\n/);
    }
  });

  it('refuses nesting past the depth bound and tokens past the token bound, not long unwanted text', () => {
    const bounds = { token: 1000, depth: 4 };
    const deep = failure('<a><b><c><d><e></e></d></c></b></a>', bounds);
    expect(deep).toBeInstanceOf(XmlLimitError);
    expect(deep).toMatchObject({ bound: 'depth', message: expect.stringMatching(/^elements nested more than 4 deep/) });
    expect(events('<a><b><c><d/></c></b></a>', 3, bounds)).toHaveLength(8); // four deep, the fourth self-closing

    // the bound holds while the tag is still arriving (saxes' private buffers: this fails if a release renames them)
    const attr = failure(`<a><b x="${'y'.repeat(5000)}"/></a>`, bounds);
    expect(attr).toMatchObject({ bound: 'token', message: expect.stringMatching(/^a tag of more than 1,000 characters/) });
    const comment = failure(`<a><!--${'-x'.repeat(3000)}--></a>`, bounds);
    expect(comment).toMatchObject({ bound: 'token' });
    const wanted = failure(`<a><v>${'1'.repeat(5000)}</v></a>`, bounds);
    expect(wanted).toMatchObject({ bound: 'token', message: expect.stringMatching(/^a value of more than 1,000 characters/) });
    // text nobody wants is not held, so it has no bound
    expect(events(`<a>${' '.repeat(50_000)}<c>${'z'.repeat(50_000)}</c></a>`, 4096, bounds)).toEqual(['open a {}', 'open c {}', 'close c', 'close a']);
  });
});
