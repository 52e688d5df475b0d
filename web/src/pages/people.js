// 队伍建设: its menu group and its pages, one table (router.js builds the side menu and the routes from every file here).
export default {
  title: '队伍建设', icon: 'User', key: 'people', order: 50,
  pages: [
    { path: '/people/votes', title: '测评投票', icon: 'Tickets', perm: 'people:ballot:list', view: () => import('../views/people/Votes.vue') },
    // the voter's phone page, opened from a QR code: no account, outside the layout
    { path: '/ballot/:code', title: '无记名投票', bare: true, public: true, menu: false, view: () => import('../views/people/Ballot.vue') },
  ],
}
