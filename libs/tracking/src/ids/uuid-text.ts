/** Each byte's two lowercase hex digits, as character codes. */
const HEX = new Uint8Array(512);
for (let byte = 0; byte < 256; byte++) {
  const text = byte.toString(16).padStart(2, '0');
  HEX[2 * byte] = text.charCodeAt(0);
  HEX[2 * byte + 1] = text.charCodeAt(1);
}
const HYPHEN = 0x2d;
const TEXT = Buffer.alloc(36);

/**
 * The canonical text of the 16 bytes at `bytes[offset…]` (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`),
 * lowercase, as one flat string. Hex, slices and a template made a rope of ten pieces per id,
 * flattened again when the id was written out: a share of every postback's garbage.
 */
export function uuidText(bytes: Uint8Array, offset = 0): string {
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) TEXT[at++] = HYPHEN;
    const byte = bytes[offset + i];
    TEXT[at++] = HEX[2 * byte];
    TEXT[at++] = HEX[2 * byte + 1];
  }
  return TEXT.toString('latin1', 0, 36);
}
