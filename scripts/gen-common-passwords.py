#!/usr/bin/env python3
"""Builds data/common-passwords.txt: the 10,000 passwords bureau refuses as too common.
Sources: Openwall's public-domain password.lst (Debian package john-data, /usr/share/john/password.lst),
then patterns common among Chinese users (pinyin surnames, 520/1314, dates, keyboard walks, 'yancao')."""
import itertools, sys
seen, out = set(), []
def add(p):
    p = p.strip()
    if p and p.lower() not in seen:
        seen.add(p.lower()); out.append(p)
for line in open('/usr/share/john/password.lst', encoding='latin-1'):
    if not line.startswith('#!'): add(line)
cn = """woaini woaini1314 woaini520 5201314 1314520 520520 1314521 a123456 qq123456 abc123456 123456a 123456aa aa123456 a123456789
123456abc zxcvbnm qwertyuiop asdfghjkl 147258369 123123123 147258 159357 789456123 987654321 1qaz2wsx 1q2w3e4r 1q2w3e4r5t
qwe123 qwe123456 Aa123456 Aa123456789 P@ssw0rd p@ssw0rd Passw0rd admin123 admin888 admin123456 root123 test123 abcd1234
yancao yancao123 yancao123456 yc123456 zhuanmai tobacco tobacco123 woaiwojia wodemima mima123 mima123456 123qwe 123qweasd
qweasdzxc qazwsxedc 1qazxsw2 zaq12wsx 112233 11223344 aabbcc 000000 00000000 111111 11111111 888888 88888888 666666 66666666
99999999 168168 16888888 518518 5201314a iloveyou1314 xiaoming xiaohong wangwei zhangwei lina liuyang nihao123 nihao123456
asd123 asd123456 zxc123 zxc123456 abc12345 abcdefg abcdefgh a1b2c3d4 a1234567 a12345678 12345678a 1234567890 0123456789""".split()
for p in cn: add(p)
for d in '0123456789':
    for n in range(6, 13): add(d * n)
seqs = ['1234567890', '0987654321', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghij']
for s in seqs:
    for n in range(6, len(s) + 1): add(s[:n])
bases = ['password', 'admin', 'woaini', 'abc', 'qwe', 'asd', 'zxc', 'qaz', 'aaa', 'love', 'wang', 'zhang', 'li', 'liu',
         'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo', 'he', 'lin', 'luo', 'gao',
         'zheng', 'liang', 'xie', 'song', 'tang', 'han', 'feng', 'deng', 'cao', 'peng', 'zeng', 'xiao', 'tian', 'dong',
         'pan', 'yuan', 'cai', 'jiang', 'yu', 'du', 'ye', 'cheng', 'wei', 'su', 'lu', 'ding', 'ren', 'shen', 'yao',
         'qq', 'yc', 'yancao', 'user', 'test', 'root', 'welcome', 'china', 'beijing', 'shanghai', 'hello', 'super']
sufs = ['123', '1234', '12345', '123456', '888', '8888', '666', '6666', '520', '1314', '111', '000', '@123', '123!',
        '!@#', '2020', '2021', '2022', '2023', '2024', '2025', '2026', '@2023', '@2024', '@2025', '@2026', '.123',
        '007', '168', '521', '999', '789', '321', '112233', '123456789']
for b, s in itertools.product(bases, sufs):
    add(b + s); add(b.capitalize() + s)
y = 1960
while len(out) < 10000 and y <= 2012:
    for m in range(1, 13):
        for dd in (1, 5, 8, 10, 12, 15, 18, 20, 25, 28):
            add(f'{y}{m:02d}{dd:02d}')
    y += 1
out = out[:10000]
sys.stdout.write('\n'.join(out) + '\n')
