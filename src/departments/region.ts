/**
 * Administrative region codes (GB/T 2260 行政区划代码): six digits AABBCC. AA is the province,
 * BB the prefecture-level city within it, CC the county-level district within that city.
 *
 * - province: BBCC = 0000            (350000 福建省)
 * - city:     CC = 00, BB ≠ 00       (350100 福州市)
 * - county:   CC ≠ 00                (350102 鼓楼区)
 *
 * The rule for the department tree: a child's region lies strictly under its parent's, i.e.
 * the child is at a lower level and shares the parent's significant prefix — the first two
 * digits under a province (35xxxx under 350000), the first four under a city (3501xx under
 * 350100). A county has no subordinates. A province may hold a county directly (省直管县, e.g.
 * 429004 under 420000), so a level may be skipped; the prefix rule still holds.
 */
export const LEVELS = ["province", "city", "county"] as const;
export type Level = (typeof LEVELS)[number];

export const REGION_CODE = /^\d{6}$/;

/** The level a region code names (the code is assumed to be 6 digits). */
export function levelOf(regionCode: string): Level {
  if (regionCode.endsWith("0000")) return "province";
  if (regionCode.endsWith("00")) return "city";
  return "county";
}

/** The digits a region shares with everything under it: AA for a province, AABB for a city. */
function prefixOf(regionCode: string): string {
  const level = levelOf(regionCode);
  return level === "province"
    ? regionCode.slice(0, 2)
    : level === "city"
      ? regionCode.slice(0, 4)
      : regionCode;
}

/**
 * Why `child` cannot be a subordinate region of `parent`, or null when it can. The reasons are
 * shown to the admin who creates the department.
 */
export function regionUnderReason(parent: string, child: string): string | null {
  if (!REGION_CODE.test(child)) return "an administrative region code is 6 digits, e.g. 350102";
  const parentLevel = levelOf(parent);
  if (parentLevel === "county") return `a county-level department (${parent}) has no subordinates`;
  if (LEVELS.indexOf(levelOf(child)) <= LEVELS.indexOf(parentLevel)) {
    return `a subordinate of a ${parentLevel}-level department must be at a lower level than ${parent}`;
  }
  const prefix = prefixOf(parent);
  if (!child.startsWith(prefix)) return `must lie under ${parent}: start with ${prefix}`;
  return null;
}
