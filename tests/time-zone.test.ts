import { describe, expect, it } from "vitest";
import { instantToLocalInput, zonedToInstant } from "../app/utils/time-zone";
import { formatInZone } from "../app/i18n/dates";

describe("deadline time zones", () => {
  it("converts wall-clock time in a member state's zone to an instant and back", () => {
    const d = zonedToInstant("2027-01-15T17:00", "Asia/Tehran");
    expect(d?.toISOString()).toBe("2027-01-15T13:30:00.000Z");
    expect(formatInZone(d!, "Asia/Tehran")).toBe("15 Jan 2027, 17:00 Asia/Tehran (UTC+03:30)");
    expect(instantToLocalInput(d!, "Asia/Tehran")).toBe("2027-01-15T17:00");
    expect(zonedToInstant("2027-01-15T17:00", "Asia/Kabul")?.toISOString()).toBe("2027-01-15T12:30:00.000Z");
    expect(zonedToInstant("2027-01-15T17:00", "UTC")?.toISOString()).toBe("2027-01-15T17:00:00.000Z");
  });
  it("refuses malformed and impossible dates", () => {
    expect(zonedToInstant("2027-02-31T10:00", "UTC")).toBeNull();
    expect(zonedToInstant("tomorrow", "UTC")).toBeNull();
  });
});
