/** The check@1 document in each output format `check --format` takes. */
import type { CheckDocument } from '../evaluate.js';
import { packageVersion } from '../version.js';
import { renderGithubAnnotations } from './github.js';
import { renderJunit } from './junit.js';
import { renderCheckSarif } from './sarif.js';
import { renderText } from './text.js';

export const CHECK_FORMATS = ['text', 'json', 'junit', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** The document as `format` writes it, without the final newline (text: the caller escapes control characters for a terminal). */
export function presentCheck(doc: CheckDocument, format: CheckFormat): string {
  switch (format) {
    case 'json': return JSON.stringify(doc, null, 2);
    case 'junit': return renderJunit(doc);
    case 'sarif': return JSON.stringify(renderCheckSarif(doc, packageVersion()), null, 2);
    case 'github': return renderGithubAnnotations(doc);
    case 'text': return renderText(doc);
  }
}
