/**
 * Pure pieces of the account system: CSRF verdicts, same-site redirects,
 * email normalisation, cookie and mailbox settings, password hashing.
 */
import { describe, expect, it } from "vitest";
import { checkCsrf } from "../app/utils/csrf.server";
// Remix's own origin check, as @remix-run/server-runtime runs it (a dependency of @remix-run/node, same version).
import { throwIfPotentialCSRFAttack } from "@remix-run/server-runtime/dist/actions.js";
import { loginPath, safeRedirect } from "../app/utils/redirect";
import { normalizeEmail } from "../app/features/accounts/user-validation";
import { cookieSecure, devMailboxEnabled, getEnv } from "../app/utils/env.server";
import { hashPassword, verifyPassword } from "../app/features/accounts/password.server";
import { requireDevMailbox } from "../app/utils/dev-mailbox.server";
import { addressKey } from "../app/utils/rate-limit.server";

describe("checkCsrf", () => {
  const host = "network.example.org";
  it.each([
    ["GET from anywhere", { method: "GET", origin: "https://evil.example", referer: null, host }, true],
    ["HEAD", { method: "HEAD", origin: null, referer: null, host }, true],
    ["POST same origin", { method: "POST", origin: "https://network.example.org", referer: null, host }, true],
    // Remix compares Origin's host with the Host header character for character: ":443" would pass here and fail there.
    [
      "POST same origin, explicit default port in Host",
      { method: "POST", origin: "https://network.example.org", referer: null, host: "network.example.org:443" },
      false,
    ],
    ["POST same origin, Host in capitals", { method: "POST", origin: "https://network.example.org", referer: null, host: "Network.Example.org" }, false],
    ["POST other site", { method: "POST", origin: "https://evil.example", referer: null, host }, false],
    ["POST subdomain", { method: "POST", origin: "https://a.network.example.org", referer: null, host }, false],
    ["POST other port", { method: "POST", origin: "https://network.example.org:8443", referer: null, host }, false],
    ["POST no headers", { method: "POST", origin: null, referer: null, host }, false],
    ['POST Origin "null" (sandboxed frame), no Referer', { method: "POST", origin: "null", referer: null, host }, false],
    ['POST Origin "null" with a same-site Referer', { method: "POST", origin: "null", referer: "https://network.example.org/login", host }, false],
    [
      "POST empty Origin, same-site Referer (Remix never sees an empty header)",
      { method: "POST", origin: "", referer: "https://network.example.org/login", host },
      true,
    ],
    ["POST Referer fallback", { method: "POST", origin: null, referer: "https://network.example.org/login?x=1", host }, true],
    ["POST Referer other site", { method: "POST", origin: null, referer: "https://evil.example/network.example.org", host }, false],
    ["DELETE other site", { method: "DELETE", origin: "https://evil.example", referer: null, host }, false],
    ["PUT lower-case method", { method: "put", origin: "https://evil.example", referer: null, host }, false],
    ["POST file: origin", { method: "POST", origin: "file://", referer: null, host }, false],
    ["POST garbage origin", { method: "POST", origin: "not a url", referer: null, host }, false],
    ["POST no Host header", { method: "POST", origin: "https://network.example.org", referer: null, host: null }, false],
    [
      "POST behind a proxy that passes the public host in X-Forwarded-Host",
      { method: "POST", origin: "https://network.example.org", referer: null, host: "127.0.0.1:3000", forwardedHost: host },
      true,
    ],
    [
      "POST, X-Forwarded-Host list: the first entry counts",
      { method: "POST", origin: "https://network.example.org", referer: null, host: "127.0.0.1:3000", forwardedHost: `${host}, 10.0.0.1` },
      true,
    ],
    [
      "POST same-origin Host but another X-Forwarded-Host",
      { method: "POST", origin: "https://network.example.org", referer: null, host, forwardedHost: "evil.example" },
      false,
    ],
    ["POST empty X-Forwarded-Host: Host counts", { method: "POST", origin: "https://network.example.org", referer: null, host, forwardedHost: " " }, true],
    [
      "POST behind a proxy that rewrites Host and forwards nothing",
      { method: "POST", origin: "https://network.example.org", referer: null, host: "127.0.0.1:3000" },
      false,
    ],
  ])("%s", (_name, input, ok) => {
    expect(checkCsrf(input).ok).toBe(ok);
  });

  it("lets nothing through that Remix's own check (run before document actions) would refuse with a 500", () => {
    const origins = [
      null,
      "",
      "null",
      "NULL",
      "https://network.example.org",
      "http://network.example.org",
      "https://network.example.org:443",
      "https://network.example.org:8443",
      "https://NETWORK.example.org",
      "https://evil.example",
      "not a url",
      "file://",
      "https://network.example.org/path",
    ];
    const referers = [null, "https://network.example.org/login", "https://evil.example/"];
    const hosts = [null, host, `${host}:443`, "Network.Example.org", "127.0.0.1:3000"];
    const forwarded = [null, "", host, `${host}, evil.example`, `evil.example, ${host}`, "evil.example"];
    let passed = 0;
    for (const origin of origins)
      for (const referer of referers)
        for (const h of hosts)
          for (const fh of forwarded) {
            if (!checkCsrf({ method: "POST", origin, referer, host: h, forwardedHost: fh }).ok) continue;
            passed++;
            // The Express adapter leaves out empty header values before Remix sees them.
            const headers = new Headers();
            for (const [k, v] of [
              ["origin", origin],
              ["referer", referer],
              ["host", h],
              ["x-forwarded-host", fh],
            ] as const)
              if (v) headers.set(k, v);
            expect(() => throwIfPotentialCSRFAttack(headers), JSON.stringify({ origin, referer, h, fh })).not.toThrow();
          }
    expect(passed).toBeGreaterThan(5);
  });
});

