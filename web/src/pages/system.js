// 系统管理: its menu group and its pages, one table (router.js builds the side menu and the routes from every file here).
export default {
  title: '系统管理', icon: 'Setting', key: 'system', order: 90,
  pages: [
    { path: '/system/unit', title: '单位管理', icon: 'OfficeBuilding', perm: 'org:unit:list', view: () => import('../views/org/Units.vue') },
    { path: '/system/user', title: '用户管理', icon: 'User', perm: 'org:user:list', view: () => import('../views/org/Users.vue') },
    { path: '/system/role', title: '角色管理', icon: 'Avatar', perm: 'org:role:list', view: () => import('../views/org/Roles.vue') },
    { path: '/system/calendar', title: '工作日历', icon: 'Calendar', view: () => import('../views/system/Calendar.vue') }, // every signed-in user may read it; edit/import need org:calendar:*
    { path: '/system/security', title: '安全设置', icon: 'Lock', perm: 'org:security:list', view: () => import('../views/system/Security.vue') },
  ],
}
