// The dashboard's words in Chinese (first) and English; the choice persists in localStorage.

const KEY = "qyx.lang";

const WORDS = {
  appTitle: ["庆元县公共服务“七优享”", "Qingyuan public services: Seven Excellences"],
  overview: ["总览", "Overview"],
  scoreboard: ["多维晾晒", "Scoreboard"],
  problems: ["问题清单", "Problems"],
  reports: ["报告", "Reports"],
  entry: ["数据填报", "Data entry"],
  mainNav: ["主导航", "Main navigation"],
  switchLang: ["English", "中文"],
  switchLangLabel: ["Switch to English", "切换到中文"],
  loading: ["加载中…", "Loading…"],
  period: ["期间", "Period"],
  year: ["年度", "Year"],
  wholeYear: ["全年", "Whole year"],
  demoBanner: [
    "演示数据：本页显示的是合成的演示数据，并非庆元县的真实数据。",
    "Demo data: this page shows synthetic demonstration data, not real figures of Qingyuan County.",
  ],
  notAvailable: ["此功能尚未提供", "Not available yet"],
  notAvailableWhy: ["服务器尚不支持此功能（{what}）。", "The server does not offer this yet ({what})."],
  error: ["出错了", "Something went wrong"],
  retry: ["重试", "Retry"],
  notFound: ["未找到", "Not found"],
  // states
  ACHIEVED: ["已实现", "Achieved"],
  ON_TRACK: ["进度正常", "On track"],
  AT_RISK: ["有风险", "At risk"],
  BEHIND: ["滞后", "Behind"],
  NO_DATA: ["无数据", "No data"],
  // overview
  leadDepartment: ["牵头单位", "Lead department"],
  coreScore: ["核心指标得分", "Core score"],
  score: ["得分", "Score"],
  rank: ["排名", "Rank"],
  rankChange: ["排名变化", "Rank change"],
  indicatorsOnTrack: ["指标达标或进度正常", "Indicators achieved or on track"],
  ofN: ["共 {n} 项", "of {n}"],
  taskTargetsOnTrack: ["任务目标达标或进度正常", "Task targets achieved or on track"],
  timelinessMonth: ["本月按时报送率", "On-time reporting this month"],
  openProblems: ["未销号问题", "Open problems"],
  overdueProblems: ["逾期问题", "Overdue problems"],
  headline: ["主要数字", "Headline figures"],
  domains: ["七个领域", "The seven domains"],
  stateCounts: ["指标状态分布", "Indicator states"],
  openDomain: ["查看领域", "Open domain"],
  // domain
  indicators: ["指标", "Indicators"],
  indicator: ["指标", "Indicator"],
  tasks: ["重点任务", "Key tasks"],
  taskTargets: ["任务目标", "Task targets"],
  projects: ["项目与节点", "Projects and milestones"],
  state: ["状态", "State"],
  progress: ["进度", "Progress"],
  actual: ["实际值", "Actual"],
  target: ["目标", "Target"],
  targetPath: ["目标路径", "Target path"],
  baseline: ["基期", "Baseline"],
  checkpoint: ["节点目标", "Checkpoint"],
  forecast: ["预测", "Forecast"],
  yearToDate: ["年内累计", "Year to date"],
  unit: ["单位", "Unit"],
  core: ["核心指标", "Core indicator"],
  higher: ["越高越好", "Higher is better"],
  lower: ["越低越好", "Lower is better"],
  deadline: ["截止", "Deadline"],
  due: ["到期", "Due"],
  done: ["完成", "Done"],
  evidence: ["佐证材料", "Evidence"],
  planned: ["计划", "Planned"],
  milestone: ["节点", "Milestone"],
  detail: ["详情", "Details"],
  series: ["分组", "Series"],
  periodUsed: ["数据期间", "Period of the value"],
  noTasks: ["没有任务目标。", "No task targets."],
  noProjects: ["没有项目。", "No projects."],
  taskStatesPending: ["任务目标的状态尚未提供。", "Task target states are not available yet."],
  // indicator
  jurisdiction: ["地区", "Jurisdiction"],
  scope: ["范围", "Scope"],
  allUnder: ["{name}所辖全部地区", "Every jurisdiction under {name}"],
  revisions: ["修订记录", "Revisions"],
  revision: ["版本", "Revision"],
  value: ["数值", "Value"],
  reportedBy: ["报送人", "Reported by"],
  reportedAt: ["报送时间", "Reported at"],
  approved: ["已审核", "Approved"],
  pending: ["待审核", "Pending"],
  note: ["备注", "Note"],
  source: ["来源", "Source"],
  linkedProblems: ["相关问题", "Linked problems"],
  noRevisions: ["尚无报送数据。", "No values reported yet."],
  noProblems: ["没有问题。", "No problems."],
  pace: ["速度", "Pace"],
  reportedOf: ["已报送 {a}/{b}", "{a} of {b} reported"],
  // scoreboard
  byDomain: ["按领域", "By domain"],
  byDepartment: ["按部门", "By department"],
  domain: ["领域", "Domain"],
  department: ["部门", "Department"],
  timeliness: ["及时率", "Timeliness"],
  closureRate: ["销号率", "Closure rate"],
  milestonesDone: ["节点完成", "Milestones done"],
  coverage: ["覆盖率", "Coverage"],
  sortBy: ["按{col}排序", "Sort by {col}"],
  extraPending: ["排名变化、及时率、销号率和覆盖率尚未提供。", "Rank change, timeliness, closure rate and coverage are not available yet."],
  // problems
  problemList: ["问题清单", "Problem list"],
  closedList: ["销号清单", "Closed list"],
  status: ["状态", "Status"],
  any: ["全部", "Any"],
  OPEN: ["待整改", "Open"],
  RECTIFYING: ["整改中", "Rectifying"],
  CLOSED: ["已销号", "Closed"],
  REOPENED: ["已重新打开", "Reopened"],
  overdue: ["逾期", "Overdue"],
  overdueOnly: ["只看逾期", "Overdue only"],
  title: ["标题", "Title"],
  description: ["说明", "Description"],
  dueDate: ["整改期限", "Due date"],
  raisedBy: ["提出人", "Raised by"],
  raiseProblem: ["提出问题", "Raise a problem"],
  raise: ["提交", "Raise"],
  startRectifying: ["开始整改", "Start rectifying"],
  closeProblem: ["销号", "Close"],
  reopen: ["重新打开", "Reopen"],
  evidenceRequired: ["销号须附佐证材料。", "Closing needs evidence."],
  filters: ["筛选", "Filters"],
  apply: ["应用", "Apply"],
  actions: ["操作", "Actions"],
  supervisorOnly: ["提出、推进和销号问题需要督查（supervisor）令牌。", "Raising, moving and closing problems needs a supervisor token."],
  history: ["流转记录", "History"],
  saved: ["已保存", "Saved"],
  // reports
  kind: ["类型", "Kind"],
  MONTHLY: ["月调度", "Monthly dispatch"],
  QUARTERLY: ["季分析", "Quarterly analysis"],
  ANNUAL: ["年总结", "Annual summary"],
  show: ["查看", "Show"],
  download: ["下载", "Download"],
  freeze: ["冻结", "Freeze"],
  signOff: ["签发", "Sign off"],
  frozenAt: ["冻结于", "Frozen at"],
  signedOffAt: ["签发于", "Signed off at"],
  notFrozen: ["尚未冻结", "Not frozen yet"],
  changedSince: ["冻结后有变化的部分", "Sections changed since freezing"],
  generatedAt: ["生成于", "Generated at"],
  // entry
  signIn: ["登录", "Sign in"],
  signOut: ["退出", "Sign out"],
  token: ["令牌", "Token"],
  tokenHelp: ["向管理员索取令牌（qyx token create --role reporter --department 部门）。", "Ask the administrator for a token (qyx token create --role reporter --department NAME)."],
  signedInAs: ["已登录：{who}", "Signed in: {who}"],
  role: ["角色", "Role"],
  viewer: ["查看", "viewer"],
  reporter: ["填报", "reporter"],
  supervisor: ["督查", "supervisor"],
  admin: ["管理员", "admin"],
  viewerNoEntry: ["此令牌只能查看，不能填报数据。", "This token may only read; it cannot enter values."],
  owes: ["本期应报事项", "What my department owes this cycle"],
  lastValue: ["上次数值", "Last value"],
  newValue: ["新数值", "New value"],
  submit: ["提交", "Submit"],
  accepted: ["已接收 {n} 条数据。", "{n} value(s) accepted."],
  rejected: ["未保存任何数据，请修改标出的错误。", "Nothing was saved: correct the marked problems."],
  nothingToSubmit: ["请至少填写一个数值。", "Enter at least one value."],
  upload: ["上传文件", "Upload a file"],
  uploadHelp: ["CSV、TSV 或 XLSX，表头：指标、期间、数值、地区、分组、备注。", "CSV, TSV or XLSX with headers indicator, period, value, jurisdiction, series, note."],
  file: ["文件", "File"],
  checkOnly: ["只检查，不写入", "Check only, write nothing"],
  importOk: ["已导入 {rows} 行（新增 {n}，修订 {r}）。", "Imported {rows} row(s) ({n} new, {r} revised)."],
  checkOk: ["检查了 {rows} 行，没有问题；未写入。", "Checked {rows} row(s): no problems; nothing written."],
  line: ["行", "Line"],
  column: ["列", "Column"],
  message: ["问题", "Problem"],
  wholeFile: ["整个文件", "whole file"],
  missingItem: ["未报", "Not reported"],
  noItems: ["本期没有本部门需要报送的事项（可在上方选择其他期间）。", "Nothing is owed by this department for this period (choose another period above)."],
  graphiql: ["GraphQL 接口", "GraphQL API"],
  colon: ["：", ": "],
  // milestone and project states (supervision)
  m_PLANNED: ["计划中", "Planned"],
  m_DUE_SOON: ["即将到期", "Due soon"],
  m_OVERDUE: ["已逾期", "Overdue"],
  m_DONE: ["已完成", "Done"],
  m_DONE_LATE: ["逾期完成", "Done late"],
  m_CANCELLED: ["已取消", "Cancelled"],
};

/** The current language: "zh" (default) or "en". */
export function lang() {
  const stored = localStorage.getItem(KEY);
  return stored === "en" ? "en" : "zh";
}

/** Set and persist the language. */
export function setLang(value) {
  localStorage.setItem(KEY, value === "en" ? "en" : "zh");
}

/** A word in the current language, with {placeholders} filled from vars. */
export function t(key, vars) {
  const entry = WORDS[key];
  let text = entry ? entry[lang() === "en" ? 1 : 0] : key;
  for (const [name, value] of Object.entries(vars || {})) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

/** An object's name in the current language (name / englishName, title / englishTitle …). */
export function nameOf(obj, field = "name") {
  if (!obj) return "";
  if (lang() === "en") {
    const english = obj[`english${field[0].toUpperCase()}${field.slice(1)}`];
    if (english) return english;
  }
  return obj[field] || "";
}
