/**
 * Long dataset texts (descriptions, reference notes) live outside the index JSON
 * in one UTF-8 blob and are decoded only when read. That keeps the JSON small,
 * so loading the index costs a fraction of parsing the raw STIX bundle.
 */

export type TextHandle = number;

export interface TextTable {
  get(handle: TextHandle): string;
  readonly size: number;
}

/** Collects texts while an index is built; handle 0 is always the empty string. */
export class TextTableBuilder implements TextTable {
  private readonly texts: string[] = [''];
  private readonly seen = new Map<string, TextHandle>([['', 0]]);

  add(text: string | undefined): TextHandle {
    if (!text) return 0;
    const known = this.seen.get(text);
    if (known !== undefined) return known;
    const handle = this.texts.length;
    this.texts.push(text);
    this.seen.set(text, handle);
    return handle;
  }

  get(handle: TextHandle): string {
    return this.texts[handle] ?? '';
  }

  get size(): number {
    return this.texts.length;
  }

  /** Layout: u32 count, u32 offsets[count + 1], then the UTF-8 bytes. */
  serialize(): Buffer {
    const bodies = this.texts.map((t) => Buffer.from(t, 'utf8'));
    const header = Buffer.alloc(4 * (bodies.length + 2));
    header.writeUInt32LE(bodies.length, 0);
    let offset = 0;
    bodies.forEach((body, i) => {
      header.writeUInt32LE(offset, 4 * (i + 1));
      offset += body.length;
    });
    header.writeUInt32LE(offset, 4 * (bodies.length + 1));
    return Buffer.concat([header, ...bodies]);
  }
}

export class BlobTextTable implements TextTable {
  private readonly count: number;
  private readonly bodyStart: number;

  constructor(private readonly blob: Buffer) {
    if (blob.length < 8) throw new Error('text table is truncated');
    this.count = blob.readUInt32LE(0);
    this.bodyStart = 4 * (this.count + 2);
    if (blob.length < this.bodyStart) throw new Error('text table is truncated');
    const end = blob.readUInt32LE(4 * (this.count + 1));
    if (this.bodyStart + end !== blob.length) throw new Error('text table size does not match its header');
  }

  get size(): number {
    return this.count;
  }

  get(handle: TextHandle): string {
    if (!(handle > 0 && handle < this.count)) return '';
    const start = this.blob.readUInt32LE(4 * (handle + 1));
    const end = this.blob.readUInt32LE(4 * (handle + 2));
    return this.blob.toString('utf8', this.bodyStart + start, this.bodyStart + end);
  }
}
