/**
 * Draw scenarios for the test vectors (docs/draw-spec.md §13). Each becomes a
 * file test/vectors/cases/NNN-draw-*.json via generate.ts; the order below fixes
 * the file numbers cited by the spec.
 */
import { ids, type Scenario } from "./scenario-helpers.js";
import { SUBSTITUTION_SCENARIOS, TEAM_SCENARIOS } from "./scenarios-teams.js";

export { pool, type Scenario } from "./scenario-helpers.js";

const SELECTION: Scenario[] = [
  {
    name: "basic-two-strata",
    description: "Two strata, two contributors and a drand beacon.",
    eligible: [...ids("A", "ENT-A-", 40), ...ids("B", "ENT-B-", 25)],
    rates: { A: 500, B: 1000 },
  },
  {
    name: "empty-stratum",
    description: "A committed stratum with N = 0 (k = 0) next to a normal one.",
    eligible: ids("A", "E", 30),
    rates: { A: 1000, Z: 5000 },
  },
  {
    name: "single-entity",
    description: "N = 1 at 300 bp: k = ceil(300/10000) = 1.",
    eligible: ids("solo", "S", 1),
    rates: { solo: 300 },
  },
  {
    name: "k-equals-n",
    description: "Rate 10000 bp selects every entity (k = N), in ticket order.",
    eligible: ids("all", "F", 7),
    rates: { all: 10000 },
  },
  {
    name: "full-stratum-with-others",
    description: "A 100 % high-risk stratum beside a 3 % low-risk one.",
    eligible: [...ids("risk-D", "D", 5), ...ids("risk-A", "A", 100)],
    rates: { "risk-D": 10000, "risk-A": 300 },
  },
  {
    name: "non-ascii-ids",
    description: "Chinese entity ids and stratum names; one id is given in NFD and canonicalised to NFC.",
    eligible: [
      { stratum: "餐饮", id: "杭州西湖餐馆" },
      { stratum: "餐饮", id: "上海小笼包店" },
      { stratum: "餐饮", id: "Café Zoë".normalize("NFD") },
      { stratum: "餐饮", id: "北京烤鸭店" },
      { stratum: "零售", id: "深圳电子商行" },
      { stratum: "零售", id: "成都火锅超市" },
    ],
    rates: { 餐饮: 5000, 零售: 5000 },
  },
  {
    name: "numeric-looking-ids",
    description: '"007", "07" and "7" are different entities; ids are strings, never numbers.',
    eligible: ["007", "07", "7", "0", "00", "10", "9"].map((id) => ({ stratum: "N", id })),
    rates: { N: 5000 },
  },
  {
    name: "credit-codes",
    description:
      "18-character unified social credit codes given in lower case are upper-cased; a pilot code with a bad checksum is still drawn.",
    eligible: ["91350100m000100y43", "91350100M000100Y44", "911100001000011234", "92440300MA5EXAMP1E"].map(
      (id) => ({ stratum: "企业", id }),
    ),
    rates: { 企业: 10000 },
  },
  {
    name: "duplicate-nfc-nfd",
    description: "The same name once in NFC and once in NFD is a duplicate after canonicalisation: rejected.",
    eligible: [
      { stratum: "A", id: "Café" },
      { stratum: "A", id: "Café".normalize("NFD") },
      { stratum: "A", id: "Bar" },
    ],
    committedEligible: [
      { stratum: "A", id: "Café" },
      { stratum: "A", id: "Bar" },
    ],
    rates: { A: 5000 },
  },
  {
    name: "duplicate-credit-code-case",
    description: "A credit code in lower and upper case in two strata is one entity twice: rejected.",
    eligible: [
      { stratum: "A", id: "91350100M000100Y43" },
      { stratum: "B", id: "91350100m000100y43" },
    ],
    committedEligible: [{ stratum: "A", id: "91350100M000100Y43" }],
    rates: { A: 5000, B: 5000 },
  },
  {
    name: "rate-below-floor",
    description: "200 bp with no legal override is below the 300 bp floor: rejected before any entropy.",
    eligible: ids("A", "E", 100),
    rates: { A: 200 },
  },
  {
    name: "rate-below-floor-with-legal-basis",
    description: "100 bp allowed because the round cites a legal basis for a lower minimum.",
    eligible: ids("A-credit", "E", 200),
    rates: { "A-credit": 100 },
    tweak: (p) => {
      p.floor = {
        minTotalBp: 100,
        legalBasis: "国发〔2019〕5号: low-risk (class A) entities may be checked at a lower rate",
      };
    },
  },
  {
    name: "strata-mix-meets-floor",
    description: "One stratum at 100 bp is fine when the total still reaches 3 %.",
    eligible: [...ids("low", "L", 100), ...ids("high", "H", 20)],
    rates: { low: 100, high: 2000 },
  },
];

