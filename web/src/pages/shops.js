// 零售户: its menu group and its pages, one table (router.js builds the side menu and the routes from every file here).
export default {
  title: '零售户', icon: 'Shop', key: 'shops', order: 20,
  pages: [
    { path: '/shops/list', title: '零售户档案', icon: 'List', perm: 'shops:shop:list', view: () => import('../views/shops/Shops.vue') },
    { path: '/shops/picture', title: '全县画像', icon: 'PieChart', perm: 'shops:picture:view', view: () => import('../views/shops/Picture.vue') },
    { path: '/shops/templates', title: '检测模板', icon: 'Document', perm: 'shops:template:edit', view: () => import('../views/shops/Templates.vue') },
    { path: '/shops/shop/:id', title: '零售户', perm: 'shops:shop:list', menu: false, view: () => import('../views/shops/Shop.vue') },
    { path: '/shops/shop/:id/assess', title: '走访检测', perm: 'shops:assess:add', menu: false, view: () => import('../views/shops/Assess.vue') },
  ],
}
