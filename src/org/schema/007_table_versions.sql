-- org 007: the change counters (base 002) of the tables the users list reads; any insert, update or delete bumps them.
INSERT OR IGNORE INTO table_versions(name) VALUES ('users'), ('units'), ('roles'), ('user_roles');
CREATE TRIGGER tv_users_i AFTER INSERT ON users BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'users'; END;
CREATE TRIGGER tv_users_u AFTER UPDATE ON users BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'users'; END;
CREATE TRIGGER tv_users_d AFTER DELETE ON users BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'users'; END;
CREATE TRIGGER tv_units_i AFTER INSERT ON units BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'units'; END;
CREATE TRIGGER tv_units_u AFTER UPDATE ON units BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'units'; END;
CREATE TRIGGER tv_units_d AFTER DELETE ON units BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'units'; END;
CREATE TRIGGER tv_roles_i AFTER INSERT ON roles BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'roles'; END;
CREATE TRIGGER tv_roles_u AFTER UPDATE ON roles BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'roles'; END;
CREATE TRIGGER tv_roles_d AFTER DELETE ON roles BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'roles'; END;
CREATE TRIGGER tv_user_roles_i AFTER INSERT ON user_roles BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'user_roles'; END;
CREATE TRIGGER tv_user_roles_u AFTER UPDATE ON user_roles BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'user_roles'; END;
CREATE TRIGGER tv_user_roles_d AFTER DELETE ON user_roles BEGIN UPDATE table_versions SET n = n + 1 WHERE name = 'user_roles'; END;
