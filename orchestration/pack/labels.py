# ruff: noqa: RUF001
"""Every label the management pack shows, in English and Chinese: one dictionary, one place.

A key missing from a language falls back to English, and a key missing from both is shown as
itself; tests/pack checks that every key used has both languages.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "zh")

# key -> (English, Chinese)
LABELS: dict[str, tuple[str, str]] = {
    # title, sections and notes
    "title": ("Monthly management pack", "经营管理月报"),
    "subtitle": (
        "Customer satisfaction, complaints, closed loop, loyalty and the service-profit chain",
        "客户满意度、投诉处理、闭环回访、客户忠诚度与服务利润链",
    ),
    "month": ("Month", "月份"),
    "published_at": ("Data published (UTC)", "数据发布时间 (UTC)"),
    "generated_at": ("Pack generated (UTC)", "报告生成时间 (UTC)"),
    "source_note": (
        "Source: the published read-only warehouse copy; all branches, channels and tiers "
        "unless stated.",
        "数据来源：已发布的只读数据仓库副本；除特别说明外为全部网点、渠道和客户层级。",
    ),
    "section_scorecard": ("KPI scorecard", "关键指标计分卡"),
    "section_trends": ("13-month trends", "近13个月趋势"),
    "section_migration": ("Loyalty segment migration", "客户忠诚度分群迁移"),
    "section_complaints": ("Complaints by category and SLA", "投诉类别与时效达标"),
    "section_closed_loop": ("Closed-loop funnel", "闭环回访漏斗"),
    "section_drivers": ("SERVQUAL driver quadrant", "SERVQUAL 驱动因素象限"),
    "section_chain": ("Service-profit chain links", "服务利润链关联"),
    "section_branches": ("Branch league table", "网点排名"),
    "note_scorecard": (
        "Green: target met. Amber: missed by no more than the tolerance. Red: missed by more. "
        "Grey: no value or no target. Targets: seed reference.kpi_targets.",
        "绿：达标；黄：未达标但在容差范围内；红：未达标且超出容差；灰：无数据或无目标。"
        "目标值来自种子表 reference.kpi_targets。",
    ),
    "note_trends": (
        "Dashed line: target. Months without data are left out.",
        "虚线为目标值；无数据的月份不画点。",
    ),
    "note_migration": (
        "Rows: segment at the previous month end; columns: segment at this month end. "
        "Cells: customers, and the share of the row.",
        "行：上月末分群；列：本月末分群。单元格为客户数及占该行的比例。",
    ),
    "note_complaints": (
        "Complaints received in the month, all branches. SLA share: resolved within the "
        "resolution deadline, of complaints whose deadline has been evaluated. Bar colour: "
        "red / amber / green status of that share against its target.",
        "本月受理的投诉（全部网点）。时效达标率：在办结时限内办结的投诉占已评估投诉的比例。"
        "柱形颜色为该类别按时办结率相对目标的红黄绿状态。",
    ),
    "note_closed_loop": (
        "Detractor responses and complaints of the month that needed a callback.",
        "本月需要回访的贬损者反馈和投诉。",
    ),
    "note_drivers": (
        "Importance: correlation of the dimension's perception with CSAT. Performance: mean "
        "perception (1-7). Lines: medians.",
        "重要性：该维度感知得分与客户满意度的相关系数；表现：感知得分均值 (1-7)；线为中位数。",
    ),
    "note_chain": (
        "Correlation across branches for the month, same month and one month lagged.",
        "本月各网点间的相关系数，同月与滞后一个月。",
    ),
    "note_branches": (
        "Branches ranked by NPS for the month (branches without NPS last).",
        "按本月净推荐值排名（无净推荐值的网点排在最后）。",
    ),
    "low_sample": ("low sample", "样本不足"),
    "no_data": ("no data", "无数据"),
    "sheet_about": ("About", "说明"),
    # KPIs
    "kpi_nps": ("NPS", "净推荐值 (NPS)"),
    "kpi_csat_mean": ("CSAT (mean, 1-5)", "客户满意度 (均值, 1-5)"),
    "kpi_ces_mean": ("Customer effort (mean, 1-7)", "客户费力度 (均值, 1-7)"),
    "kpi_servqual_gap": ("SERVQUAL gap", "SERVQUAL 服务质量差距"),
    "kpi_complaint_sla_share": ("Complaints resolved within SLA", "投诉按时办结率"),
    "kpi_recovery_rate": ("Closed-loop recovery rate", "闭环回访补救成功率"),
    "kpi_retention": ("Customer retention (month)", "客户月留存率"),
    "kpi_stable_share": ("Stable customers", "稳固客户占比"),
    "kpi_at_risk_share": ("At-risk customers", "危险客户占比"),
    "kpi_cold_share": ("Cold customers", "冷淡客户占比"),
    "kpi_profit_per_customer": ("Profit per customer (CNY)", "户均利润 (元)"),
    "kpi_profit": ("Profit (CNY)", "利润总额 (元)"),
    # column headers
    "col_kpi": ("KPI", "指标"),
    "col_actual": ("This month", "本月"),
    "col_target": ("Target", "目标"),
    "col_prior": ("Prior month", "上月"),
    "col_change": ("Change", "变动"),
    "col_status": ("Status", "状态"),
    "col_direction": ("Better when", "方向"),
    "col_month": ("Month", "月份"),
    "col_from_segment": ("From \\ to", "上月 \\ 本月"),
    "col_total": ("Total", "合计"),
    "col_category": ("Category", "投诉类别"),
    "col_complaints": ("Complaints", "投诉量"),
    "col_per_10k": ("Per 10,000 customers", "每万户投诉量"),
    "col_ack_sla_share": ("Acknowledged within SLA", "按时受理率"),
    "col_resolve_sla_share": ("Resolved within SLA", "按时办结率"),
    "col_open_breaches": ("Open past deadline", "超时未结"),
    "col_median_days": ("Median days to resolve", "办结天数中位数"),
    "col_escalations": ("Escalated to regulator or media", "升级至监管或媒体"),
    "col_case_type": ("Case type", "案件类型"),
    "col_stage": ("Stage", "环节"),
    "col_cases_due": ("Due", "应回访"),
    "col_called_back": ("Called back", "已回访"),
    "col_called_back_within_sla": ("Within callback SLA", "按时回访"),
    "col_reached": ("Reached", "已接通"),
    "col_recovered": ("Recovered", "补救成功"),
    "col_customers": ("Customers", "客户数"),
    "col_share_of_due": ("Share of due", "占应回访比例"),
    "col_dimension": ("Dimension", "维度"),
    "col_importance": ("Importance", "重要性"),
    "col_performance": ("Performance", "表现"),
    "col_gap": ("Gap", "差距"),
    "col_quadrant": ("Quadrant", "象限"),
    "col_responses": ("Responses", "样本量"),
    "col_link": ("Link", "关联"),
    "col_lag": ("Lag (months)", "滞后 (月)"),
    "col_n": ("n (branches)", "网点数"),
    "col_correlation": ("Correlation", "相关系数"),
    "col_low_n": ("Low n", "样本不足"),
    "col_rank": ("Rank", "排名"),
    "col_branch_id": ("Branch", "网点编号"),
    "col_branch_name": ("Branch name", "网点名称"),
    "col_region": ("Region", "区域"),
    "col_mystery_shop": ("Mystery shop", "神秘人检查"),
    "col_revenue": ("Revenue (CNY)", "收入 (元)"),
    "col_profit": ("Profit (CNY)", "利润 (元)"),
    "col_share_stable": ("Stable", "稳固占比"),
    "col_share_at_risk": ("At risk", "危险占比"),
    "col_value": ("Value", "数值"),
    # values
    "status_green": ("Green", "绿"),
    "status_amber": ("Amber", "黄"),
    "status_red": ("Red", "红"),
    "status_none": ("Grey", "灰"),
    "direction_higher": ("higher", "越高越好"),
    "direction_lower": ("lower", "越低越好"),
    "segment_stable": ("Stable", "稳固"),
    "segment_at_risk": ("At risk", "危险"),
    "segment_cold": ("Cold", "冷淡"),
    "segment_new": ("New", "新客户"),
    "segment_churned": ("Churned", "流失"),
    "case_type_ALL": ("All cases", "全部"),
    "case_type_complaint": ("Complaints", "投诉"),
    "case_type_detractor_response": ("Detractor responses", "贬损者反馈"),
    "stage_cases_due": ("Needed a callback", "需要回访"),
    "stage_called_back": ("Called back", "已回访"),
    "stage_called_back_within_sla": ("Called back within SLA", "按时回访"),
    "stage_reached": ("Reached", "已接通"),
    "stage_recovered": ("Recovered", "补救成功"),
    "category_account_operations": ("Account operations", "账户业务"),
    "category_card_atm": ("Cards and ATMs", "银行卡与自助设备"),
    "category_digital_channel": ("Digital channels", "电子渠道"),
    "category_fees_charges": ("Fees and charges", "收费问题"),
    "category_mis_selling": ("Mis-selling", "误导销售"),
    "category_service_attitude": ("Service attitude", "服务态度"),
    "category_wait_time": ("Waiting time", "等候时间"),
    "category_other": ("Other", "其他"),
    "dimension_tangibles": ("Tangibles", "有形性"),
    "dimension_reliability": ("Reliability", "可靠性"),
    "dimension_responsiveness": ("Responsiveness", "响应性"),
    "dimension_assurance": ("Assurance", "保证性"),
    "dimension_empathy": ("Empathy", "移情性"),
    "quadrant_concentrate here": ("Concentrate here", "重点改进"),
    "quadrant_keep up the good work": ("Keep up the good work", "继续保持"),
    "quadrant_low priority": ("Low priority", "次要改进"),
    "quadrant_possible overkill": ("Possible overkill", "可能过度投入"),
    "measure_internal_service_quality": ("Internal service quality", "内部服务质量"),
    "measure_employee_satisfaction": ("Employee satisfaction", "员工满意度"),
    "measure_mystery_shop_score": ("Mystery-shop score", "神秘人检查得分"),
    "measure_servqual_perception": ("SERVQUAL perception", "SERVQUAL 感知"),
    "measure_csat_mean": ("CSAT", "客户满意度"),
    "measure_share_stable": ("Stable share", "稳固客户占比"),
    "measure_retention": ("Retention", "留存率"),
    "measure_revenue_growth_mom": ("Revenue growth", "收入增长"),
    "measure_profit_per_customer": ("Profit per customer", "户均利润"),
    "lag_0": ("same month", "同月"),
    "lag_1": ("one month lagged", "滞后一个月"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "arrow": ("→", "→"),
}


def label(key: str, lang: str = "en") -> str:
    """The label of `key` in `lang` (en or zh); English when missing, else the key itself."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[LANGUAGES.index(lang)] or pair[0]


def value_label(prefix: str, value: object, lang: str = "en") -> str:
    """Label of a coded value, e.g. value_label('segment', 'at_risk', 'zh') -> 危险."""
    text = "" if value is None else str(value)
    key = f"{prefix}_{text}"
    return label(key, lang) if key in LABELS else text
