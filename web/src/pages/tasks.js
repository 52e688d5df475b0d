// 督查督办: its menu group and its pages, one table (router.js builds the side menu and the routes from every file here).
export default {
  title: '督查督办', icon: 'Flag', key: 'tasks', order: 10,
  pages: [
    { path: '/tasks/mine', title: '我的待办', icon: 'Bell', perm: 'tasks:task:list', view: () => import('../views/tasks/Mine.vue') },
    { path: '/tasks/board', title: '督办台账', icon: 'List', perm: 'tasks:task:list', view: () => import('../views/tasks/Board.vue') },
    { path: '/tasks/plans', title: '年度计划', icon: 'Notebook', perm: 'tasks:plan:list', view: () => import('../views/tasks/Plans.vue') },
    { path: '/tasks/checklist', title: '清单闭环', icon: 'Finished', perm: 'tasks:checklist:list', view: () => import('../views/tasks/Checklists.vue') },
    { path: '/tasks/stats', title: '督办统计', icon: 'DataAnalysis', perm: 'tasks:task:list', view: () => import('../views/tasks/Stats.vue') },
    { path: '/tasks/messages', title: '消息中心', icon: 'Message', view: () => import('../views/tasks/Messages.vue') }, // every signed-in user has messages
    { path: '/tasks/task/:id', title: '任务详情', perm: 'tasks:task:list', menu: false, view: () => import('../views/tasks/TaskDetail.vue') },
  ],
}
