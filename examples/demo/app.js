App({
  globalData: { launch: null },
  onLaunch(options) {
    this.globalData.launch = options;
  },
  cartCount() {
    return (wx.getStorageSync('cart') || []).length;
  },
});
