// 党建: its menu group and its pages, one table (router.js builds the side menu and the routes from every file here).
export default {
  title: '党建', icon: 'Flag', key: 'party', order: 60,
  pages: [
    { path: '/party/schedule', title: '三会一课日历', icon: 'Calendar', perm: 'party:meeting:list', view: () => import('../views/party/Schedule.vue') },
    { path: '/party/meetings', title: '会议记录', icon: 'Document', perm: 'party:meeting:list', view: () => import('../views/party/Meetings.vue') },
    { path: '/party/learning', title: '学习教育', icon: 'Reading', perm: 'party:meeting:list', view: () => import('../views/party/Learning.vue') },
    { path: '/party/assess', title: '党建考核', icon: 'Trophy', perm: 'party:assess:list', view: () => import('../views/party/Assess.vue') },
    { path: '/party/orgs', title: '党组织与党员', icon: 'OfficeBuilding', perm: 'party:org:list', view: () => import('../views/party/Orgs.vue') },
    { path: '/party/meeting/:id', title: '会议详情', perm: 'party:meeting:list', menu: false, view: () => import('../views/party/Meeting.vue') },
    { path: '/party/signin/:id', title: '会议签到', menu: false, view: () => import('../views/party/Signin.vue') }, // any signed-in member: the server checks he is expected
  ],
}
