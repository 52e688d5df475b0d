// 系统监控: its menu group and its pages, one table (router.js builds the side menu and the routes from every file here).
export default {
  title: '系统监控', icon: 'Monitor', key: 'monitor', order: 100,
  pages: [
    { path: '/monitor/operlog', title: '操作日志', icon: 'Document', perm: 'monitor:audit:list', view: () => import('../views/monitor/Audit.vue') },
    { path: '/monitor/logininfor', title: '登录日志', icon: 'Tickets', perm: 'monitor:login:list', view: () => import('../views/monitor/Logins.vue') },
    { path: '/monitor/online', title: '在线用户', icon: 'Connection', perm: 'monitor:online:list', view: () => import('../views/monitor/Online.vue') },
    { path: '/monitor/locks', title: '登录锁定', icon: 'Unlock', perm: 'org:user:unlock', view: () => import('../views/monitor/Locks.vue') },
  ],
}
