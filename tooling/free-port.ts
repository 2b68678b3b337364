/**
 * The one free-port helper of the repository: the embedded-services launcher
 * (tooling/services.ts), the benchmarks (tooling/bench/run.ts) and the test
 * helpers (tests/helpers/app-server.ts, tests/helpers/meili.ts) take their
 * ports from here.
 */
import net, { type AddressInfo } from "node:net";

/**
 * A TCP port on `host` that the OS reports free: binds port 0, reads the port
 * it got, closes. Another process may take it before the caller binds it, so
 * callers that start a server retry on EADDRINUSE where that matters.
 * @param host interface to bind (default 127.0.0.1)
 * @returns the port number
 * @throws the listen error (e.g. EADDRNOTAVAIL for a host not on this machine)
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    // Never keeps the process alive on its own while it closes.
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
