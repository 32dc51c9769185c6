const TEAS = [
  { id: 'longjing', name: '西湖龙井', origin: '浙江杭州', price: 68, desc: '扁平光滑，香气清高，滋味鲜醇。' },
  { id: 'tieguanyin', name: '安溪铁观音', origin: '福建安溪', price: 58, desc: '兰花香馥郁，回甘持久。' },
  { id: 'puer', name: '云南普洱', origin: '云南西双版纳', price: 88, desc: '陈香醇厚，越陈越香。' },
  { id: 'biluochun', name: '洞庭碧螺春', origin: '江苏苏州', price: 76, desc: '卷曲如螺，花果香浓。' },
  { id: 'dahongpao', name: '武夷大红袍', origin: '福建武夷山', price: 98, desc: '岩韵明显，香气馥郁。' },
];

function findTea(id) {
  return TEAS.find((tea) => tea.id === id);
}

module.exports = { TEAS, findTea };
