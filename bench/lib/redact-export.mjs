// The export that redaction at scale is checked and measured on (test/robustness/redact-bytes.test.ts for what
// it leaves in the bytes, bench/redact.mjs for its time): `rows` ServiceNow incidents naming three of 3,000
// people each, in two columns and in free text ("First Last", "Last, First" and an e-mail address).

const FIRST = ['Wilhelmina', 'Barnabas', 'Cornelius', 'Dorothea', 'Evangeline', 'Ferdinand', 'Gwendolyn', 'Hildegard', 'Ignatius', 'Jacqueline',
  'Konstantin', 'Leopoldine', 'Maximilian', 'Nathaniel', 'Octavia', 'Philippa', 'Quentin', 'Rosalind', 'Sebastian', 'Theodora',
  'Ulrike', 'Valentina', 'Wolfgang', 'Xaverius', 'Yolanda', 'Zacharias', 'Anneliese', 'Bartholomew', 'Clementine', 'Desmond',
  'Eleonora', 'Fitzgerald', 'Genevieve', 'Horatio', 'Isadora', 'Jeremiah', 'Katharina', 'Lysander', 'Magdalena', 'Nicodemus',
  'Ottoline', 'Peregrine', 'Quirinus', 'Rosamund', 'Seraphina', 'Thaddeus', 'Ursula', 'Vespasian', 'Winifred', 'Xanthippe',
  'Yvonne', 'Zebedee', 'Aurelius', 'Benedikta', 'Cassius', 'Demetria', 'Erasmus', 'Florentina', 'Gideon', 'Henrietta'];
const LAST = ['Abernathy', 'Blackwood', 'Castellano', 'Dunleavy', 'Eisenhardt', 'Fairweather', 'Grimaldi', 'Hollingsworth', 'Irvingdale', 'Jablonski',
  'Kettleborough', 'Lindqvist', 'Montgomery', 'Nightingale', 'Oppenheimer', 'Pemberton', 'Quackenbush', 'Rothschild', 'Stravinsky', 'Thistlewood',
  'Underhill', 'Vanderbilt', 'Whitmore', 'Xenakis', 'Youngblood', 'Zimmermann', 'Ashcombe', 'Brightwater', 'Coldridge', 'Drummondsen',
  'Ellingsworth', 'Foxcroft', 'Gainsborough', 'Hartigan', 'Ivanovich', 'Jorgensen', 'Kowalczyk', 'Lockhartson', 'Marchetti', 'Nordstrom',
  'Ormsby', 'Prendergast', 'Quigleyson', 'Ravenscroft', 'Sommerfeld', 'Tolliver', 'Umberfield', 'Vaillancourt', 'Wetherby', 'Yarborough'];

/** The 3,000 people, "First Last". */
export const PEOPLE = FIRST.flatMap((f) => LAST.map((l) => `${f} ${l}`));

/** The DuckDB statement that writes the export to `file` (a path without quotes): `rows` rows, each naming three people. */
export function redactExportSql(file, rows) {
  const list = `[${PEOPLE.map((p) => `'${p}'`).join(', ')}]`;
  return `COPY (
      WITH p AS (SELECT i, ${list}[1 + i % 3000] AS caller, ${list}[1 + (i * 7 + 11) % 3000] AS agent, ${list}[1 + (i * 13 + 5) % 3000] AS other
                 FROM range(${rows}) r(i))
      SELECT 'INC' || lpad((i + 1)::VARCHAR, 7, '0') AS number,
             'Laptop for ' || caller AS short_description,
             'Please call ' || split_part(other, ' ', 2) || ', ' || split_part(other, ' ', 1) || ' or mail ' ||
               lower(replace(caller, ' ', '.')) || '@client.example. Agent ' || agent || ' took it.' AS description,
             strftime(TIMESTAMP '2024-01-01' + INTERVAL (i * 97) SECOND, '%Y-%m-%d %H:%M:%S') AS opened_at,
             caller AS caller_id, agent AS assigned_to, '3 - Moderate' AS priority
      FROM p) TO '${file.replace(/'/g, "''")}' (FORMAT csv, HEADER)`;
}
