// Header normalisation (src/ingest/headers.ts): one alias list must match field names, display labels, Remedy's
// `*`/`+` markers and Jira's `Custom field (…)` wrapper, however the export spells case and spacing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseHeader, uniqueColumnNames } from '../../src/ingest/headers.js';
import { resolveColumns } from '../../src/ingest/compile.js';
import { RUNS, seed } from './batched.js';

const opts = () => ({ numRuns: RUNS, seed: seed() });

// A canonical label: lower-case words (letters incl. accented, digits, some punctuation that is kept) joined by
// single spaces — what normaliseHeader is documented to produce.
const word = fc.stringMatching(/^[a-z0-9äöüéèçñ().\/#-]{1,8}$/);
const canonical = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
// A separator as exports write it: spaces, tabs, underscores (field names), runs of them.
const sep = fc.constantFrom(' ', '_', '  ', '\t', ' _ ', '__');
const pad = fc.constantFrom('', ' ', '  ', '\t', ' \t');
// Any text built from the pieces the normaliser treats specially, in any order.
const soup = fc
  .array(fc.constantFrom('a', 'B', ' ', '_', '*', '+', '\t', 'Custom field (', 'custom FIELD (', ')', '\uFEFF', '('), { maxLength: 10 })
  .map((p) => p.join(''));

/** The label as some export spells it: random case per character, random separators, padding, BOM, markers. */
const spelling = (label: string) =>
  fc
    .record({
      upper: fc.array(fc.boolean(), { minLength: label.length, maxLength: label.length }),
      seps: fc.array(sep, { minLength: 8, maxLength: 8 }),
      before: pad,
      after: pad,
      bom: fc.boolean(),
      marker: fc.constantFrom('', '*', '+', '*+', '**'),
      jira: fc.boolean(),
    })
    .map(({ upper, seps, before, after, bom, marker, jira }) => {
      let i = 0;
      const cased = [...label].map((ch, k) => (upper[k] ? ch.toUpperCase() : ch)).join('');
      let body = cased.split(' ').reduce((acc, w) => (acc === null ? w : acc + seps[i++ % seps.length] + w), null as string | null)!;
      body += marker; // Remedy writes its markers after the label (`Incident ID*+`)
      if (jira) body = `Custom field (${body})`;
      return `${bom ? '\uFEFF' : ''}${before}${body}${after}`;
    });

describe('normaliseHeader', () => {
  it('is idempotent on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary-ascii' }), soup, canonical.chain(spelling)), (h) => {
        const n = normaliseHeader(h);
        expect(normaliseHeader(n)).toBe(n);
      }),
      opts(),
    );
  });

  it('leaves a canonical label unchanged', () => {
    fc.assert(
      fc.property(canonical, (label) => {
        expect(normaliseHeader(label)).toBe(label);
      }),
      opts(),
    );
  });

  it('ignores case, spacing, underscores, BOM, trailing */+ markers and the Jira wrapper', () => {
    fc.assert(
      fc.property(canonical.chain((label) => fc.tuple(fc.constant(label), spelling(label))), ([label, h]) => {
        expect(normaliseHeader(h)).toBe(label);
      }),
      opts(),
    );
  });

  it('keeps distinct labels distinct (punctuation other than _ * + is significant)', () => {
    fc.assert(
      fc.property(canonical, canonical, (a, b) => {
        fc.pre(a !== b);
        expect(normaliseHeader(a)).not.toBe(normaliseHeader(b));
      }),
      opts(),
    );
  });
});

describe('resolveColumns', () => {
  it('finds an alias under any spelling, in the rule order, each raw column once', () => {
    const arb = fc.uniqueArray(canonical, { minLength: 1, maxLength: 6 }).chain((labels) =>
      fc.tuple(
        fc.constant(labels),
        fc.tuple(...labels.map((l) => spelling(l))),
        fc.subarray(labels), // which labels the file has
        fc.shuffledSubarray(labels, { minLength: 1 }), // the rule's aliases, in preference order
      ),
    );
    fc.assert(
      fc.property(arb, ([labels, spelled, present, aliases]) => {
        const raw = labels.filter((l) => present.includes(l)).map((l) => spelled[labels.indexOf(l)]!);
        const got = resolveColumns(aliases, raw);
        const want = aliases.filter((a) => present.includes(a)).map((a) => spelled[labels.indexOf(a)]!);
        expect(got).toEqual(want);
      }),
      opts(),
    );
  });
});

describe('uniqueColumnNames', () => {
  it('keeps the count, gives every column a non-empty name, and no two the same name (case-insensitive)', () => {
    const header = fc.oneof(fc.constantFrom('', ' ', 'Labels', 'labels', 'Labels (2)', 'Watchers', 'column 2', '\uFEFFId'), word);
    fc.assert(
      fc.property(fc.array(header, { maxLength: 12 }), (headers) => {
        const names = uniqueColumnNames(headers);
        expect(names).toHaveLength(headers.length);
        for (const n of names) expect(n.trim()).not.toBe('');
        expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
      }),
      opts(),
    );
  });

  it('keeps a header that is already unique as written (trimmed, BOM removed)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(word, { maxLength: 12, selector: (w) => w.toLowerCase() }), (headers) => {
        expect(uniqueColumnNames(headers.map((h) => ` ${h} `))).toEqual(headers);
      }),
      opts(),
    );
  });
});
