import { describe, expect, it } from "vitest";
import { uuidv7Batch } from "../../src/db/uuid7.js";

describe("UUIDv7 batches (RFC 9562)", () => {
  it("are version 7, variant 10, carry the millisecond, ascend and never repeat", () => {
    const ms = Date.UTC(2026, 10, 30, 12, 0, 0, 123);
    const ids = uuidv7Batch(70_000, ms);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [i, id] of ids.entries()) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(ms);
      if (i > 0) expect(id > ids[i - 1]!).toBe(true);
    }
  });
});
