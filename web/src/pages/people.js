// 队伍建设: its menu group and its pages, one table (router.js builds the side menu and the routes from every file here).
export default {
  title: '队伍建设', icon: 'User', key: 'people', order: 50,
  pages: [
    { path: '/people/profile', title: '个人档案', icon: 'Postcard', view: () => import('../views/people/Profile.vue') }, // everyone: his own; people:profile:view: anyone in scope
    { path: '/people/votes', title: '测评投票', icon: 'Tickets', perm: 'people:ballot:list', view: () => import('../views/people/Votes.vue') },
    { path: '/people/appraisal', title: '年度考核', icon: 'Medal', perm: 'people:campaign:list', view: () => import('../views/people/Appraisal.vue') },
    { path: '/people/publicity', title: '公示', icon: 'Bell', view: () => import('../views/people/Publicity.vue') }, // everyone: 公示 is bureau-wide
    { path: '/people/selections', title: '评优评选', icon: 'Trophy', perm: 'people:selection:list', view: () => import('../views/people/Selection.vue') },
    { path: '/people/sanctions', title: '纪律处分', icon: 'Warning', perm: 'people:sanction:list', view: () => import('../views/people/Sanctions.vue') },
    { path: '/people/posts', title: '双聘', icon: 'Rank', perm: 'people:post:list', view: () => import('../views/people/Posts.vue') },
    { path: '/people/training', title: '培训', icon: 'Reading', perm: 'people:training:list', view: () => import('../views/people/Training.vue') },
    { path: '/people/projects', title: '项目积分', icon: 'Trophy', perm: 'people:project:list', view: () => import('../views/people/Projects.vue') },
    { path: '/people/signin/:id', title: '培训签到', menu: false, view: () => import('../views/people/TrainingSignin.vue') }, // any signed-in trainee: the server checks the code and the day
    // the voter's phone page, opened from a QR code: no account, outside the layout
    { path: '/ballot/:code', title: '无记名投票', bare: true, public: true, menu: false, view: () => import('../views/people/Ballot.vue') },
  ],
}
