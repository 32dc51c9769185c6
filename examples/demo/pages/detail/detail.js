const { findTea } = require('../../utils/teas.js');

Page({
  data: { tea: null },
  onLoad(query) {
    const tea = findTea(query.id) || null;
    this.setData({ tea });
    if (tea) wx.setNavigationBarTitle({ title: tea.name });
  },
  addToCart() {
    const cart = wx.getStorageSync('cart') || [];
    cart.push(this.data.tea.id);
    wx.setStorageSync('cart', cart);
    wx.showToast({ title: '已加入购物车', icon: 'success' });
  },
  onShareAppMessage() {
    const tea = this.data.tea;
    return { title: '推荐一款好茶：' + tea.name, path: '/pages/detail/detail?id=' + tea.id };
  },
});