const ENTROPY: Scenario[] = [
  {
    name: "beacon-only",
    description: "No contributors; the seed uses only the drand beacon.",
    eligible: ids("A", "E", 20),
    rates: { A: 1000 },
    contributors: [],
  },
  {
    name: "contributors-only",
    description: "Three contributors and no beacon.",
    eligible: ids("A", "E", 20),
    rates: { A: 1000 },
    contributors: ["监督局", "人大代表", "企业代表"],
    beaconRound: null,
  },
  {
    name: "beacon-round-2000",
    description: "Another real quicknet round.",
    eligible: ids("A", "E", 20),
    rates: { A: 1000 },
    beaconRound: 2000,
  },
  {
    name: "tampered-beacon",
    description: "A beacon signature with one flipped byte fails BLS verification: the round fails.",
    eligible: ids("A", "E", 20),
    rates: { A: 1000 },
    badBeacon: "tampered-signature",
  },
  {
    name: "wrong-beacon-round",
    description: "A genuine beacon of another round is rejected.",
    eligible: ids("A", "E", 20),
    rates: { A: 1000 },
    badBeacon: "wrong-round",
  },
  {
    name: "beacon-before-commitment",
    description: "A beacon round emitted before the commitment time is rejected at commitment.",
    eligible: ids("A", "E", 20),
    rates: { A: 1000 },
    tweak: (p) => {
      p.committedAt = "2023-08-23T17:00:00Z";
      p.revealDeadline = "2023-08-23T18:00:00Z";
    },
  },
  {
    name: "wrong-reveal",
    description: "A contributor reveals a nonce that does not match the commitment: the round fails.",
    eligible: ids("A", "E", 20),
    rates: { A: 1000 },
    badReveal: "wrong-nonce",
  },
  {
    name: "late-reveal",
    description: "A reveal after the deadline fails the round.",
    eligible: ids("A", "E", 20),
    rates: { A: 1000 },
    badReveal: "late",
  },
  {
    name: "excluded-but-eligible",
    description: "An entity listed as excluded must not be in the eligible set.",
    eligible: ids("A", "E", 20),
    rates: { A: 1000 },
    tweak: (p) => {
      p.exclusions = [{ id: "E0003", reason: "已注销" }];
    },
  },
  {
    name: "with-exclusions",
    description: "Exclusions are committed with reasons, sorted by id bytes.",
    eligible: ids("A", "E", 20),
    rates: { A: 1000 },
    tweak: (p) => {
      p.exclusions = [
        { id: "E9999", reason: "已注销" },
        { id: "E0100", reason: "已吊销" },
      ];
    },
  },
];

const LAST: Scenario[] = [
  {
    name: "all-strata-empty",
    description: 'An eligible set with no entities: empty root SHA-256(""), nothing selected.',
    eligible: [],
    rates: { A: 300 },
  },
];

export const SCENARIOS: Scenario[] = [
  ...SELECTION,
  ...TEAM_SCENARIOS,
  ...ENTROPY,
  ...SUBSTITUTION_SCENARIOS,
  ...LAST,
];
