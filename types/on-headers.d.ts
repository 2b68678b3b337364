/** on-headers 1.1.0 (jshttp) has no bundled types, and no maintained @types package exists. */
declare module "on-headers" {
  import type { ServerResponse } from "node:http";
  /** Runs `listener` (with `this` = res) just before `res` writes its status line and headers. */
  function onHeaders(res: ServerResponse, listener: (this: ServerResponse) => void): void;
  export default onHeaders;
}