describe("safeRedirect", () => {
  it.each([
    ["/account", "/account"],
    ["/institutions?q=a#top", "/institutions?q=a#top"],
    ["/partners?q=AI%2FML", "/partners?q=AI%2FML"],
    ["/a/../account", "/account"],
    ["/./experts", "/experts"],
    ["https://evil.example", "/"],
    ["//evil.example", "/"],
    ["///evil.example", "/"],
    ["/a/..//evil.example", "/"],
    ["/..//evil.example", "/"],
    ["/.//evil.example", "/"],
    ["/a/b/../..//evil.example", "/"],
    ["/%2e%2e//evil.example", "/"],
    ["/a/%2E%2E//evil.example", "/"],
    ["/%2F%2Fevil.example", "/"],
    ["/%2fevil.example", "/"],
    ["/%5Cevil.example", "/"],
    ["/%09/evil.example", "/"],
    ["/\\evil.example", "/"],
    ["\\\\evil.example", "/"],
    ["/%20/\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["/\tevil", "/"],
    ["/\n/evil.example", "/"],
    ["/\u0000/evil.example", "/"],
    ["/\u007f/evil.example", "/"],
    ["/\u2028/evil.example", "/%E2%80%A8/evil.example"],
    ["javascript:alert(1)", "/"],
    ["/javascript:alert(1)", "/javascript:alert(1)"],
    ["", "/"],
    [undefined, "/"],
    [42, "/"],
    ["account", "/"],
    ["?redirectTo=//evil", "/"],
    [`/${"a".repeat(2001)}`, "/"],
  ])("%j → %s", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });

  it("loginPath keeps where the visitor wanted to go", () => {
    expect(loginPath("http://x/admin/users?q=a")).toBe("/login?redirectTo=%2Fadmin%2Fusers%3Fq%3Da");
    expect(loginPath("http://x/")).toBe("/login");
  });
});

describe("settings", () => {
  it("normalises emails: trimmed, NFC, lower case", () => {
    expect(normalizeEmail("  Ayşe.YILMAZ@Example.ORG ")).toBe("ayşe.yilmaz@example.org");
    expect(normalizeEmail("e\u0301@x.org")).toBe("\u00e9@x.org");
  });

  it("cookies are Secure in production unless COOKIE_SECURE says otherwise", () => {
    const env = getEnv();
    expect(cookieSecure({ ...env, NODE_ENV: "production", COOKIE_SECURE: undefined })).toBe(true);
    expect(cookieSecure({ ...env, NODE_ENV: "production", COOKIE_SECURE: "false" })).toBe(false);
    expect(cookieSecure({ ...env, NODE_ENV: "development", COOKIE_SECURE: undefined })).toBe(false);
    expect(cookieSecure({ ...env, NODE_ENV: "development", COOKIE_SECURE: "true" })).toBe(true);
  });

  it("production with SMTP needs APP_ORIGIN; an empty variable counts as unset", () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { NODE_ENV: "production", SMTP_HOST: "smtp.example.org" });
      expect(() => getEnv()).toThrow(/APP_ORIGIN: is required in production when SMTP_HOST is set/);
      process.env.APP_ORIGIN = "https://network.example.org/some/path";
      expect(getEnv().APP_ORIGIN).toBe("https://network.example.org");
      process.env.SMTP_HOST = "";
      expect(devMailboxEnabled(getEnv())).toBe(true);
      // Parsed once while nothing changes; a changed variable is read again.
      expect(getEnv()).toBe(getEnv());
      process.env.SMTP_HOST = "smtp2.example.org";
      expect(getEnv().SMTP_HOST).toBe("smtp2.example.org");
    } finally {
      for (const k of ["NODE_ENV", "SMTP_HOST", "APP_ORIGIN"]) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });

  it("the development mailbox is 404 with SMTP configured, and in production for clients not on this machine", () => {
    const status = (ctx: { clientAddress?: string }) => {
      try {
        requireDevMailbox(ctx);
        return 200;
      } catch (e) {
        return (e as Response).status;
      }
    };
    expect(status({ clientAddress: "203.0.113.1" })).toBe(200); // NODE_ENV=test, no SMTP
    const saved = { ...process.env };
    try {
      process.env.NODE_ENV = "production";
      expect(status({ clientAddress: "127.0.0.1" })).toBe(200);
      expect(status({ clientAddress: "::ffff:127.0.0.1" })).toBe(200);
      expect(status({ clientAddress: "203.0.113.1" })).toBe(404);
      process.env.NODE_ENV = "test";
      process.env.SMTP_HOST = "smtp.example.org";
      expect(status({ clientAddress: "127.0.0.1" })).toBe(404);
    } finally {
      process.env.NODE_ENV = saved.NODE_ENV;
      delete process.env.SMTP_HOST;
    }
  });
});

describe("passwords", () => {
  it("hashes with argon2id and a fresh salt; verification tolerates bad hashes", async () => {
    const a = await hashPassword("same password here");
    const b = await hashPassword("same password here");
    expect(a).toMatch(/^\$argon2id\$v=19\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "same password here")).toBe(true);
    expect(await verifyPassword(a, "Same password here")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
    expect(await verifyPassword(null, "x")).toBe(false);
  });

  it("uses the library's recommended cost outside tests (19 MiB, 2 passes, 1 lane)", async () => {
    process.env.NODE_ENV = "production";
    try {
      expect(await hashPassword("x".repeat(12))).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    } finally {
      process.env.NODE_ENV = "test";
    }
  });
});

describe("rate-limit address keys", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::7", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:ffff::1", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
  ])("%s → %s", (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});
