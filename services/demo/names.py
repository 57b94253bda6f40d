"""Chinese name pools for the demo dataset: people, places, departments, firms and schools."""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import lru_cache

# Common surnames, most frequent first; weights fall off so 王李张刘陈 dominate as in real ledgers.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂建华国文红玉志林海波春梅辉鹏斌宇浩凯健俊"
    "帆旭宁龙飞鑫晨欣怡佳雪婷琳颖倩萍燕丹蕾慧德福成永胜荣生贵金山忠喜昌庆新利清光东兴祥云才学"
    "民安立宏振家世正泽子涵博然思雨梓晓秋月凤翠珍莉琴素美淑彩桃亮军卫红兵峰刚毅晖嘉俊"
)
NUMERALS = "一二三四五六七八九十"

PLACE_HEADS = "东西南北上下大小新老前后高石青白黄马杨柳桃李王张刘陈赵周吴郑龙凤花金银红长清双"
PLACE_TAILS = "庄湾河桥沟坪岭山坝寨营屯店园塘口铺集堡峪台洼坡冲溪林"
TOWN_WORDS = "安平宁和兴丰泰顺永昌福寿富康乐德源盛隆华嘉临武文阳江城泉溪"
COMMUNITY_WORDS = (
    "幸福",
    "和平",
    "阳光",
    "锦绣",
    "翠苑",
    "滨河",
    "文化",
    "建设",
    "解放",
    "人民",
    "新华",
    "朝阳",
    "东城",
    "西城",
    "南关",
    "北关",
    "花园",
    "春晖",
    "明珠",
    "金桥",
    "长虹",
    "友谊",
    "团结",
    "胜利",
    "光明",
    "康乐",
    "龙泉",
    "桂花",
    "丽景",
    "湖滨",
    "育才",
    "振兴",
    "向阳",
    "红旗",
    "东风",
    "前进",
)
STREET_WORDS = (
    "建设路",
    "人民路",
    "解放路",
    "新华路",
    "文化路",
    "中山路",
    "城东",
    "城西",
    "城南",
    "城北",
    "东关",
    "西关",
    "南门",
    "北门",
    "滨江",
    "府前",
    "站前",
    "朝阳",
    "长安",
    "和平路",
)
PROVINCES = ("东川", "西岭", "南江", "北原", "中州", "海宁", "云岭", "湘东")

DEPARTMENTS = (
    "委办公室",
    "人民政府办公室",
    "委组织部",
    "委宣传部",
    "委统战部",
    "委政法委",
    "纪委监委机关",
    "人大常委会机关",
    "政协机关",
    "财政局",
    "教育局",
    "民政局",
    "人力资源和社会保障局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "发展和改革局",
    "工业和信息化局",
    "司法局",
    "生态环境局",
    "退役军人事务局",
    "信访局",
    "人民法院",
    "人民检察院",
    "税务局",
    "供销合作社",
    "档案馆",
    "融媒体中心",
    "乡村振兴局",
)
# Departments large enough to run a Party committee with branches of their own.
BIG_DEPARTMENTS = {
    "公安局": ("机关", "交警大队", "刑侦大队", "治安大队", "城关派出所", "看守所"),
    "城市管理局": ("机关", "环卫所", "市政所", "执法大队"),
}
SOES = (
    "城投集团",
    "交通投资集团",
    "水务集团",
    "国有资产投资经营公司",
    "农业发展投资公司",
    "文化旅游投资集团",
    "粮食储备公司",
    "公共交通公司",
    "建设投资集团",
    "产业投资集团",
)
SOE_PARTS = ("机关", "工程项目部", "物业公司", "第一分公司", "第二分公司", "资产运营部", "离退休")
FIRM_BRANDS = "华信恒泰鑫达宏远金瑞隆盛鼎汇诚嘉通益丰源顺宇佳康腾飞凯盈"
FIRM_TRADES = (
    "科技",
    "电子",
    "机械",
    "建材",
    "食品",
    "纺织",
    "物流",
    "农业",
    "化工",
    "商贸",
    "服装",
    "医药",
    "新材料",
    "建筑",
    "环保",
    "电气",
    "汽车配件",
    "印刷",
    "包装",
    "家具",
    "生物",
    "能源",
)
FIRM_PARTS = ("生产", "销售", "技术研发", "行政", "仓储物流")
SOCIETIES = (
    "个体劳动者协会",
    "律师协会",
    "慈善总会",
    "企业家协会",
    "总商会",
    "青年创业协会",
    "物业管理协会",
    "养老服务中心",
    "社会工作服务中心",
    "志愿者协会",
    "老年人体育协会",
    "书法家协会",
    "红十字会",
    "会计学会",
    "建筑业协会",
    "餐饮行业协会",
    "快递物流协会",
    "民办教育协会",
    "家政服务协会",
    "乡村旅游协会",
)
SCHOOLS = ("第一中学", "第二中学", "实验中学", "实验小学", "第一小学", "第二小学", "职业中学")
HOSPITAL_WARDS = ("内科", "外科", "医技", "护理", "行政后勤", "离退休")
HOSPITALS = ("中医院", "妇幼保健院", "疾病预防控制中心", "精神卫生中心")
PARK_WORDS = ("城东工业园区", "城西工业园区", "经济开发区", "商贸城", "电商产业园", "物流园")


