-- evals 002: the county's part — 局领导 draw the re-check sample, re-check and decide appeals.
INSERT OR IGNORE INTO role_perms(role_id, perm) SELECT r.id, g.perm FROM roles r JOIN (
  SELECT 'leader' AS code, 'evals:recheck:pick' AS perm UNION ALL SELECT 'leader', 'evals:recheck:do' UNION ALL SELECT 'leader', 'evals:appeal:decide'
) g ON g.code = r.code;
