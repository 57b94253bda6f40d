// Words of the UI in Chinese (default) and English, and the names of the domain's codes.
import { state } from './state.js';

const WORDS = {
  'app.title': ['党组织覆盖图谱', 'Party organisation coverage'],
  'signin.hint': ['请输入组织部发放的访问令牌。登录后只显示令牌权限范围内的组织和数据。',
    'Enter the access token issued by the organisation department. You see only what it may see.'],
  'signin.token': ['访问令牌', 'Access token'],
  'signin.submit': ['登录', 'Sign in'],
  'signin.create': ['管理员可用命令 covergraph token create 生成令牌。',
    'An administrator creates tokens with covergraph token create.'],
  'signin.failed': ['登录失败：', 'Sign-in failed: '],
  'signin.expired': ['令牌无效或已过期，请重新登录。', 'The token is invalid or expired; sign in again.'],
  'nav.dashboard': ['概况', 'Dashboard'],
  'nav.chart': ['组织图', 'Org chart'],
  'nav.gaps': ['覆盖缺口', 'Gaps'],
  'nav.orgs': ['党组织名单', 'Organisations'],
  'top.asOf': ['日期', 'As of'],
  'top.signout': ['退出', 'Sign out'],
  'lang.other': ['English', '中文'],
  'loading': ['加载中…', 'Loading…'],
  'none': ['无', 'none'],
  'error': ['出错了：', 'Error: '],
  'dash.title': ['覆盖概况', 'Coverage overview'],
  'dash.back': ['返回上级', 'Up'],
  'dash.organisations': ['党组织', 'Organisations'],
  'dash.branches': ['有联系领导的党支部', 'Branches with a liaison leader'],
  'dash.noLiaison': ['无联系领导', 'without liaison'],
  'dash.grids': ['已覆盖网格', 'Grid cells covered'],
  'dash.uncovered': ['未覆盖', 'uncovered'],
  'dash.vacancies': ['书记空缺', 'Secretary vacancies'],
  'dash.gaps': ['覆盖缺口', 'Coverage gaps'],
  'dash.byRule': ['缺口（按规则）', 'Gaps by rule'],
  'dash.children': ['下级单位', 'Direct child units'],
  'dash.chart': ['下级单位缺口分布', 'Gaps per child unit'],
  'dash.unit': ['单位', 'Unit'],
  'dash.noChildren': ['没有下级组织。', 'No organisations below.'],
  'col.organisations': ['党组织', 'Orgs'],
  'col.branches': ['党支部', 'Branches'],
  'col.withLiaison': ['有联系领导', 'With liaison'],
  'col.noLiaison': ['无联系领导', 'No liaison'],
  'col.grids': ['网格', 'Grid cells'],
  'col.covered': ['已覆盖', 'Covered'],
  'col.vacancies': ['书记空缺', 'Vacancies'],
  'col.gaps': ['缺口', 'Gaps'],
  'chart.title': ['组织图', 'Org chart'],
  'chart.root': ['根节点', 'Root'],
  'chart.top': ['回到顶层', 'Back to top'],
  'chart.search': ['搜索组织或人员…', 'Find an organisation or person…'],
  'chart.noMatch': ['没有匹配结果', 'No match'],
  'chart.png': ['导出 PNG', 'Export PNG'],
  'chart.svg': ['导出 SVG', 'Export SVG'],
  'chart.expandAll': ['展开一层', 'Expand a level'],
  'chart.collapseAll': ['全部收起', 'Collapse all'],
  'chart.legend.ok': ['无缺口', 'no gaps'],
  'chart.legend.gaps': ['有缺口', 'has gaps'],
  'chart.legend.vacant': ['书记（组长）空缺', 'secretary (leader) vacant'],
  'chart.secretary': ['书记', 'Secretary'],
  'chart.leader': ['组长', 'Leader'],
  'chart.vacant': ['⚠ 空缺', '⚠ vacant'],
  'chart.gaps': ['缺口', 'gaps'],
  'chart.children': ['个下级', 'below'],
  'chart.hint': ['单击节点展开或收起，并在右侧查看详情。', 'Click a node to expand or collapse it and see its details.'],
  'panel.close': ['关闭', 'Close'],
  'panel.root': ['以此为根', 'Make root'],
  'panel.locate': ['在组织图中定位', 'Show in org chart'],
  'panel.gaps': ['查看下辖缺口', 'Gaps below'],
  'panel.dashboard': ['下辖概况', 'Overview below'],
  'panel.who': ['谁在覆盖', 'Who covers it'],
  'panel.chain': ['责任链', 'Responsibility chain'],
  'panel.posts': ['职务（含历史）', 'Posts (with history)'],
  'panel.ownGaps': ['本组织缺口', 'Its gaps'],
  'panel.person': ['人员', 'Person'],
  'panel.relation': ['关系', 'Relation'],
  'panel.role': ['职务/类型', 'Role'],
  'panel.via': ['经由', 'Via'],
  'panel.distance': ['距离', 'Distance'],
  'panel.start': ['开始', 'Start'],
  'panel.end': ['结束', 'End'],
  'panel.status': ['状态', 'Status'],
  'panel.current': ['现任', 'current'],
  'panel.ended': ['已离任', 'ended'],
  'panel.future': ['未到任', 'not yet'],
  'panel.deputies': ['副书记', 'deputies'],
  'panel.members': ['正式党员', 'full members'],
  'panel.probationary': ['预备党员', 'probationary'],
  'panel.term': ['本届开始', 'term start'],
  'panel.noCover': ['无人覆盖', 'Nobody covers it'],
  'panel.noPosts': ['没有职务记录', 'No posts'],
  'panel.noGaps': ['无缺口', 'No gaps'],
  'gaps.title': ['覆盖缺口', 'Coverage gaps'],
  'gaps.rule': ['规则', 'Rule'],
  'gaps.allRules': ['全部规则', 'All rules'],
  'gaps.scope': ['范围', 'Scope'],
  'gaps.subject': ['对象', 'Subject'],
  'gaps.related': ['相关', 'Related'],
  'gaps.detail': ['说明', 'Detail'],
  'gaps.total': ['共 {n} 条', '{n} in all'],
  'gaps.range': ['第 {a}–{b} 条', '{a}–{b}'],
  'gaps.none': ['没有缺口。', 'No gaps.'],
  'gaps.download': ['下载报告', 'Download report'],
  'gaps.format': ['格式', 'Format'],
  'gaps.downloading': ['正在生成…', 'Preparing…'],
  'page.prev': ['上一页', 'Previous'],
  'page.next': ['下一页', 'Next'],
  'orgs.title': ['党组织名单', 'Organisations'],
  'orgs.allKinds': ['全部类别', 'All kinds'],
  'orgs.kind': ['类别', 'Kind'],
  'orgs.name': ['名称', 'Name'],
  'orgs.filterName': ['按名称筛选', 'Filter by name'],
  'orgs.parent': ['上级组织', 'Parent'],
  'orgs.secretary': ['书记', 'Secretary'],
  'orgs.members': ['正式党员', 'Full members'],
  'orgs.none': ['没有符合条件的党组织。', 'No organisations match.'],
};

