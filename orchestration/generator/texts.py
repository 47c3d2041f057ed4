# ruff: noqa: RUF001
"""Text pools: Chinese and English names, branch names, complaint descriptions, verbatims, notes."""

from __future__ import annotations

# (city_zh, city_en, region, districts as (zh, en))
CITIES: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "上海",
        "Shanghai",
        "East China",
        [
            ("陆家嘴", "Lujiazui"),
            ("徐家汇", "Xujiahui"),
            ("静安寺", "Jing'an Temple"),
            ("五角场", "Wujiaochang"),
            ("虹桥", "Hongqiao"),
            ("张江", "Zhangjiang"),
            ("人民广场", "People's Square"),
            ("七宝", "Qibao"),
        ],
    ),
    (
        "北京",
        "Beijing",
        "North China",
        [
            ("国贸", "Guomao"),
            ("中关村", "Zhongguancun"),
            ("望京", "Wangjing"),
            ("西单", "Xidan"),
            ("朝阳门", "Chaoyangmen"),
            ("亦庄", "Yizhuang"),
        ],
    ),
    (
        "广州",
        "Guangzhou",
        "South China",
        [
            ("天河", "Tianhe"),
            ("越秀", "Yuexiu"),
            ("番禺", "Panyu"),
            ("海珠", "Haizhu"),
            ("白云", "Baiyun"),
        ],
    ),
    (
        "深圳",
        "Shenzhen",
        "South China",
        [
            ("福田", "Futian"),
            ("南山", "Nanshan"),
            ("罗湖", "Luohu"),
            ("宝安", "Bao'an"),
            ("龙岗", "Longgang"),
        ],
    ),
    (
        "杭州",
        "Hangzhou",
        "East China",
        [("西湖", "West Lake"), ("滨江", "Binjiang"), ("萧山", "Xiaoshan"), ("余杭", "Yuhang")],
    ),
    (
        "南京",
        "Nanjing",
        "East China",
        [("新街口", "Xinjiekou"), ("河西", "Hexi"), ("江宁", "Jiangning"), ("鼓楼", "Gulou")],
    ),
    (
        "成都",
        "Chengdu",
        "Southwest",
        [
            ("春熙路", "Chunxi Road"),
            ("高新", "Hi-tech Zone"),
            ("锦江", "Jinjiang"),
            ("武侯", "Wuhou"),
        ],
    ),
    (
        "重庆",
        "Chongqing",
        "Southwest",
        [("解放碑", "Jiefangbei"), ("江北", "Jiangbei"), ("沙坪坝", "Shapingba")],
    ),
    (
        "武汉",
        "Wuhan",
        "Central China",
        [("汉口", "Hankou"), ("武昌", "Wuchang"), ("光谷", "Optics Valley")],
    ),
    (
        "西安",
        "Xi'an",
        "Northwest",
        [("钟楼", "Bell Tower"), ("高新", "Hi-tech Zone"), ("曲江", "Qujiang")],
    ),
    ("沈阳", "Shenyang", "Northeast", [("和平", "Heping"), ("沈河", "Shenhe"), ("浑南", "Hunnan")]),
    (
        "苏州",
        "Suzhou",
        "East China",
        [("园区", "Industrial Park"), ("姑苏", "Gusu"), ("吴中", "Wuzhong")],
    ),
]
NUMERALS = ["", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十"]

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉晨宇浩然子轩欣怡梓涵思远雨萱俊杰嘉琪文博志强晓东丹建国海燕"
)
PHONE_PREFIXES = [
    str(p)
    for p in (
        130,
        131,
        132,
        133,
        135,
        136,
        137,
        138,
        139,
        150,
        151,
        152,
        155,
        156,
        157,
        158,
        159,
        166,
        176,
        177,
        180,
        181,
        182,
        185,
        186,
        187,
        188,
        189,
        191,
        198,
        199,
    )
]

COMPLAINT_CATEGORIES = [
    "fees_charges",
    "service_attitude",
    "wait_time",
    "mis_selling",
    "digital_channel",
    "card_atm",
    "account_operations",
    "other",
]
COMPLAINT_CATEGORY_P = [0.18, 0.16, 0.15, 0.07, 0.16, 0.1, 0.13, 0.05]
DESCRIPTIONS: dict[str, list[str]] = {
    "fees_charges": [
        "账户管理费扣款未提前告知",
        "跨行转账手续费收取不合理",
        "年费减免承诺未兑现",
        "Unexpected account maintenance fee charged without notice",
    ],
    "service_attitude": [
        "柜员服务态度冷淡，不耐烦",
        "大堂经理解释不清且态度生硬",
        "客服人员中途挂断电话",
        "Staff at the counter were rude and dismissive",
    ],
    "wait_time": [
        "柜台排队时间过长，等待超过一小时",
        "预约后到网点仍需长时间等候",
        "客服热线长时间无人接听",
        "Waited over an hour in the branch queue",
    ],
    "mis_selling": [
        "理财经理未充分揭示产品风险",
        "购买保险时被告知为存款产品",
        "Sold a wealth product that did not match my risk profile",
    ],
    "digital_channel": [
        "手机银行登录频繁失败",
        "网银转账页面卡顿无法提交",
        "APP升级后无法查看账单",
        "Mobile app keeps crashing during transfers",
    ],
    "card_atm": [
        "ATM吞卡后长时间未处理",
        "取款机未出钞但账户已扣款",
        "银行卡被异常冻结",
        "ATM debited my account but dispensed no cash",
    ],
    "account_operations": [
        "销户手续繁琐，多次往返网点",
        "个人信息变更处理缓慢",
        "转账到账延迟三天",
        "Address change request not processed for weeks",
    ],
    "other": ["网点停车位不足", "宣传材料与实际不符", "General dissatisfaction with the bank"],
}
VERBATIM_POSITIVE = [
    "服务很周到，办理业务很快",
    "柜员很专业，耐心解答问题",
    "手机银行很方便",
    "理财经理很负责",
    "Friendly staff and quick service",
    "The mobile app is easy to use",
    "Very satisfied with my relationship manager",
]
VERBATIM_NEUTRAL = [
    "整体还可以，希望排队时间再短一些",
    "服务一般，没有特别的感受",
    "Service was okay, nothing special",
    "网点环境不错，但停车不便",
]
VERBATIM_NEGATIVE = [
    "排队太久，窗口开得太少",
    "手续费太高，考虑换银行",
    "客服电话总是打不通",
    "问题反映多次都没有解决",
    "Too many fees, thinking about switching banks",
    "Nobody could solve my problem",
    "Long queues and few open counters",
]
CALLBACK_NOTES = {
    "reached": [
        "客户表示理解，问题已解决",
        "已向客户致歉并说明处理结果",
        "客户对处理结果基本满意",
        "Customer thanked us for the follow-up",
        "Explained the outcome, customer accepted",
    ],
    "no_answer": ["电话无人接听，稍后再联系", "No answer, will retry"],
    "refused": ["客户拒绝沟通", "Customer declined to talk"],
    "wrong_number": ["号码错误，需更新联系方式", "Wrong number on file"],
}
