const { TEAS } = require('../../utils/teas.js');

Page({
  data: { teas: TEAS, cartCount: 0 },
  onShow() {
    this.setData({ cartCount: getApp().cartCount() });
  },
  onPullDownRefresh() {
    this.setData({ cartCount: getApp().cartCount() });
    wx.stopPullDownRefresh();
  },
  openTea(event) {
    wx.navigateTo({ url: '/pages/detail/detail?id=' + event.currentTarget.dataset.id });
  },
  onShareAppMessage() {
    return { title: '码头茶铺 · 今日好茶', path: '/pages/index/index' };
  },
});