const CODES = {
  COMMITTEE: ['党委', 'Committee'],
  WORKING_COMMITTEE: ['党工委', 'Working committee'],
  GENERAL_BRANCH: ['党总支', 'General branch'],
  BRANCH: ['党支部', 'Branch'],
  GROUP: ['党小组', 'Party group'],
  SECRETARY_VACANT: ['书记空缺', 'Secretary vacant'],
  GROUP_LEADER_VACANT: ['党小组组长空缺', 'Group leader vacant'],
  COMMITTEE_REQUIRED: ['应设支委会未设', 'Committee required'],
  COMMITTEE_OVERSIZE: ['支委会超员', 'Committee oversize'],
  NO_LIAISON: ['无联系领导', 'No liaison'],
  LIAISON_INACTIVE: ['联系走访不足', 'Liaison inactive'],
  LEADER_WITHOUT_POINT: ['领导干部无联系点', 'Leader without point'],
  UNIT_UNCOVERED: ['单位未建党组织', 'Unit uncovered'],
  GRID_UNCOVERED: ['网格未覆盖', 'Grid cell uncovered'],
  GRID_LEADER_VACANT: ['网格负责人空缺', 'Grid leader vacant'],
  TERM_EXPIRED: ['任期届满未换届', 'Term expired'],
  BRANCH_TOO_LARGE: ['支部规模过大', 'Branch too large'],
  JOINT_TOO_WIDE: ['联合组建单位过多', 'Joint set-up too wide'],
  POST: ['任职', 'Post'],
  GRID: ['网格', 'Grid'],
  LIAISON: ['联系', 'Liaison'],
  CHAIN: ['上级书记', 'Chain'],
  SECRETARY: ['书记', 'Secretary'],
  DEPUTY_SECRETARY: ['副书记', 'Deputy secretary'],
  ORGANISATION_MEMBER: ['组织委员', 'Organisation member'],
  DISCIPLINE_MEMBER: ['纪检委员', 'Discipline member'],
  PROPAGANDA_MEMBER: ['宣传委员', 'Propaganda member'],
  COMMITTEE_MEMBER: ['委员', 'Committee member'],
  GROUP_LEADER: ['党小组组长', 'Group leader'],
  FIRST_SECRETARY: ['第一书记', 'First secretary'],
  GRID_LEADER: ['网格长', 'Grid leader'],
  BUILDING_LEADER: ['楼栋长', 'Building leader'],
  SECTOR: ['分片联系', 'Sector'],
  POINT: ['联系点', 'Liaison point'],
  VILLAGE: ['包村', 'Village'],
  OTHER: ['其他', 'Other'],
  Organisation: ['党组织', 'organisation'],
  Person: ['人员', 'person'],
  Unit: ['单位', 'unit'],
  Grid: ['网格', 'grid cell'],
  RURAL: ['农村', 'rural'],
  COMMUNITY: ['社区', 'community'],
  ORGAN: ['机关', 'organ'],
  SOE: ['国有企业', 'SOE'],
  NON_PUBLIC: ['非公企业', 'non-public'],
  SOCIAL: ['社会组织', 'social'],
  INSTITUTION: ['事业单位', 'institution'],
};

