/** The 3,000 people, "First Last" (redact-export.mjs). */
export declare const PEOPLE: string[];
/** The DuckDB statement that writes the export to `file`: `rows` rows, each naming three people. */
export declare function redactExportSql(file: string, rows: number): string;
