import type { CategoryRow } from './categories.store.ts';

/**
 * The category tree a fresh platform starts with, after WeChat's mini program categories.
 * The first nine are exactly the ones WeChat opened to individual developers in 2017.
 * `*` marks a second-level category that needs a qualification document.
 */
export const categorySeed: Array<{ name: string; openToIndividual: boolean; children: string[] }> = [
  {
    name: '生活服务',
    openToIndividual: true,
    children: [
      '家政',
      '丽人',
      '摄影/扩印',
      '婚庆服务',
      '宠物（非医院类）',
      '环保回收/废品回收',
      '综合生活服务平台',
    ],
  },
  {
    name: '工具',
    openToIndividual: true,
    children: [
      '信息查询',
      '办公',
      '天气',
      '计算类',
      '字典',
      '图片/音频/视频',
      '效率',
      '健康管理',
      '预约/报名',
    ],
  },
  { name: '旅游', openToIndividual: true, children: ['旅游攻略', '景区服务', '出境WiFi', '票务/门票'] },
  { name: '出行与交通', openToIndividual: true, children: ['代驾', '租车', '停车服务', '加油服务', '骑行'] },
  {
    name: '餐饮',
    openToIndividual: true,
    children: ['点评与推荐', '菜谱', '餐厅排队', '外卖平台*', '餐饮服务场所/餐饮服务管理企业*'],
  },
  {
    name: '商业服务',
    openToIndividual: true,
    children: ['会展服务', '企业管理', '法律服务*', '广告/设计', '一般财务服务', '人力资源服务'],
  },
  {
    name: '体育',
    openToIndividual: true,
    children: ['体育场馆服务', '体育赛事', '体育培训', '在线健身', '体育用品'],
  },
  { name: '快递业与邮政', openToIndividual: true, children: ['快递、物流*', '装卸搬运', '邮政*', '查件'] },
  {
    name: '教育',
    openToIndividual: true,
    children: ['教育信息服务', '在线视频课程*', '早教', '培训机构', '驾校培训*', '教育装备'],
  },
  { name: '社交', openToIndividual: false, children: ['社区/论坛*', '直播*', '笔记', '婚恋/交友*'] },
  { name: '电商平台', openToIndividual: false, children: ['电商平台*'] },
  {
    name: '商家自营',
    openToIndividual: false,
    children: ['服装/内衣', '食品', '数码家电', '美妆/洗护', '母婴用品'],
  },
  {
    name: '金融业',
    openToIndividual: false,
    children: ['保险*', '银行*', '证券/期货*', '基金*', '消费金融*'],
  },
  {
    name: '医疗',
    openToIndividual: false,
    children: ['公立医疗机构*', '私立医疗机构*', '药品（互联网）*', '医疗器械*', '健康咨询*'],
  },
  { name: '政务民生', openToIndividual: false, children: ['政务服务*', '公共交通*', '水电气缴费*'] },
  {
    name: '文娱',
    openToIndividual: false,
    children: ['资讯*', '视频*', '音乐*', '小说*', '动漫*', '演出/票务*'],
  },
  { name: '房地产', openToIndividual: false, children: ['房地产开发经营*', '房屋中介*', '物业管理'] },
  { name: '汽车', openToIndividual: false, children: ['汽车预售*', '汽车维修*', '汽车资讯'] },
  { name: 'IT科技', openToIndividual: false, children: ['硬件与设备', '软件服务提供商', '通讯与运营商*'] },
  { name: '公益', openToIndividual: false, children: ['公益组织*', '慈善募捐*'] },
];

/** First-level ids are multiples of 100 and their children follow them, so ids never collide. */
export function categorySeedRows(): CategoryRow[] {
  return categorySeed.flatMap((first, i) => {
    const firstId = (i + 1) * 100;
    return [
      {
        id: firstId,
        parent_id: null,
        name: first.name,
        open_to_individual: first.openToIndividual ? 1 : 0,
        needs_qualification: 0,
        sort: i,
        disabled: 0,
      },
      ...first.children.map((child, j) => ({
        id: firstId + j + 1,
        parent_id: firstId,
        name: child.replace(/\*$/, ''),
        open_to_individual: 0,
        needs_qualification: child.endsWith('*') ? 1 : 0,
        sort: j,
        disabled: 0,
      })),
    ];
  });
}
