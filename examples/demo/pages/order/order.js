Page({
  data: { slots: ['今天 14:00', '今天 16:00', '明天 10:00'], slotIndex: 0, orders: [], cartCount: 0 },
  onShow() {
    this.setData({ orders: wx.getStorageSync('orders') || [], cartCount: getApp().cartCount() });
  },
  pickSlot(event) {
    this.setData({ slotIndex: Number(event.detail.value) });
  },
  submit(event) {
    const form = event.detail.value;
    if (!form.name) {
      wx.showModal({ title: '提示', content: '请填写姓名', showCancel: false });
      return;
    }
    const order = {
      id: Date.now(),
      name: form.name,
      phone: form.phone,
      slot: this.data.slots[form.slot],
      invoice: form.invoice,
      note: form.note,
      count: getApp().cartCount(),
    };
    const orders = [order].concat(this.data.orders);
    wx.setStorageSync('orders', orders);
    wx.removeStorageSync('cart');
    this.setData({ orders, cartCount: 0 });
    wx.showToast({ title: '下单成功', icon: 'success' });
  },
});