def numeral(n: int) -> str:
    """Returns the Chinese numeral for 1..99 (一, 十二, 二十三)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else NUMERALS[tens - 1]
    return head + "十" + ("" if ones == 0 else NUMERALS[ones - 1])


@lru_cache(maxsize=1)
def person_names() -> tuple[str, ...]:
    """Returns a fixed pool of distinct full names; sharing the strings keeps big datasets lean."""
    rng = random.Random("covergraph-names")
    weights = [1.0 / (i + 4) for i in range(len(SURNAMES))]
    names: set[str] = set()
    while len(names) < 40_000:
        surname = rng.choices(SURNAMES, weights)[0]
        given = rng.choice(GIVEN) if rng.random() < 0.3 else rng.choice(GIVEN) + rng.choice(GIVEN)
        names.add(surname + given)
    return tuple(sorted(names))


def unique_names(rng: random.Random, k: int, make: Callable[[random.Random], str]) -> list[str]:
    """Returns k distinct names drawn by calling make(rng); falls back to numbering."""
    seen: list[str] = []
    for _ in range(k * 20):
        if len(seen) == k:
            break
        name = make(rng)
        if name not in seen:
            seen.append(name)
    while len(seen) < k:
        seen.append(f"{seen[0]}{numeral(len(seen) + 1)}")
    return seen


def village(rng: random.Random) -> str:
    """Returns a village name such as 东风 or 石桥 (without 村)."""
    return rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)


def township(rng: random.Random) -> str:
    """Returns a township name such as 石桥镇 or 永安乡."""
    stem = rng.choice(PLACE_HEADS) + rng.choice(TOWN_WORDS)
    return stem + ("镇" if rng.random() < 0.7 else "乡")


def community(rng: random.Random) -> str:
    """Returns a community name such as 幸福社区."""
    return rng.choice(COMMUNITY_WORDS) + "社区"


def street(rng: random.Random) -> str:
    """Returns a street office name such as 建设路街道."""
    return rng.choice(STREET_WORDS) + "街道"


def county_stem(rng: random.Random) -> str:
    """Returns a two-character county or city stem such as 安平."""
    return rng.choice(TOWN_WORDS) + rng.choice(TOWN_WORDS)


def firm(rng: random.Random) -> str:
    """Returns a firm name such as 恒泰科技有限公司."""
    brand = rng.choice(FIRM_BRANDS) + rng.choice(FIRM_BRANDS)
    suffix = "股份有限公司" if rng.random() < 0.15 else "有限公司"
    return brand + rng.choice(FIRM_TRADES) + suffix
