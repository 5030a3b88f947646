// Writes schemas/mapping.schema.json from the canonical model (src/ingest/mapping-schema.ts), after `npm run build`.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mappingSchema } from '../dist/ingest/mapping-schema.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'mapping.schema.json');
writeFileSync(out, JSON.stringify(mappingSchema(), null, 2) + '\n');
console.log(`wrote ${out}`);
