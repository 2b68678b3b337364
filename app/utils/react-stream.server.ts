/**
 * The stream React's HTML is piped into (app/entry.server.tsx).
 *
 * 1. No 0x00 bytes. React 18.3.1's `renderToPipeableStream` writes text
 *    through 2,048-byte buffers; when a multi-byte UTF-8 character (Cyrillic,
 *    Persian, Turkish ı …) does not fit in the bytes left in a buffer, it
 *    flushes the whole buffer, unused tail byte included: one 0x00 byte lands
 *    in the page between two characters (facebook/react#24985; fixed in React
 *    19, not backported to 18). Browsers drop it, but curl, crawlers and caches
 *    receive it. The HTML this app renders never contains U+0000 itself
 *    (refused input is shown as ␀, app/utils/visible-controls.server.ts), so
 *    dropping every 0x00 byte restores exactly the bytes React meant to write.
 * 2. One chunk per flush, not one per 2 kB. React writes those 2,048-byte
 *    buffers one by one and then calls `destination.flush()` when it has
 *    nothing more to send for now (the convention of zlib streams). A 47 kB
 *    /experts page was 24 chunks, each crossing the web-stream bridge and the
 *    socket separately (the profile's `writev` was 2.7–4.4 ms per request).
 *    Chunks are held until React's `flush()` (or the end) and passed on as
 *    one, so what React streams early (the shell, a resolved Suspense
 *    boundary) still leaves at once.
 */
import { Transform } from "node:stream";

/** A Transform that also takes React's `flush()` call: push what is held. */
export type HtmlBodyStream = Transform & { flush(): void };

/** A byte stream that passes React's output on without any 0x00 byte, one chunk per React flush. */
export function htmlBodyStream(): HtmlBodyStream {
  let held: Uint8Array[] = [];
  const release = (stream: Transform) => {
    if (held.length === 0) return;
    const out = held.length === 1 ? held[0] : Buffer.concat(held);
    held = [];
    stream.push(out);
  };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      held.push(chunk.includes(0) ? chunk.filter((b) => b !== 0) : chunk);
      done();
    },
    flush(done) {
      release(this);
      done();
    },
  }) as HtmlBodyStream;
  stream.flush = () => release(stream);
  return stream;
}
