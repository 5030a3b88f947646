/** Writing the converted CSV: UTF-8, comma, RFC 4180 quoting, with back-pressure. */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { LimitError } from '../limits.js';

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

/**
 * Buffers lines and writes them in large blocks; `flush()` waits when the file stream is full. `maxBytes`
 * bounds the whole output (the ratio limit): a line past it throws a LimitError at once.
 */
export class CsvWriter {
  private readonly out: WriteStream;
  // a repeated line (the empty records of a gap in a sheet's rows) is kept as one entry, written in blocks by flush()
  private parts: (string | { text: string; count: number })[] = [];
  private pending = 0;
  rows = 0;
  bytes = 0;

  constructor(
    path: string,
    private readonly maxBytes = Infinity,
  ) {
    this.out = createWriteStream(path);
  }

  line(text: string): void {
    this.repeat(text, 1);
  }

  /** `count` copies of `text`, held as one entry until flushed. */
  repeat(text: string, count: number): void {
    if (count <= 0) return;
    this.bytes += text.length * count;
    if (this.bytes > this.maxBytes) {
      throw new LimitError('ratio', `the converted CSV would exceed ${Math.round(this.maxBytes / 2 ** 20).toLocaleString('en-US')} MB`);
    }
    this.parts.push(count === 1 ? text : { text, count });
    this.pending += text.length * count;
    this.rows += count;
  }

  /** Call between input chunks: hands the buffered text to the file, waiting if the stream asks to. */
  async flush(force = false): Promise<void> {
    if (!force && this.pending < 1 << 20) return;
    if (this.parts.length === 0) return;
    const parts = this.parts;
    this.parts = [];
    this.pending = 0;
    let block: string[] = [];
    const write = async () => {
      if (block.length && !this.out.write(block.join(''))) await once(this.out, 'drain');
      block = [];
    };
    for (const p of parts) {
      if (typeof p === 'string') block.push(p);
      else {
        await write();
        const per = Math.max(1, Math.floor((1 << 20) / Math.max(1, p.text.length)));
        for (let left = p.count; left > 0; left -= per) {
          block.push(p.text.repeat(Math.min(per, left)));
          await write();
        }
      }
    }
    await write();
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
