/** The report@1 document (`report --json`): what `report` wrote, and how many charts it drew. */
import type { ReportResult } from './index.js';

export interface ReportDocument {
  schema: 'itsm-lens/report@1';
  month: string;
  /** the paths written: the page, kpis.json, the SVG charts, the PDF (null without --pdf) */
  html: string;
  kpis: string;
  charts: string[];
  pdf: string | null;
  /** the page's size */
  bytes: number;
  charts_drawn: number;
  /** charts replaced by a one-line reason */
  charts_without_data: number;
}

export function reportDocument(r: ReportResult): ReportDocument {
  return { schema: 'itsm-lens/report@1', month: r.month, html: r.html, kpis: r.kpis, charts: r.charts, pdf: r.pdf, bytes: r.bytes, charts_drawn: r.drawn, charts_without_data: r.empty };
}
