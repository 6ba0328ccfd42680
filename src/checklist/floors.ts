/**
 * The sampling floors of 细则第九条 (RULES §5): where a law sets rate or frequency, follow the
 * law; otherwise at least 3 % of the entities per round and at least 2 rounds a year.
 * Integers only (basis points), so every party computes the same floor.
 */
export const MIN_RATE_BP = 300;
export const MIN_ROUNDS_PER_YEAR = 2;
export const FULL_RATE_BP = 10000;

/** How a refusal names the rule it applies. */
export const FLOOR_RULE = "RULES §5 / 细则第九条";

export interface LegalOverride {
  rateBp: number | null;
  roundsPerYear: number | null;
  /** The provision that sets the figures (法律法规规章有规定的，按规定实施). */
  basis: string;
}

export interface ItemFloor {
  minRateBp: number;
  minRoundsPerYear: number;
  /** What set each floor: FLOOR_RULE (the 细则 default) or the legal override's cited basis. */
  rateSource: string;
  roundsSource: string;
}

/** The floors an item is held to: its legal override's figures where given, else the 细则's. */
export function itemFloor(override: LegalOverride | null): ItemFloor {
  const rate = override?.rateBp ?? null;
  const rounds = override?.roundsPerYear ?? null;
  return {
    minRateBp: rate ?? MIN_RATE_BP,
    minRoundsPerYear: rounds ?? MIN_ROUNDS_PER_YEAR,
    rateSource: rate === null ? FLOOR_RULE : (override?.basis ?? ""),
    roundsSource: rounds === null ? FLOOR_RULE : (override?.basis ?? ""),
  };
}

/** "300 bp (3 %)" — integer arithmetic only, for messages. */
export function describeBp(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  return `${bp} bp (${whole}${frac ? `.${String(frac).padStart(2, "0").replace(/0$/, "")}` : ""} %)`;
}