export const RULES = [
  'SECRETARY_VACANT', 'GROUP_LEADER_VACANT', 'COMMITTEE_REQUIRED', 'COMMITTEE_OVERSIZE',
  'NO_LIAISON', 'LIAISON_INACTIVE', 'LEADER_WITHOUT_POINT', 'UNIT_UNCOVERED', 'GRID_UNCOVERED',
  'GRID_LEADER_VACANT', 'TERM_EXPIRED', 'BRANCH_TOO_LARGE', 'JOINT_TOO_WIDE',
];
export const KINDS = ['COMMITTEE', 'WORKING_COMMITTEE', 'GENERAL_BRANCH', 'BRANCH', 'GROUP'];

const index = () => (state.lang === 'en' ? 1 : 0);

// A UI word; {name} placeholders are filled from `values`.
export function t(key, values = {}) {
  const text = WORDS[key]?.[index()] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

// The display name of a code (kind, rule, relation, role, domain); unknown codes show as they are.
export function label(code) {
  return CODES[code]?.[index()] ?? code ?? '';
}

export function number(n) {
  return Number(n).toLocaleString(state.lang === 'en' ? 'en' : 'zh-CN');
}

// Fills every element marked data-i18n, and the language buttons, in the current language.
export function applyStatic(root = document) {
  document.documentElement.lang = state.lang === 'en' ? 'en' : 'zh-CN';
  document.title = t('app.title');
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  });
  root.querySelectorAll('.lang-toggle').forEach((el) => { el.textContent = t('lang.other'); });
}
