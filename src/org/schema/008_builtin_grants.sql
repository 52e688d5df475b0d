-- org 008: what org_grants_apply has given the built-in roles of every module's registered grants. A grant is given
-- once: an administrator's later removal stands, and a role created by hand later gets nothing from it.
CREATE TABLE role_grants_given (role_code TEXT NOT NULL, perm TEXT NOT NULL, PRIMARY KEY (role_code, perm)) WITHOUT ROWID;
