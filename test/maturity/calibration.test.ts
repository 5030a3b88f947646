/**
 * The calibration table in docs/ (issue 22, item 3) is the rubric's: it equals what src/maturity/calibration.ts
 * writes from it, and every criterion cites a public source, never a file the reader does not have.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALIBRATION_DOC, calibrationMarkdown } from '../../src/maturity/calibration.js';
import { loadRubric } from '../../src/maturity/rubric.js';

describe('docs/maturity-calibration.md', () => {
  it('is the table the rubric gives (rewrite it with node dist/maturity/calibration.js)', () => {
    expect(readFileSync(CALIBRATION_DOC, 'utf8')).toBe(calibrationMarkdown());
  });

  it('gives every practice a table and every criterion a public source', () => {
    const rubric = loadRubric();
    const doc = calibrationMarkdown(rubric);
    for (const p of rubric.practices) expect(doc).toContain(`## ${p.name}\n`);
    for (const c of rubric.criteria) {
      expect(c.source, c.id).toMatch(/\w/);
      // a public reference: no section of our research notes, no file path
      expect(c.source, c.id).not.toMatch(/§|\.md\b|\[[A-Z-]+\]/);
      expect(c.rationale, c.id).not.toMatch(/§|\.md\b/);
      expect(doc, c.id).toContain(c.title);
    }
  });
});
