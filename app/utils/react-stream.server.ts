/**
 * The stream React's HTML is piped into (app/entry.server.tsx).
 *
 * React 18.3.1's `renderToPipeableStream` writes text through 2,048-byte
 * buffers; when a multi-byte UTF-8 character (Cyrillic, Persian, Turkish ı …)
 * does not fit in the bytes left in a buffer, it flushes the whole buffer,
 * unused tail byte included: one 0x00 byte lands in the page between two
 * characters (facebook/react#24985; fixed in React 19, not backported to 18).
 * Browsers drop it, but curl, crawlers and caches receive it. The HTML this
 * app renders never contains U+0000 itself (refused input is shown as ␀,
 * app/utils/visible-controls.server.ts), so dropping every 0x00 byte restores
 * exactly the bytes React meant to write.
 */
import { Transform } from "node:stream";

/** A byte stream that passes React's output on without any 0x00 byte. */
export function htmlBodyStream(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk.includes(0) ? chunk.filter((b) => b !== 0) : chunk);
    },
  });
}
