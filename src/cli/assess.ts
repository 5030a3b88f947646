import { existsSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { assess, type MaturityDocument } from '../maturity/assess.js';
import { answersTemplate } from '../maturity/answers.js';
import { loadRubric } from '../maturity/rubric.js';
import { writeAssessment } from '../maturity/html.js';
import { loadProjectConfig } from '../config/project.js';
import { renderMaturityText } from '../maturity/text.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { log, printJson, printText } from './output.js';
import { requireDatabase } from './database.js';

interface Args extends GlobalArgs {
  answers?: string;
  'init-answers'?: string;
  rubric?: string;
  out?: string;
}

export const assessCommand: Command<Args> = {
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'print the itsm-lens/maturity@1 JSON document' })
      .option('answers', { type: 'string', describe: 'interview answers (YAML, 0 / 0.25 / 0.5 / 1 per question)' })
      .option('init-answers', { type: 'string', describe: 'write the interview questionnaire to this YAML file and stop' })
      .option('rubric', { type: 'string', describe: 'a rubric YAML replacing the default (or `extends: default` overriding criteria by id)' })
      .option('out', { type: 'string', describe: 'write DIR/index.html (self-contained assessment) and DIR/maturity.json' })
      .example('$0 assess --init-answers interview.yaml', 'write the questionnaire')
      .example('$0 assess --answers interview.yaml --out assessment/', 'assess, with the answers, and write the HTML report') as never,
  handler: async (args) => {
    if (args['init-answers']) {
      const path = args['init-answers'];
      if (existsSync(path)) throw new UserError(`${path} already exists; remove it or name another file`);
      writeFileSync(path, answersTemplate(loadRubric(args.rubric), path));
      log(`wrote ${path}: answer the questions, then run itsm-lens assess --answers ${path}`);
      return;
    }
    requireDatabase(args.db);
    const compute = async (): Promise<MaturityDocument> => {
      const store = await Store.open(args.db, { readOnly: true });
      try {
        return await assess(store, { rubric: args.rubric, answers: args.answers, config: loadProjectConfig(args.config) });
      } finally {
        store.close();
      }
    };
    let doc: MaturityDocument;
    if (args.out) {
      // the folder is checked (and locked) first: one that is not ours is refused before the assessment is computed
      const written = await writeAssessment(args.out, compute);
      doc = written.doc;
      log(`wrote ${written.page}`);
    } else doc = await compute();
    if (args.json) printJson(doc);
    else printText(renderMaturityText(doc));
  },
};
