#!/usr/bin/env node
// Draws client/media/icon.png (the extension's Marketplace icon): a crosshair on a
// dark red rounded square, rasterised here with 4x4 supersampling so no image
// tool is needed. Run it again only to change the icon.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 256;
const red = [139, 30, 45];
const inside = (x, y) => {
  const r = 40;
  const cx = Math.min(Math.max(x, 8 + r), 248 - r);
  const cy = Math.min(Math.max(y, 8 + r), 248 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const white = (x, y) => {
  const d = Math.hypot(x - 128, y - 128);
  const ring = Math.abs(d - 70) <= 7;
  const dot = d <= 14;
  const arm = (a, b) => Math.abs(a - 128) <= 6 && ((b >= 30 && b <= 88) || (b >= 168 && b <= 226));
  return ring || dot || arm(x, y) || arm(y, x);
};
const rows = [];
for (let y = 0; y < size; y++) {
  const row = [0];
  for (let x = 0; x < size; x++) {
    let bg = 0;
    let fg = 0;
    for (let i = 0; i < 16; i++) {
      const sx = x + ((i % 4) + 0.5) / 4;
      const sy = y + (Math.floor(i / 4) + 0.5) / 4;
      if (inside(sx, sy)) {
        bg++;
        if (white(sx, sy)) fg++;
      }
    }
    const a = bg / 16;
    const f = bg ? fg / bg : 0;
    row.push(...red.map((c) => Math.round(c + (255 - c) * f)), Math.round(a * 255));
  }
  rows.push(Buffer.from(row));
}
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8);
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../client/media/icon.png', import.meta.url), png);
console.log(`client/media/icon.png: ${png.length} bytes`);
