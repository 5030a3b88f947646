/**
 * What `export --parquet` writes: each table the KPI queries read, and the time that puts a row in a month
 * partition (null: the table has no time of its own and is partitioned by tenant only). Tickets, changes and
 * problems go by when they were opened, events by when they happened; assets are a snapshot.
 */
export interface ExportTable {
  table: string;
  month: string | null;
}

export const EXPORT_TABLES: readonly ExportTable[] = [
  { table: 'ticket', month: 'opened_at' },
  { table: 'change', month: 'opened_at' },
  { table: 'problem', month: 'opened_at' },
  { table: 'asset', month: null },
  { table: 'change_ci', month: null },
  { table: 'ticket_service', month: null },
  { table: 'ticket_event', month: 'event_time' },
  { table: 'source_file', month: null },
];

/** The manifest at the top of an export folder: what makes it ours (and safe to rewrite). */
export const MANIFEST = 'itsm-lens-export.json';
export const MANIFEST_SCHEMA = 'itsm-lens/parquet-export@1';
/** Empty Parquet file per table with its columns and types: the schema for engines, and the view when no rows. */
export const SCHEMA_DIR = '_schema';
