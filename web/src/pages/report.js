// 年度总结: its menu group and its pages, one table (router.js builds the side menu and the routes from every file here).
export default {
  title: '年度总结', icon: 'Document', key: 'report', order: 80,
  pages: [
    { path: '/report/drafts', title: '总结草稿', icon: 'Document', perm: 'report:draft:list', view: () => import('../views/report/Drafts.vue') },
    { path: '/report/facts', title: '年度数据', icon: 'DataLine', perm: 'report:draft:list', view: () => import('../views/report/Facts.vue') },
    { path: '/report/template', title: '总结模板', icon: 'SetUp', perm: 'report:template:edit', view: () => import('../views/report/Template.vue') },
    { path: '/report/draft/:id', title: '编辑总结', perm: 'report:draft:list', menu: false, view: () => import('../views/report/Draft.vue') },
  ],
}
