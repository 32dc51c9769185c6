Page({
  data: { nickName: '', code: '', scene: 0, referrer: '' },
  onShow() {
    const options = wx.getEnterOptionsSync();
    this.setData({ scene: options.scene, referrer: options.referrerInfo ? options.referrerInfo.appId : '' });
  },
  login() {
    wx.login({
      success: (res) => this.setData({ code: res.code }),
      fail: (err) => wx.showToast({ title: err.errMsg, icon: 'none' }),
    });
  },
  onUserInfo(event) {
    if (event.detail.userInfo) this.setData({ nickName: event.detail.userInfo.nickName });
  },
});
