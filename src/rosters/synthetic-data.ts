/**
 * Word lists for the synthetic roster generator (synthetic.ts). Weights are
 * rough guesses at a typical municipal roster, not statistics.
 */

export interface District {
  province: string;
  city: string;
  /** City-level registration authority code (e.g. 350100). */
  cityCode: string;
  district: string;
  /** County-level administrative division code (GB/T 2260). */
  code: string;
  weight: number;
}

/** A few provinces' real county-level division codes; Fujian weighted up. */
export const DISTRICTS: readonly District[] = [
  { province: "福建省", city: "福州市", cityCode: "350100", district: "鼓楼区", code: "350102", weight: 8 },
  { province: "福建省", city: "福州市", cityCode: "350100", district: "台江区", code: "350103", weight: 6 },
  { province: "福建省", city: "福州市", cityCode: "350100", district: "仓山区", code: "350104", weight: 7 },
  { province: "福建省", city: "福州市", cityCode: "350100", district: "晋安区", code: "350111", weight: 6 },
  { province: "福建省", city: "厦门市", cityCode: "350200", district: "思明区", code: "350203", weight: 5 },
  { province: "福建省", city: "厦门市", cityCode: "350200", district: "湖里区", code: "350206", weight: 4 },
  { province: "浙江省", city: "杭州市", cityCode: "330100", district: "上城区", code: "330102", weight: 3 },
  { province: "浙江省", city: "杭州市", cityCode: "330100", district: "拱墅区", code: "330105", weight: 3 },
  { province: "浙江省", city: "杭州市", cityCode: "330100", district: "西湖区", code: "330106", weight: 3 },
  { province: "浙江省", city: "杭州市", cityCode: "330100", district: "滨江区", code: "330108", weight: 2 },
  { province: "浙江省", city: "宁波市", cityCode: "330200", district: "海曙区", code: "330203", weight: 2 },
  { province: "广东省", city: "广州市", cityCode: "440100", district: "越秀区", code: "440104", weight: 3 },
  { province: "广东省", city: "广州市", cityCode: "440100", district: "天河区", code: "440106", weight: 3 },
  { province: "广东省", city: "深圳市", cityCode: "440300", district: "福田区", code: "440304", weight: 3 },
  { province: "广东省", city: "深圳市", cityCode: "440300", district: "南山区", code: "440305", weight: 3 },
  { province: "四川省", city: "成都市", cityCode: "510100", district: "锦江区", code: "510104", weight: 2 },
  { province: "四川省", city: "成都市", cityCode: "510100", district: "武侯区", code: "510107", weight: 2 },
  { province: "北京市", city: "北京市", cityCode: "110000", district: "东城区", code: "110101", weight: 2 },
  { province: "北京市", city: "北京市", cityCode: "110000", district: "朝阳区", code: "110105", weight: 3 },
  { province: "北京市", city: "北京市", cityCode: "110000", district: "海淀区", code: "110108", weight: 3 },
];

export interface EntityType {
  label: string;
  /** USCC positions 1–2: registration authority category + entity category. */
  prefix: string;
  naturalPerson: boolean;
  weight: number;
}

export const ENTITY_TYPES: readonly EntityType[] = [
  { label: "有限责任公司（自然人投资或控股）", prefix: "91", naturalPerson: false, weight: 35 },
  { label: "有限责任公司（自然人独资）", prefix: "91", naturalPerson: false, weight: 10 },
  { label: "股份有限公司（非上市）", prefix: "91", naturalPerson: false, weight: 3 },
  { label: "有限责任公司分公司", prefix: "91", naturalPerson: false, weight: 4 },
  { label: "个人独资企业", prefix: "91", naturalPerson: false, weight: 4 },
  { label: "普通合伙企业", prefix: "91", naturalPerson: false, weight: 2 },
  { label: "个体工商户", prefix: "92", naturalPerson: true, weight: 40 },
  { label: "农民专业合作社", prefix: "93", naturalPerson: false, weight: 2 },
];

export interface Industry {
  label: string;
  /** Words used in company names of this industry. */
  companyWords: readonly string[];
  /** Words used in 个体工商户 shop names. */
  shopWords: readonly string[];
  weight: number;
}

