/**
 * Problem documents in the caller's language: `Accept-Language` chooses zh-CN or English
 * (the default, and what the domain code writes). In Chinese the `title` comes from the error
 * class (its slug) and the common `detail`s are translated; a detail not in the table stays
 * in English rather than be guessed. Field errors from request validation are written in
 * Chinese by zod's own zh-CN locale (src/http/register.ts passes it per request).
 */
import { z } from "zod";
import type { Problem } from "./problem.js";

export type ProblemLocale = "zh-CN" | "en";

/**
 * The preferred of zh and en by the header's q-values (RFC 9110 §12.5.4); English when the
 * header is absent or names neither.
 */
export function problemLocale(acceptLanguage: string | undefined | null): ProblemLocale {
  let best: { locale: ProblemLocale; q: number } | null = null;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const [tag = "", ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    const locale: ProblemLocale | null =
      tag === "zh" || tag.startsWith("zh-") ? "zh-CN" : tag === "en" || tag.startsWith("en-") ? "en" : null;
    if (locale && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? "en";
}

/** zod's zh-CN messages, for validation run on behalf of a Chinese-speaking caller. */
export const zodZhCN = z.locales.zhCN().localeError;

/** Titles per problem type (the slug after PROBLEM_BASE). */
const TITLES: Record<string, string> = {
  invalid: "输入无效",
  unauthorized: "需要登录",
  forbidden: "无权操作",
  csrf: "跨站请求被拒绝",
  "not-found": "未找到",
  conflict: "状态冲突",
  "payload-too-large": "请求内容过大",
  locked: "账号已锁定",
  unprocessable: "不符合业务规则",
  "too-many-requests": "请求过于频繁",
  integrity: "数据完整性校验失败",
  internal: "服务器内部错误",
  http: "HTTP 错误",
};

const ROLE_NAMES: Record<string, string> = {
  admin: "科室负责人",
  operator: "经办人",
  auditor: "纪检（只读）",
  inspector: "检查人员",
};

const PARTS: Record<string, string> = { body: "请求体", query: "查询参数", params: "路径参数" };

/** Exact details and patterns, the ones a console user meets; `$1`… are the English captures. */
const DETAILS: [RegExp, string | ((...m: string[]) => string)][] = [
  [/^invalid (body|query|params)$/, (part) => `${PARTS[part]}无效，请检查标出的字段`],
  [/^expected a JSON body/, "请求体应为 JSON（content-type: application/json）"],
  [/^the request body is not valid JSON$/, "请求体不是有效的 JSON"],
  [/^the request did not match the expected shape$/, "请求内容的格式不符合要求"],
  [/^this endpoint needs a bearer token or a signed-in session$/, "请先登录（或使用 API 令牌）"],
  [/^role (\w+) may not (.+)$/, (role, what) => `${ROLE_NAMES[role] ?? role}角色无权执行此操作（${what}）`],
  [/^wrong login or password$/, "账号或密码错误"],
  [
    /^too many failed sign-ins; try again after (\S+)$/,
    (at) => `登录失败次数过多，账号已暂时锁定，请于 ${at} 之后再试`,
  ],
  [/^not signed in$/, "尚未登录"],
  [
    /^a signed-in write needs the session's x-csrf-token header$/,
    "缺少 x-csrf-token 请求头：为防止跨站请求伪造，已登录的写操作必须携带会话的 CSRF 令牌",
  ],
  [/^sign-in from another site is refused$/, "拒绝来自其他网站的登录请求"],
  [/^sign-in from .* is refused$/, "拒绝来自该来源的登录请求"],
  [/^only a signed-in account has a password to change$/, "只有登录的账号才能修改密码"],
  [/^malformed bearer token$/, "API 令牌格式错误"],
  [/^unknown or invalid token$/, "API 令牌无效"],
  [/^token revoked$/, "API 令牌已吊销"],
  [/^department (\S+) is not a subordinate of yours$/, (code) => `部门 ${code} 不是本部门的下级部门`],
  [/^inspectors read their own department only$/, "检查人员只能查看本部门的数据"],
  [/^invalid cursor$/, "分页游标无效，请从第一页重新开始"],
  [/^the upload is empty$/, "上传的文件为空"],
  [/^round (\S+) not found$/, (id) => `抽查任务 ${id} 不存在`],
  [/^checklist item (\S+) not found$/, (code) => `检查事项 ${code} 不存在`],
  [/^inspector (\S+) not found$/, (id) => `检查人员 ${id} 不存在`],
  [/^account not found$/, "账号不存在"],
  [/^no plan for (\d{4})$/, (year) => `${year} 年没有抽查计划`],
  [/^a plan for (\d{4}) already exists$/, (year) => `${year} 年的抽查计划已存在`],
  [
    /^there is no approved plan for (\d{4})$/,
    (year) => `${year} 年没有已批准的抽查计划，请先在“年度计划”中批准`,
  ],
  [/^the entity roster has no frozen revision yet$/, "检查对象名录还没有冻结的版本，请先在“名录库”中冻结"],
  [/^the round is (\w+); only a draft can be committed$/, (s) => `抽查任务当前状态为 ${s}，只有草稿可以承诺`],
  [/^the reveal deadline has passed$/, "揭示截止时间已过"],
  // A firm's recusal request (src/assignments/requested-inspector.ts).
  [
    /^no inspector with 执法证号 (\S+) is on the team inspecting (\S+) in this round$/,
    (no, entity) => `本轮检查 ${entity} 的检查组中没有执法证号为 ${no} 的检查人员`,
  ],
  [
    /^执法证号 (\S+) names (\d+) inspectors on this team, issued by (.+); say which department issued it$/,
    (no, n, issuers) =>
      `执法证号 ${no} 对应本检查组的 ${n} 名检查人员（发证部门：${issuers.replaceAll(" and ", "、")}），请同时注明发证部门代码（departmentCode）`,
  ],
  [/^department (\S+) does not take part in this round$/, (code) => `部门 ${code} 未参加本轮抽查`],
  // Round readiness (src/draws/readiness.ts): what a passed check found.
  [/^a draft$/, "草稿"],
  [/^all (\d+) contributors committed$/, (n) => `${n} 位贡献者均已提交承诺值`],
  [/^waiting for the commitment of: (.+)$/, (names) => `等待以下贡献者提交承诺值：${names}`],
  [/^(\d+) contributor\(s\) and a drand beacon$/, (n) => `${n} 位贡献者和 drand 信标`],
  [/^(\d+) contributor\(s\)$/, (n) => `${n} 位贡献者`],
  [/^frozen revision (.+)$/, (label) => `已冻结版本 ${label}`],
  [/^the approved plan for (\d{4}) covers the item$/, (year) => `${year} 年已批准的抽查计划包含该事项`],
  [
    /^(\d+) of (\d+) roster inspectors can be drawn \(team size (\d+)\); (\d+) cannot$/,
    (can, all, size, cannot) =>
      `名录中 ${all} 名执法人员有 ${can} 名可被抽取（每组 ${size} 人），${cannot} 名不可`,
  ],
  // The entropy rule (src/draw-engine/entropy-rule.ts).
  [
    /^contributors (.+) sent the same commitment/,
    (names) =>
      `贡献者 ${names.replaceAll(" and ", "、")} 提交了相同的承诺值，只算一方；每位贡献者须各自生成随机数`,
  ],
  [
    /^the round's entropy comes from a single contributor \((.+?)\) and no beacon/,
    (name) =>
      `随机数只来自一位贡献者（${name}），且未计划 drand 信标：请再添加一位独立的贡献者（如公证处或公众代表），或计划一个 drand 信标轮次`,
  ],
  [/^the round's entropy comes from a drand beacon alone/, "随机数只来自 drand 信标：请至少添加一位贡献者"],
  [
    /^the round has no contributor and no beacon/,
    "没有贡献者也没有 drand 信标：请添加至少两位独立的贡献者，或一位贡献者加一个 drand 信标轮次",
  ],
  [
    /^an unexpected error occurred; quote the request id when reporting it$/,
    "发生意外错误；反馈问题时请提供请求编号（requestId）",
  ],
];

/** A detail the domain wrote (a problem's, a readiness check's) in the caller's language. */
export function localizeDetail(detail: string, locale: ProblemLocale): string {
  return locale === "en" ? detail : translateDetail(detail);
}

function translateDetail(detail: string): string {
  for (const [pattern, text] of DETAILS) {
    const m = pattern.exec(detail);
    if (m) return typeof text === "string" ? text : text(...m.slice(1));
  }
  return detail;
}

/** The problem as the caller reads it; English problems are returned unchanged. */
export function localizeProblem(problem: Problem, locale: ProblemLocale): Problem {
  if (locale === "en") return problem;
  const slug = problem.type.slice(problem.type.lastIndexOf("/") + 1);
  return {
    ...problem,
    title: TITLES[slug] ?? problem.title,
    detail: translateDetail(problem.detail),
  };
}
