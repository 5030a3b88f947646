/**
 * Header normalisation, so that one alias list matches field names (`short_description`), display labels
 * (`Short description`), Remedy's required/indexed markers (`Incident ID*+`) and Jira's custom-field
 * wrapper (`Custom field (Request Type)`).
 */
export function normaliseHeader(h: string): string {
  let s = h.replace(/^\uFEFF/, '').trim().toLowerCase();
  const custom = /^custom field \((.*)\)$/.exec(s);
  if (custom) s = custom[1]!;
  s = s.replace(/[*+]+$/, '').replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  return s;
}

/**
 * Column names for the raw table: the header text itself, made unique (Jira repeats `Labels`,
 * `Watchers` …: the second becomes `Labels (2)`) and non-empty (`column 28`).
 */
export function uniqueColumnNames(headers: string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((h, i) => {
    const base = h.replace(/^\uFEFF/, '').trim() || `column ${i + 1}`;
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), n);
    return n === 1 ? base : `${base} (${n})`;
  });
}
