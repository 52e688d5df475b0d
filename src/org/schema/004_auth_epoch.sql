-- org 004: a counter that moves whenever anything a user's permissions or data scope derive from changes, so a
-- server may cache them per user and still never serve a stale grant (several processes share the database).
CREATE TABLE auth_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO auth_epoch(id, n) VALUES (1, 0);
CREATE TRIGGER ae_units_i AFTER INSERT ON units BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER ae_units_u AFTER UPDATE OF parent_id, path, enabled ON units BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER ae_units_d AFTER DELETE ON units BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER ae_users_u AFTER UPDATE OF unit_id, status ON users BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER ae_users_d AFTER DELETE ON users BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER ae_roles_u AFTER UPDATE OF data_scope, enabled ON roles BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER ae_roles_d AFTER DELETE ON roles BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER ae_ur_i AFTER INSERT ON user_roles BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER ae_ur_d AFTER DELETE ON user_roles BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER ae_rp_i AFTER INSERT ON role_perms BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER ae_rp_d AFTER DELETE ON role_perms BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER ae_ru_i AFTER INSERT ON role_units BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER ae_ru_d AFTER DELETE ON role_units BEGIN UPDATE auth_epoch SET n = n + 1; END;
