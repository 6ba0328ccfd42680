import type { Db } from "../db/types.js";
import { type CreateItemInput, createItemBody } from "./item-input.js";
import type { ChecklistItemVersion } from "./item-view.js";
import { createItem, publishItem } from "./items.js";

/**
 * Realistic checklist items transcribed from seed 004 (平顺县司法局).
 *
 * - SFJ-001 and SFJ-002 are the two rows of its 随机抽查事项清单: ratio 100 %, frequency 一年一次,
 *   i.e. a LEGAL OVERRIDE of the 3 % / 2-rounds floor. The table states the figures without
 *   naming a separate provision, so the override basis cites the annual-inspection rules the
 *   same seed lists (律师事务所年度检查考核, item 22 of its 行政执法事项清单) or, for notaries,
 *   the published table itself plus the item's own basis.
 * - SFJ-003..005 are 行政检查 rows of the seed's 行政执法事项清单 (nos. 15, 16, 20). The seed gives
 *   their basis and target but no ratio or frequency, so they take the 细则第九条 defaults
 *   (3 %, twice a year); their content and method are the department's choice, not the seed's.
 */
export const seedItemInputs: CreateItemInput[] = [
  {
    code: "SFJ-001",
    inspectingBody: "司法局",
    name: "对律师事务所和律师执业活动的监管",
    legalBasis:
      "《中华人民共和国律师法》（主席令 第六十四号《全国人民代表大会常务委员会关于修改〈中华人民共和国律师法〉的决定》已由中华人民共和国第十一届全国人民代表大会常务委员会第二十九次会议于2012年10月26日通过，自2013年1月1日起施行。）第五十二条：县级人民政府司法行政部门对律师和律师事务所的执业活动实施日常监督管理。",
    content:
      "（一）遵守法律、法规、规章情况。包括遵守《中华人民共和国律师法》、《律师执业管理办法》、《律师事务所管理办法》、《律师事务所年度检查考核办法》和依法开展业务活动；（二）业务开展情况。包括律师业务的数量和质量、办理重大法律案件是否集体讨论、履行法律援助义务、参加社会服务及其他社会公益活动等情况；（三）恪守职业道德和遵守执业纪律情况；（四）制定和执行管理制度情况；（五）法律、法规、规章规定的其他事项。（律师在执业活动中的执业、守法等情况）",
    methods: ["written", "on_site"],
    targetDescription: "律师事务所和律师",
    targetEntityTypes: ["律师事务所", "律师"],
    targetIndustries: [],
    targetRegionCodes: [],
    requiredQualification: "司法行政",
    entityCount: 2,
    defaultRateBp: null,
    defaultRoundsPerYear: null,
    legalOverride: {
      rateBp: 10000,
      roundsPerYear: 1,
      basis:
        "随机抽查事项清单：抽查比例100%，抽查频次一年一次。依据《中华人民共和国律师法》第二十四条；《律师事务所年度检查考核办法》（司法部令第121号）第四条第二款、第二十六条（律师事务所年度检查考核）。",
    },
    notes: "行政处罚",
  },
  {
    code: "SFJ-002",
    inspectingBody: "司法局",
    name: "对公证机构和公证员执业活动的监管",
    legalBasis:
      "《公证法》(主席令第39号由中华人民共和国第十届全国人民代表大会常务委员会第十七次会议于2005年８月28日通过，自2006年３月1日起施行。)第五条司法行政部门依照本法规定对公证机构、公证员和公证协会进行监督、指导。",
    content:
      "（一）组织建设情况；（二）执业活动情况；（三）公证质量情况；(四）公证员执业年度考核情况；（五）档案管理情况；（六）财务制度执行情况；（七）内部管理制度建设情况；（八）司法部和省、自治区、直辖市司法行政机关要求进行监督检查的其他事项。 （公证处执业活动、内部管理情况等，公证机构负责人、公证员履职情况等）",
    methods: ["written", "on_site"],
    targetDescription: "公证机构和公证员",
    targetEntityTypes: ["公证机构", "公证员"],
    targetIndustries: [],
    targetRegionCodes: [],
    requiredQualification: "司法行政",
    entityCount: 1,
    defaultRateBp: null,
    defaultRoundsPerYear: null,
    legalOverride: {
      rateBp: 10000,
      roundsPerYear: 1,
      basis: "随机抽查事项清单：抽查比例100%，抽查频次一年一次（公证员执业年度考核）。依据《公证法》第五条。",
    },
    notes: "行政处罚",
  },
  {
    code: "SFJ-003",
    inspectingBody: "司法局（公共法律服务管理股）",
    name: "对基层法律服务工作者执业情况的行政检查",
    legalBasis: "《基层法律服务工作者管理办法》（司法部令138号）第四十条",
    content: "基层法律服务工作者执业情况",
    methods: ["written"],
    targetDescription: "基层法律服务工作者",
    targetEntityTypes: ["基层法律服务工作者"],
    targetIndustries: [],
    targetRegionCodes: [],
    requiredQualification: null,
    entityCount: null,
    defaultRateBp: 300,
    defaultRoundsPerYear: 2,
    legalOverride: null,
    notes: "",
  },
  {
    code: "SFJ-004",
    inspectingBody: "司法局（公共法律服务管理股）",
    name: "对基层法律服务所日常执业和内部管理情况的行政检查",
    legalBasis: "《基层法律服务所管理办法》（司法部令137号）第二十九条",
    content: "基层法律服务所日常执业和内部管理情况",
    methods: ["written", "on_site"],
    targetDescription: "基层法律服务所",
    targetEntityTypes: ["基层法律服务所"],
    targetIndustries: [],
    targetRegionCodes: [],
    requiredQualification: null,
    entityCount: null,
    defaultRateBp: 300,
    defaultRoundsPerYear: 2,
    legalOverride: null,
    notes: "",
  },
  {
    code: "SFJ-005",
    inspectingBody: "司法局（公共法律服务管理股）",
    name: "对鉴定人和鉴定机构的行政检查",
    legalBasis: "《司法鉴定机构登记管理办法》(司法部令第 95号)第四条",
    content: "司法鉴定机构、司法鉴定人执业情况",
    methods: ["written", "on_site"],
    targetDescription: "司法鉴定机构；司法鉴定人",
    targetEntityTypes: ["司法鉴定机构", "司法鉴定人"],
    targetIndustries: [],
    targetRegionCodes: [],
    requiredQualification: "司法行政",
    entityCount: null,
    defaultRateBp: 300,
    defaultRoundsPerYear: 2,
    legalOverride: null,
    notes: "",
  },
];

/**
 * Loads the seed items into a department (through the same validation as the API) and,
 * unless `publish` is false, publishes them. Returns the resulting versions in input order.
 */
export async function loadSeedItems(
  db: Db,
  departmentId: string,
  opts: { publish?: boolean; codes?: string[] } = {},
): Promise<ChecklistItemVersion[]> {
  const out: ChecklistItemVersion[] = [];
  for (const raw of seedItemInputs) {
    if (opts.codes && !opts.codes.includes(raw.code)) continue;
    const input = createItemBody.parse(raw);
    const draft = await createItem(db, departmentId, input);
    out.push(opts.publish === false ? draft : await publishItem(db, departmentId, input.code));
  }
  return out;
}