export const INDUSTRIES: readonly Industry[] = [
  {
    label: "批发和零售业",
    companyWords: ["贸易", "商贸", "电子商务", "医药"],
    shopWords: ["便利店", "日用品店", "水果店", "五金店"],
    weight: 30,
  },
  {
    label: "住宿和餐饮业",
    companyWords: ["餐饮管理", "酒店管理", "食品"],
    shopWords: ["小吃店", "面馆", "快餐店", "茶饮店"],
    weight: 15,
  },
  {
    label: "制造业",
    companyWords: ["机械设备", "电子", "服装", "塑料制品"],
    shopWords: ["加工坊", "服装加工厂"],
    weight: 12,
  },
  {
    label: "租赁和商务服务业",
    companyWords: ["企业管理", "广告", "商务咨询"],
    shopWords: ["广告部", "图文店"],
    weight: 10,
  },
  {
    label: "信息传输、软件和信息技术服务业",
    companyWords: ["科技", "信息技术", "网络科技"],
    shopWords: ["电脑维修部", "手机店"],
    weight: 8,
  },
  {
    label: "建筑业",
    companyWords: ["建筑工程", "装饰工程", "市政工程"],
    shopWords: ["装修队", "水电安装部"],
    weight: 7,
  },
  {
    label: "居民服务、修理和其他服务业",
    companyWords: ["家政服务", "物业管理"],
    shopWords: ["理发店", "洗衣店", "汽车修理部"],
    weight: 8,
  },
  {
    label: "交通运输、仓储和邮政业",
    companyWords: ["物流", "运输", "供应链管理"],
    shopWords: ["货运部", "快递代办点"],
    weight: 4,
  },
  {
    label: "科学研究和技术服务业",
    companyWords: ["检测技术", "生物科技"],
    shopWords: ["技术服务部"],
    weight: 3,
  },
  {
    label: "农、林、牧、渔业",
    companyWords: ["农业发展", "生态农业"],
    shopWords: ["种植场", "养殖场"],
    weight: 3,
  },
];

export const TRADE_CHARS = "鑫源华泰宏盛通达恒信安顺兴隆金瑞祥和嘉创新海天润博联佳远明诚德汇邦正永富丰美凯辉";

/** Common surnames, most frequent first (sampled with a decreasing weight). */
export const SURNAMES = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "黄",
  "赵",
  "吴",
  "周",
  "徐",
  "孙",
  "马",
  "朱",
  "胡",
  "郭",
  "何",
  "高",
  "林",
  "罗",
  "郑",
  "梁",
  "谢",
  "宋",
  "唐",
  "许",
  "韩",
  "冯",
  "邓",
  "曹",
  "彭",
  "曾",
  "肖",
  "田",
  "董",
  "袁",
  "潘",
  "于",
  "蒋",
  "蔡",
  "余",
  "杜",
  "叶",
  "程",
  "苏",
  "魏",
  "吕",
  "丁",
  "任",
  "沈",
  "欧阳",
];

export const GIVEN_CHARS =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华建志晓东婷雪慧鑫宇浩俊欣玲凤兰英秀红文斌辉海燕峰琳晨阳";

export const ROADS = [
  "五四路",
  "八一七北路",
  "工业路",
  "湖东路",
  "华林路",
  "杨桥中路",
  "福新路",
  "解放路",
  "人民路",
  "中山路",
  "建设路",
  "文化路",
  "学院路",
  "长安街",
  "滨江大道",
  "科技园路",
  "交通路",
  "新华路",
];

export const REGISTRATION_STATUSES: readonly { label: string; weight: number }[] = [
  { label: "存续", weight: 85 },
  { label: "在业", weight: 10 },
  { label: "迁出", weight: 2 },
  { label: "停业", weight: 1 },
  { label: "吊销，未注销", weight: 2 },
];

/** Risk classes with a realistic skew: most entities low/ordinary risk. */
export const RISK_WEIGHTS: readonly { label: string; weight: number; complaintRate: number }[] = [
  { label: "A", weight: 30, complaintRate: 0.08 },
  { label: "B", weight: 50, complaintRate: 0.2 },
  { label: "C", weight: 15, complaintRate: 0.5 },
  { label: "D", weight: 5, complaintRate: 0.75 },
];

export const POSTS: readonly { label: string; weight: number }[] = [
  { label: "科员", weight: 30 },
  { label: "一级科员", weight: 10 },
  { label: "四级主任科员", weight: 15 },
  { label: "三级主任科员", weight: 8 },
  { label: "副科长", weight: 8 },
  { label: "科长", weight: 5 },
  { label: "执法队员", weight: 15 },
  { label: "副所长", weight: 5 },
  { label: "所长", weight: 4 },
];

export const ENFORCEMENT_TYPES = [
  "食品安全",
  "特种设备",
  "产品质量",
  "计量",
  "广告监管",
  "价格监督",
  "网络交易",
  "药品",
  "知识产权",
  "登记注册",
  "反不正当竞争",
];

export const DISTRICT_AREAS = ["东片区", "西片区", "南片区", "北片区", "中心片区", "开发区片区"];

export const INSPECTOR_STATUSES: readonly { label: string; weight: number }[] = [
  { label: "在岗", weight: 90 },
  { label: "暂停", weight: 4 },
  { label: "离职", weight: 6 },
];
