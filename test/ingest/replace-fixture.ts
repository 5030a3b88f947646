/**
 * The export and mappings of the `ingest --replace` tests (replace.test.ts through the CLI, loading.test.ts in
 * process): T-1 resolved after 1 h, T-2 after 3 h, T-3 open; line 5 has a date that does not parse (a reject).
 * The two mappings differ only in resolved_at, so the second is a "corrected mapping" of the same file.
 */
import { writeFixture } from '../helpers.js';

export function replaceFixture(dir: string) {
  const march = writeFixture(
    dir,
    'march.csv',
    [
      'Ticket No,Summary,Created,Fixed,State',
      'T-1,Printer,2025-03-01 09:00,2025-03-01 10:00,closed',
      'T-2,Mail,2025-03-02 09:00,2025-03-02 12:00,closed',
      'T-3,VPN,2025-03-03 09:00,,open',
      'T-4,Disk,2025-03-0x 09:00,,open',
    ].join('\n') + '\n',
  );
  const mapping = (name: string, extra: string[], vocab = '{ map: { open: new, closed: closed } }') =>
    writeFixture(
      dir,
      name,
      ['tool: acme', 'object: ticket', 'fields:', '  source_id: Ticket No', '  title: Summary', '  opened_at: Created', '  kind: { value: incident }', '  status: { from: State, vocab: st }', ...extra, 'vocab:', `  st: ${vocab}`].join('\n') + '\n',
    );
  return { march, mapping, withoutFixed: mapping('a.yaml', []), withFixed: mapping('b.yaml', ['  resolved_at: Fixed']) };
}
