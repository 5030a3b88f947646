/** Writing the converted CSV: UTF-8, comma, RFC 4180 quoting, with back-pressure. */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(s: string | undefined | null): string {
  if (s === undefined || s === null || s === '') return '';
  return NEEDS_QUOTES.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function csvLine(fields: readonly (string | undefined | null)[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) out += (i ? ',' : '') + csvField(fields[i]);
  return out + '\n';
}

/** Buffers lines and writes them in large blocks; `flush()` waits when the file stream is full. */
export class CsvWriter {
  private readonly out: WriteStream;
  private parts: string[] = [];
  private pending = 0;
  rows = 0;

  constructor(path: string) {
    this.out = createWriteStream(path);
  }

  line(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    this.rows++;
  }

  /** Call between input chunks: hands the buffered text to the file, waiting if the stream asks to. */
  async flush(force = false): Promise<void> {
    if (!force && this.pending < 1 << 20) return;
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush(true);
    this.out.end();
    await once(this.out, 'finish');
  }

  destroy(): void {
    this.out.destroy();
  }
}

/** Writes `header` then the bytes of `bodyPath` to `outPath` (DuckDB wrote the body; we own the header). */
export async function prependHeader(outPath: string, header: string[], bodyPath: string): Promise<void> {
  const out = createWriteStream(outPath);
  out.write(csvLine(header));
  await pipeline(createReadStream(bodyPath), out);
}
