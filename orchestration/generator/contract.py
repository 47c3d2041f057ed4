"""The landing contract as the generator writes it (SPEC section 1), plus what defects may touch."""

from __future__ import annotations

SOURCES: tuple[str, ...] = (
    "branches",
    "customers",
    "employees",
    "balances",
    "transactions",
    "survey_responses",
    "survey_answers",
    "complaints",
    "callbacks",
)
REFERENCE_SOURCES: tuple[str, ...] = ("branches", "customers", "employees")

COLUMNS: dict[str, tuple[str, ...]] = {
    "branches": ("branch_id", "branch_name", "region", "opened_on", "closed_on"),
    "customers": (
        "customer_id",
        "customer_since",
        "tier",
        "home_branch_id",
        "birth_year",
        "gender",
        "city",
        "closed_on",
        "full_name",
        "phone",
    ),
    "employees": ("employee_id", "branch_id", "role", "hired_on", "left_on"),
    "balances": ("customer_id", "month", "deposit_balance", "loan_balance", "products_held"),
    "transactions": (
        "transaction_id",
        "customer_id",
        "occurred_at",
        "channel",
        "transaction_type",
        "amount",
        "fee_amount",
        "branch_id",
        "employee_id",
        "currency",
    ),
    "survey_responses": (
        "response_id",
        "instrument",
        "respondent_id",
        "responded_at",
        "branch_id",
        "channel",
        "related_transaction_id",
        "related_complaint_id",
    ),
    "survey_answers": ("response_id", "question_code", "answer_numeric", "answer_text"),
    "complaints": (
        "complaint_id",
        "customer_id",
        "received_at",
        "received_via",
        "category",
        "severity",
        "branch_id",
        "acknowledged_at",
        "resolved_at",
        "escalation_level",
        "outcome",
        "compensation_amount",
        "description",
    ),
    "callbacks": (
        "callback_id",
        "customer_id",
        "reason",
        "related_id",
        "scheduled_at",
        "attempted_at",
        "outcome",
        "resolution_satisfied",
        "score",
        "employee_id",
        "notes",
    ),
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "branches": ("branch_id", "branch_name", "region"),
    "customers": ("customer_id", "customer_since", "tier", "home_branch_id"),
    "employees": ("employee_id", "branch_id", "role", "hired_on"),
    "balances": ("customer_id", "month", "deposit_balance", "loan_balance", "products_held"),
    "transactions": (
        "transaction_id",
        "customer_id",
        "occurred_at",
        "channel",
        "transaction_type",
        "amount",
    ),
    "survey_responses": ("response_id", "instrument", "respondent_id", "responded_at"),
    "survey_answers": ("response_id", "question_code"),
    "complaints": (
        "complaint_id",
        "customer_id",
        "received_at",
        "received_via",
        "category",
        "severity",
    ),
    "callbacks": ("callback_id", "customer_id", "reason", "attempted_at", "outcome"),
}

ACCEPTED: dict[str, dict[str, tuple[str, ...]]] = {
    "customers": {"tier": ("mass", "affluent", "private")},
    "employees": {
        "role": (
            "teller",
            "relationship_manager",
            "lobby_manager",
            "call_center",
            "back_office",
            "branch_manager",
        )
    },
    "transactions": {
        "channel": ("branch", "atm", "pos", "online", "mobile", "phone"),
        "transaction_type": (
            "deposit",
            "withdrawal",
            "transfer",
            "payment",
            "purchase",
            "fee",
            "interest",
        ),
    },
    "survey_responses": {
        "instrument": (
            "customer_relationship",
            "customer_transactional",
            "post_complaint",
            "employee_pulse",
            "mystery_shop",
        )
    },
    "complaints": {
        "received_via": ("branch", "phone", "online", "letter", "regulator", "media", "social"),
        "severity": ("low", "medium", "high", "critical"),
        "outcome": ("upheld", "partially_upheld", "not_upheld", "withdrawn"),
    },
    "callbacks": {
        "reason": (
            "complaint_follow_up",
            "detractor_follow_up",
            "service_visit",
            "transaction_follow_up",
            "win_back",
        ),
        "outcome": ("reached", "no_answer", "refused", "wrong_number"),
        "resolution_satisfied": ("yes", "no"),
    },
}

# Typed (non-text) columns: a garbage value there is an `invalid_type` defect.
TYPED: dict[str, dict[str, str]] = {
    "branches": {"opened_on": "date", "closed_on": "date"},
    "customers": {"customer_since": "date", "birth_year": "integer", "closed_on": "date"},
    "employees": {"hired_on": "date", "left_on": "date"},
    "balances": {
        "month": "month",
        "deposit_balance": "decimal",
        "loan_balance": "decimal",
        "products_held": "integer",
    },
    "transactions": {"occurred_at": "timestamp", "amount": "decimal", "fee_amount": "decimal"},
    "survey_responses": {"responded_at": "timestamp"},
    "survey_answers": {"answer_numeric": "decimal"},
    "complaints": {
        "received_at": "timestamp",
        "acknowledged_at": "timestamp",
        "resolved_at": "timestamp",
        "escalation_level": "integer",
        "compensation_amount": "decimal",
    },
    "callbacks": {"scheduled_at": "timestamp", "attempted_at": "timestamp", "score": "integer"},
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "branches": ("branch_id",),
    "customers": ("customer_id",),
    "employees": ("employee_id",),
    "balances": ("customer_id", "month"),
    "transactions": ("transaction_id",),
    "survey_responses": ("response_id",),
    "survey_answers": ("response_id", "question_code"),
    "complaints": ("complaint_id",),
    "callbacks": ("callback_id",),
}

SERVQUAL_ITEMS: dict[str, int] = {"tan": 4, "rel": 5, "res": 4, "ass": 4, "emp": 5}
SERVQUAL_NAMES: dict[str, str] = {
    "tan": "tangibles",
    "rel": "reliability",
    "res": "responsiveness",
    "ass": "assurance",
    "emp": "empathy",
}
