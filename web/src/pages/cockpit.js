// 数字化所队部: its menu group and its pages, one table (router.js builds the side menu and the routes from every file here).
export default {
  title: '数字化所队部', icon: 'TrendCharts', key: 'cockpit', order: 40,
  pages: [
    { path: '/cockpit/horizontal', title: '横向对比', icon: 'Histogram', perm: 'cockpit:view:list', view: () => import('../views/cockpit/Horizontal.vue') },
    { path: '/cockpit/vertical', title: '纵向对比', icon: 'TrendCharts', perm: 'cockpit:view:list', view: () => import('../views/cockpit/Vertical.vue') },
    { path: '/cockpit/matrix', title: '指标矩阵', icon: 'Grid', perm: 'cockpit:view:list', view: () => import('../views/cockpit/Matrix.vue') },
    { path: '/cockpit/screen', title: '大屏', icon: 'Monitor', perm: 'cockpit:view:list', bare: true, view: () => import('../views/cockpit/Screen.vue') },
    { path: '/cockpit/data', title: '指标数据', icon: 'Coin', perm: 'cockpit:view:list', view: () => import('../views/cockpit/Data.vue') },
    { path: '/cockpit/targets', title: '目标设置', icon: 'Aim', perm: 'cockpit:indicator:edit', view: () => import('../views/cockpit/Targets.vue') },
    { path: '/cockpit/target-grid', title: '目标分解表', icon: 'Grid', perm: 'cockpit:indicator:edit', view: () => import('../views/cockpit/TargetGrid.vue') },
    { path: '/cockpit/indicators', title: '指标定义', icon: 'SetUp', perm: 'cockpit:indicator:define', view: () => import('../views/cockpit/Indicators.vue') },
  ],
}
