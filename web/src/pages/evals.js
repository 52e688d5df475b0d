// 终端评价: its menu group and its pages, one table (router.js builds the side menu and the routes from every file here).
export default {
  title: '终端评价', icon: 'Stamp', key: 'evals', order: 30,
  pages: [
    { path: '/evals/mine', title: '我的评价任务', icon: 'Iphone', perm: 'evals:eval:add', view: () => import('../views/evals/Mine.vue') },
    { path: '/evals/rounds', title: '评价周期', icon: 'Calendar', perm: 'evals:round:list', view: () => import('../views/evals/Rounds.vue') },
    { path: '/evals/evaluations', title: '评价记录', icon: 'Document', perm: 'evals:eval:list', view: () => import('../views/evals/Evaluations.vue') },
    { path: '/evals/templates', title: '评价表', icon: 'Memo', perm: 'evals:template:edit', view: () => import('../views/evals/Templates.vue') },
    { path: '/evals/evaluate/:id', title: '终端评价', perm: 'evals:eval:add', menu: false, view: () => import('../views/evals/Evaluate.vue') },
  ],
}
