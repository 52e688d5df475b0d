// 风险防控: its menu group and its pages, one table (router.js builds the side menu and the routes from every file here).
export default {
  title: '风险防控', icon: 'Warning', key: 'risks', order: 70,
  pages: [
    { path: '/risks/register', title: '风险清单', icon: 'List', perm: 'risks:register:list', view: () => import('../views/risks/Register.vue') },
    { path: '/risks/complaints', title: '投诉与信访', icon: 'Phone', perm: 'risks:complaint:list', view: () => import('../views/risks/Complaints.vue') },
    { path: '/risks/projects', title: '三项项目', icon: 'Tickets', perm: 'risks:project:list', view: () => import('../views/risks/Projects.vue') },
    { path: '/risks/drills', title: '应急演练', icon: 'FirstAidKit', perm: 'risks:drill:list', view: () => import('../views/risks/Drills.vue') },
    { path: '/risks/plans', title: '应急预案', icon: 'Notebook', perm: 'risks:plan:list', view: () => import('../views/risks/Plans.vue') },
    { path: '/risks/opinions', title: '舆情管理', icon: 'ChatDotRound', perm: 'risks:opinion:list', view: () => import('../views/risks/Opinion.vue') },
    { path: '/risks/secrecy', title: '保密管理', icon: 'Lock', perm: 'risks:secrecy:list', view: () => import('../views/risks/Secrecy.vue') },
    { path: '/risks/safety', title: '安全生产', icon: 'Checked', perm: 'risks:safety:list', view: () => import('../views/risks/Safety.vue') },
  ],
}
