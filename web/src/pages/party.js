// 党建: its menu group and its pages, one table (router.js builds the side menu and the routes from every file here).
export default {
  title: '党建', icon: 'Flag', key: 'party', order: 60,
  pages: [
    { path: '/party/schedule', title: '三会一课日历', icon: 'Calendar', perm: 'party:meeting:list', view: () => import('../views/party/Schedule.vue') },
    { path: '/party/meetings', title: '会议记录', icon: 'Document', perm: 'party:meeting:list', view: () => import('../views/party/Meetings.vue') },
    { path: '/party/learning', title: '学习教育', icon: 'Reading', perm: 'party:meeting:list', view: () => import('../views/party/Learning.vue') },
    { path: '/party/dues', title: '党费', icon: 'Wallet', perm: 'party:dues:list', view: () => import('../views/party/Dues.vue') },
    { path: '/party/packages', title: '党建服务包', icon: 'Present', perm: 'party:package:list', view: () => import('../views/party/Packages.vue') },
    { path: '/party/projects', title: '党支部+项目', icon: 'Flag', perm: 'party:project:list', view: () => import('../views/party/Projects.vue') },
    { path: '/party/assess', title: '党建考核', icon: 'Trophy', perm: 'party:assess:list', view: () => import('../views/party/Assess.vue') },
    { path: '/party/orgs', title: '党组织与党员', icon: 'OfficeBuilding', perm: 'party:org:list', view: () => import('../views/party/Orgs.vue') },
    { path: '/party/package/:id', title: '服务包详情', perm: 'party:package:list', menu: false, view: () => import('../views/party/Package.vue') },
    { path: '/party/meeting/:id', title: '会议详情', perm: 'party:meeting:list', menu: false, view: () => import('../views/party/Meeting.vue') },
    { path: '/party/signin/:id', title: '会议签到', menu: false, view: () => import('../views/party/Signin.vue') }, // any signed-in member: the server checks he is expected
  ],
}
