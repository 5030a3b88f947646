/**
 * Header normalisation, so that one alias list matches field names (`short_description`), display labels
 * (`Short description`), Remedy's required/indexed markers (`Incident ID*+`) and Jira's custom-field
 * wrapper (`Custom field (Request Type)`).
 */
export function normaliseHeader(h: string): string {
  const hit = normalised.get(h);
  if (hit !== undefined) return hit;
  const s = normalise(h);
  if (normalised.size >= 100_000) normalised.clear();
  normalised.set(h, s);
  return s;
}

// Header matching compares every alias with every column (a 10,000-column export: millions of calls, 3.5 of its
// 10.9 CPU-s); the answers are kept. Bounded, as a process may read many files.
const normalised = new Map<string, string>();

function normalise(h: string): string {
  // to a fixed point: normalised labels are normalised again when columns are matched, so f(f(x)) = f(x)
  let prev: string;
  let s = h;
  do {
    prev = s;
    s = s.replace(/^\uFEFF/, '').replace(/_/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
    s = s.replace(/[*+]+$/, '').trim(); // required / mandatory markers
    const custom = /^custom field \((.*)\)$/.exec(s); // Jira's wrapper
    if (custom) s = custom[1]!.trim();
  } while (s !== prev);
  return s;
}

/**
 * Column names for the raw table: the header text itself, made unique (Jira repeats `Labels`,
 * `Watchers` …: the second becomes `Labels (2)`) and non-empty (`column 28`).
 */
export function uniqueColumnNames(headers: string[]): string[] {
  const bases = headers.map((h, i) => h.replace(/^\uFEFF/, '').trim() || `column ${i + 1}`);
  // names taken by the file itself, so a generated `Labels (2)` never equals a header already there
  const taken = new Set(bases.map((b) => b.toLowerCase()));
  const used = new Set<string>();
  return bases.map((base) => {
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()) || (name !== base && taken.has(name.toLowerCase())); n++) name = `${base} (${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}
