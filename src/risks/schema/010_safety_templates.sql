-- risks 010: 安全生产 check templates kept in the module's own tables, versioned by place: editing a place's template
-- publishes a new version; a check records the version it was opened with (risk_safety_checks.template_version) and is
-- shown and validated against that version. Version 1 of each place is seeded from the built-in items (rules.c, after
-- YC/T 384) when the place has none, so a fresh or upgraded database behaves as before.
CREATE TABLE risk_check_templates (
  id INTEGER PRIMARY KEY,
  place TEXT NOT NULL CHECK (place IN ('仓库','车辆','办公楼','营业网点')),
  version INTEGER NOT NULL CHECK (version >= 1),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT,
  UNIQUE (place, version)
);
CREATE TABLE risk_check_template_items (
  id INTEGER PRIMARY KEY,
  template_id INTEGER NOT NULL REFERENCES risk_check_templates(id),
  ord INTEGER NOT NULL,
  code TEXT NOT NULL,
  element TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  photo TEXT NOT NULL CHECK (photo IN ('always','on_fail','none')),
  UNIQUE (template_id, ord),
  UNIQUE (template_id, code)
);
ALTER TABLE risk_safety_checks ADD COLUMN template_version INTEGER NOT NULL DEFAULT 1;
-- the built-in version 1 (created_by and created_at NULL: 内置)
INSERT INTO risk_check_templates(place, version) SELECT '仓库', 1 WHERE NOT EXISTS (SELECT 1 FROM risk_check_templates WHERE place = '仓库');
INSERT INTO risk_check_template_items(template_id, ord, code, element, text, photo)
  SELECT t.id, v.column1, v.column2, v.column3, v.column4, v.column5 FROM (VALUES
  (1,'CK01','消防设施','灭火器数量、位置符合配置要求，压力指针在绿区，月检记录完整','on_fail'),
  (2,'CK02','消防设施','室内消火栓箱无遮挡，水带、水枪、阀门齐全完好','on_fail'),
  (3,'CK03','安全疏散','安全出口、疏散通道畅通，应急照明和疏散指示标志完好','always'),
  (4,'CK04','电气安全','库区灯具为冷光源或防爆型，无私拉乱接电线，下班切断库区电源','on_fail'),
  (5,'CK05','仓储管理','卷烟堆码“五距”（垛距、墙距、柱距、灯距、顶距）符合要求','on_fail'),
  (6,'CK06','仓储管理','库内温湿度监测正常，记录连续完整','none'),
  (7,'CK07','特种设备','叉车、堆高车定期检验合格，操作人员持证上岗','on_fail'),
  (8,'CK08','安全防范','视频监控、入侵报警运行正常，录像保存不少于90天','none'),
  (9,'CK09','动火管理','库区严禁烟火标志醒目，动火作业审批手续齐全','none'),
  (10,'CK10','应急管理','现场处置方案上墙，应急物资（沙袋、挡水板、应急灯）齐备','none')) v
  JOIN risk_check_templates t ON t.place = '仓库' AND t.version = 1 WHERE NOT EXISTS (SELECT 1 FROM risk_check_template_items i WHERE i.template_id = t.id);
INSERT INTO risk_check_templates(place, version) SELECT '车辆', 1 WHERE NOT EXISTS (SELECT 1 FROM risk_check_templates WHERE place = '车辆');
INSERT INTO risk_check_template_items(template_id, ord, code, element, text, photo)
  SELECT t.id, v.column1, v.column2, v.column3, v.column4, v.column5 FROM (VALUES
  (1,'CL01','车辆技术状况','制动、转向、灯光、轮胎完好，出车前例行检查记录完整','on_fail'),
  (2,'CL02','证照管理','行驶证、年检合格标志、交强险均在有效期内','none'),
  (3,'CL03','驾驶员管理','驾驶证在有效期内，无未处理的超速等交通违法记录','none'),
  (4,'CL04','随车安全设施','随车灭火器、三角警示牌、反光背心齐全有效','always'),
  (5,'CL05','货厢安全','货厢门锁、防盗报警有效，卷烟装载不超高、不超载','on_fail'),
  (6,'CL06','动态监控','北斗定位与车载视频在线，超速提醒开启','none'),
  (7,'CL07','停车场管理','车辆停放有序，充电桩周边无可燃物堆放','on_fail')) v
  JOIN risk_check_templates t ON t.place = '车辆' AND t.version = 1 WHERE NOT EXISTS (SELECT 1 FROM risk_check_template_items i WHERE i.template_id = t.id);
INSERT INTO risk_check_templates(place, version) SELECT '办公楼', 1 WHERE NOT EXISTS (SELECT 1 FROM risk_check_templates WHERE place = '办公楼');
INSERT INTO risk_check_template_items(template_id, ord, code, element, text, photo)
  SELECT t.id, v.column1, v.column2, v.column3, v.column4, v.column5 FROM (VALUES
  (1,'BG01','消防管理','消防控制室24小时双人值班，值班人员持证上岗','none'),
  (2,'BG02','消防设施','火灾自动报警、自动喷淋系统运行正常，无故障点位','on_fail'),
  (3,'BG03','安全疏散','楼梯间、走道畅通，常闭式防火门处于关闭状态','always'),
  (4,'BG04','电气安全','配电间整洁无杂物，线路无老化破损，无超负荷用电','on_fail'),
  (5,'BG05','特种设备','电梯定期检验合格，合格证在有效期内并张贴','none'),
  (6,'BG06','食堂安全','燃气泄漏报警与切断装置有效，油烟管道定期清洗','on_fail'),
  (7,'BG07','信息机房','机房温湿度、UPS、气体灭火系统运行正常','none'),
  (8,'BG08','施工管理','装修施工区与办公区隔离，动火作业审批并有人监护','on_fail')) v
  JOIN risk_check_templates t ON t.place = '办公楼' AND t.version = 1 WHERE NOT EXISTS (SELECT 1 FROM risk_check_template_items i WHERE i.template_id = t.id);
INSERT INTO risk_check_templates(place, version) SELECT '营业网点', 1 WHERE NOT EXISTS (SELECT 1 FROM risk_check_templates WHERE place = '营业网点');
INSERT INTO risk_check_template_items(template_id, ord, code, element, text, photo)
  SELECT t.id, v.column1, v.column2, v.column3, v.column4, v.column5 FROM (VALUES
  (1,'YY01','消防设施','灭火器配置到位、在有效期内，员工会使用','on_fail'),
  (2,'YY02','电气安全','插座无超负荷使用，电器下班断电','none'),
  (3,'YY03','安全疏散','出入口畅通，无卷烟及杂物堆放','always'),
  (4,'YY04','财物安全','暂扣物品、票据、现金存放于保险柜，专人保管','none'),
  (5,'YY05','执法装备','执法记录仪、执法车辆完好，按规定充电存放','none'),
  (6,'YY06','安全防范','门窗防盗设施完好，视频监控运行正常','on_fail')) v
  JOIN risk_check_templates t ON t.place = '营业网点' AND t.version = 1 WHERE NOT EXISTS (SELECT 1 FROM risk_check_template_items i WHERE i.template_id = t.id);
