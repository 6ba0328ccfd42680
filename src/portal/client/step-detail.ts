/**
 * Chinese wording of the verifier's step details. verify-steps.ts reports each step in English
 * (the CLI and the tests read the same words); on `/zh/` pages the portal shows them through
 * this phrasebook. Values (hashes, ids, counts, names) pass through unchanged. A detail with no
 * phrase here (an engine error message, say) is shown with its code and the English text marked
 * as such, never silently in English.
 */
type Phrase = [RegExp, (m: RegExpExecArray) => string];

/** The "what" of a comparison (`${what}: the proof says …, recomputation gives …`). */
const SUBJECTS: Phrase[] = [
  [/^the algorithm id of the bundle vs its commitment$/, () => "证明与其承诺中的算法标识"],
  [/^the commitment hash$/, () => "承诺哈希"],
  [/^the seed$/, () => "种子"],
  [/^the number of strata$/, () => "风险分层的数量"],
  [/^stratum (.+): number selected$/, (m) => `分层 ${m[1]} 的抽中数量`],
  [/^stratum (.+)$/, (m) => `分层 ${m[1]}`],
  [/^the ticket of (.+)$/, (m) => `${m[1]} 的签`],
  [/^team #(\d+)$/, (m) => `第 ${m[1]} 个检查组`],
  [/^entities that could not be staffed$/, () => "无法配齐检查组的对象"],
  [
    /^substitute for (.+) on (.+) \(#(\d+)\)$/,
    (m) => `第 ${m[3]} 次替换：对象 ${m[2]} 中替换 ${m[1]} 的人员`,
  ],
];

function subject(what: string): string {
  for (const [re, zh] of SUBJECTS) {
    const m = re.exec(what);
    if (m) return zh(m);
  }
  return what;
}

const PHRASES: Phrase[] = [
  [
    /^eligible root (\S+) \((\d+) entities\), (\d+) inspectors, (\d+) conflicts; commitment (\S+)$/,
    (m) =>
      `合格对象集合根 ${m[1]}（${m[2]} 个对象），检查人员 ${m[3]} 名，回避关系 ${m[4]} 条；承诺哈希 ${m[5]}`,
  ],
  [/^(\d+) reveals match their commitments: (.*)$/, (m) => `${m[1]} 个随机数揭示值与其承诺一致：${m[2]}`],
  [
    /^drand round (\d+): BLS signature verifies against the committed public key$/,
    (m) => `drand 第 ${m[1]} 轮：BLS 签名与承诺中的公钥相符`,
  ],
  [/^seed ([0-9a-f]+)$/, (m) => `种子 ${m[1]}`],
  [
    /^(\d+) teams of (\d+), (\d+) infeasible$/,
    (m) => `${m[1]} 个检查组，每组 ${m[2]} 人；${m[3]} 个对象无法配齐检查组`,
  ],
  [
    /^(\d+) substitutions replayed; (\d+) final teams$/,
    (m) => `已重放 ${m[1]} 次回避替换；最终 ${m[2]} 个检查组`,
  ],
  [/^Ed25519 signature by ([0-9a-f]+)$/, (m) => `Ed25519 签名有效，公钥 ${m[1]}`],
  [/^not run: an earlier step failed$/, () => "未执行：前面的步骤未通过"],
  [
    /^(.+): the proof says (.*), recomputation gives (.*)$/,
    (m) => `${subject(m[1]!)}：证明中为 ${m[2]}，重新计算得到 ${m[3]}`,
  ],
  [
    /^the proof lists (\d+) teams, recomputation gives (\d+)$/,
    (m) => `证明列出 ${m[1]} 个检查组，重新计算得到 ${m[2]} 个`,
  ],
  [
    /^stratum (.+), rank (\d+): the proof lists (.+), recomputation selects (.+)$/,
    (m) => `分层 ${m[1]} 第 ${m[2]} 名：证明中为 ${m[3]}，重新计算抽中 ${m[4]}`,
  ],
  [/^algorithm (.+) is not supported$/, (m) => `不支持算法 ${m[1]}`],
  [/^a beacon was given but the commitment does not plan one$/, () => "证明给出了信标，但承诺中没有计划信标"],
  [/^the commitment requires drand round (\d+)$/, (m) => `承诺要求 drand 第 ${m[1]} 轮信标，证明中没有`],
  [/^signed with (\S+), not (\S+)$/, (m) => `签名公钥为 ${m[1]}，而不是预期的 ${m[2]}`],
  [/^the Ed25519 signature does not match key (\S+)$/, (m) => `Ed25519 签名与公钥 ${m[1]} 不符`],
];

/**
 * What an engine error code means, for failures whose English message has no phrase above
 * (the message, with the exact values, follows as the technical detail).
 */
const CODES: Record<string, string> = {
  malformed: "证明的结构不完整或含有多余字段",
  "bad-commitment": "承诺文件不符合规范",
  "not-canonical": "某个标签或编号不是规范形式",
  "bad-count": "分层数量不是非负整数",
  "bad-hash": "哈希值不是 64 位小写十六进制",
  "bad-rate": "抽查比例不是 0–10000 之间的整数基点",
  "duplicate-id": "同一项出现了两次",
  "bad-team-size": "检查组人数少于 2",
  "invalid-date": "日期不是真实存在的 YYYY-MM-DD",
  "invalid-time": "时间不符合规范或先后顺序不对",
  "invalid-id": "对象编号含有不允许的字符",
  "no-entropy": "随机性来源为空：既没有提供方也没有信标",
  "entropy-single-party": "只有一方能决定抽取结果（不满足多方随机性规则）",
  "bad-beacon-plan": "信标计划与 drand quicknet 的参数不符",
  "floor-without-legal-basis": "总抽查比例低于下限且未引用法律依据",
  "eligible-root": "合格对象集合的默克尔根与承诺不符",
  "count-mismatch": "某分层的对象数量与承诺不符",
  "unknown-stratum": "合格对象集合中出现了承诺未列出的分层",
  "inspector-count": "公布的检查人员数量与承诺不符",
  "inspector-root": "检查人员库的默克尔根与承诺不符",
  "inspector-not-canonical": "检查人员记录不是规范形式",
  "inspector-order": "检查人员未按编号字节升序各列一次",
  "conflict-count": "公布的回避关系数量与承诺不符",
  "conflict-root": "回避关系集合的默克尔根与承诺不符",
  "conflict-not-canonical": "回避关系摘要不是规范形式",
  "conflict-order": "回避关系摘要未按升序各列一次",
  "reveal-missing": "缺少随机数揭示值",
  "reveal-order": "揭示值的顺序与承诺中提供方的顺序不一致",
  "reveal-malformed": "揭示的随机数格式不正确",
  "reveal-mismatch": "揭示的随机数与其承诺不符",
  "beacon-invalid": "drand 信标签名验证失败",
  "beacon-randomness": "信标随机数不等于其签名的 SHA-256",
  "beacon-malformed": "信标字段格式不正确",
  "substitution-malformed": "回避替换记录格式不正确",
  "substitution-order": "回避替换记录未按时间顺序排列",
  "substitution-unknown": "回避替换记录中的人员不在该检查组中",
};

/** Per-stratum counts "A: 3/40, B: 5/60" (the selection step's detail). */
const SELECTION = /^(?:[^,:]+: \d+\/\d+)(?:, [^,:]+: \d+\/\d+)*$/;

/** The detail of one step result in the page's language. */
export function localizeStepDetail(
  lang: string,
  r: { step: string; status: string; code?: string; detail: string },
): string {
  if (lang !== "zh" || r.detail === "") return r.detail;
  if (r.step === "selection" && r.status === "pass" && SELECTION.test(r.detail))
    return r.detail
      .split(", ")
      .map((part) => {
        const [stratum, counts] = part.split(": ");
        const [k, n] = counts!.split("/");
        return `分层 ${stratum}：${n} 个中抽中 ${k} 个`;
      })
      .join("；");
  for (const [re, zh] of PHRASES) {
    const m = re.exec(r.detail);
    if (m) return zh(m);
  }
  const meaning = r.code ? CODES[r.code] : undefined;
  if (meaning) return `${meaning}（错误代码 ${r.code}；技术细节：${r.detail}）`;
  return r.code ? `错误代码 ${r.code}（英文原文）：${r.detail}` : `（英文原文）${r.detail}`;
}
