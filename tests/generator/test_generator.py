"""Tests for the deterministic sample-data generator (small scales, a few seconds each)."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from orchestration.generator import generate, main
from orchestration.generator.contract import (
    ACCEPTED,
    COLUMNS,
    PRIMARY_KEYS,
    REQUIRED,
    SOURCES,
    TYPED,
)

SMALL = {"customers": 300, "months": 3}
PATTERNS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "timestamp": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "integer": re.compile(r"^-?\d+$"),
    "decimal": re.compile(r"^-?\d+(\.\d+)?$"),
}
# numeric bounds of the landing contract (inclusive)
BOUNDS = {
    ("balances", "deposit_balance"): (0, None),
    ("balances", "loan_balance"): (0, None),
    ("balances", "products_held"): (0, None),
    ("customers", "birth_year"): (1900, 2030),
    ("transactions", "amount"): (0, None),
    ("transactions", "fee_amount"): (0, None),
    ("survey_answers", "answer_numeric"): (0, 100),
    ("complaints", "escalation_level"): (0, 3),
    ("complaints", "compensation_amount"): (0, None),
    ("callbacks", "score"): (1, 5),
}
CUSTOMER_INITIATED = {"deposit", "withdrawal", "transfer", "payment", "purchase"}


def read_rows(path: Path, encoding: str = "utf-8") -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a landing file as text ('' for empty), whatever its format."""
    if path.name.endswith(".parquet"):
        table = pq.read_table(path)
        assert all(pa.types.is_string(f.type) for f in table.schema)
        rows = [{k: ("" if v is None else v) for k, v in r.items()} for r in table.to_pylist()]
        return table.column_names, rows
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        raw = gzip.decompress(raw)
    reader = csv.reader(io.StringIO(raw.decode(encoding), newline=""))
    header = next(reader)
    return header, [dict(zip(header, r, strict=True)) for r in reader]


def source_rows(out: Path, source: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted((out / source).iterdir()):
        rows.extend(read_rows(path)[1])
    return rows


def checksums(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def violations(source: str, rows: list[dict[str, str]]) -> list[tuple[int, str]]:
    """A mini staging validator following the conventions' reject reason codes."""
    found: list[tuple[int, str]] = []
    valid_rows: dict[tuple, int] = {}
    for number, row in enumerate(rows, start=1):
        reasons = []
        for col in COLUMNS[source]:
            value = row[col].strip()
            if col in REQUIRED[source] and not value:
                reasons.append(f"missing_required:{col}")
            elif (
                value
                and col in TYPED.get(source, {})
                and not PATTERNS[TYPED[source][col]].match(value)
            ):
                reasons.append(f"invalid_type:{col}")
            elif (
                value
                and col in ACCEPTED.get(source, {})
                and value.lower() not in ACCEPTED[source][col]
            ):
                reasons.append(f"invalid_value:{col}")
            elif value and (source, col) in BOUNDS:
                lo, hi = BOUNDS[(source, col)]
                if float(value) < lo or (hi is not None and float(value) > hi):
                    reasons.append(f"out_of_range:{col}")
        for reason in reasons:
            found.append((number, reason))
        if not reasons:
            key = tuple(row[c] for c in PRIMARY_KEYS[source])
            if key in valid_rows:
                found.append((valid_rows[key], "duplicate_key"))
            valid_rows[key] = number
    return found


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small")
    generate(out=root / "landing", truth=root / "truth", seed=11, **SMALL)
    return root


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough customers and months for the planted structure to show."""
    root = tmp_path_factory.mktemp("medium")
    generate(customers=6000, months=8, seed=5, out=root / "landing", truth=root / "truth")
    return root


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path, small: Path) -> None:
    generate(out=tmp_path / "a" / "landing", seed=11, **SMALL)
    assert checksums(tmp_path / "a") == checksums(small)
    generate(out=tmp_path / "b" / "landing", seed=12, **SMALL)
    other = checksums(tmp_path / "b")
    assert other.keys() == checksums(small).keys()
    assert (
        other["landing/transactions/transactions_2025-01.csv"]
        != checksums(small)["landing/transactions/transactions_2025-01.csv"]
    )


def test_same_bytes_from_another_process_with_another_hash_seed(
    tmp_path: Path, small: Path
) -> None:
    """Determinism must not hang on set or dict ordering of one interpreter."""
    out = tmp_path / "c" / "landing"
    args = [sys.executable, "-m", "orchestration.generator", "--seed", "11", "--out", str(out)]
    args += [
        part for key, value in SMALL.items() for part in (f"--{key.replace('_', '-')}", str(value))
    ]
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(args, check=True, env=env, capture_output=True)
    assert checksums(tmp_path / "c") == checksums(small)


def test_layout_and_exact_contract_columns(small: Path) -> None:
    out = small / "landing"
    assert sorted(p.name for p in out.iterdir()) == sorted(SOURCES)
    for source in ("branches", "customers", "employees"):
        assert [p.name for p in (out / source).iterdir()] == [f"{source}.csv"]
    for source in set(SOURCES) - {"branches", "customers", "employees"}:
        names = sorted(p.name for p in (out / source).iterdir())
        assert names == [f"{source}_2025-0{m}.csv" for m in (1, 2, 3)]
    for path in out.rglob("*.csv"):
        header, _ = read_rows(path)
        assert tuple(header) == COLUMNS[path.parent.name], path


def test_clean_data_passes_every_contract_rule(small: Path) -> None:
    out = small / "landing"
    for path in sorted(out.rglob("*.csv")):
        _, rows = read_rows(path)
        assert violations(path.parent.name, rows) == [], path
    for row in source_rows(out, "transactions"):
        assert float(row["amount"]) >= 0
    for row in source_rows(out, "balances"):
        assert 1 <= int(row["products_held"]) <= 8
    for row in source_rows(out, "callbacks"):
        assert row["score"] == "" or 1 <= int(row["score"]) <= 5
    assert (small / "truth" / "defects.csv").read_text().strip().splitlines() == [
        "source,source_file,row_number,expected_reason"
    ]


def test_content_fee_interest_chinese_phone_and_relations(small: Path) -> None:
    out = small / "landing"
    tx = source_rows(out, "transactions")
    types = {r["transaction_type"] for r in tx}
    assert {"fee", "interest"} <= types and types >= CUSTOMER_INITIATED
    assert any(r["currency"] == "" for r in tx) and any(r["fee_amount"] for r in tx)
    cjk = re.compile(r"[\u4e00-\u9fff]")
    branches = source_rows(out, "branches")
    assert any(cjk.search(r["branch_name"]) for r in branches)
    assert any(r["region"] == "Head Office" for r in branches)
    customers = source_rows(out, "customers")
    assert all(cjk.search(r["full_name"]) for r in customers)
    assert all(re.fullmatch(r"1\d{10}", r["phone"]) for r in customers if r["phone"])
    assert any(cjk.search(r["description"]) for r in source_rows(out, "complaints"))
    responses = source_rows(out, "survey_responses")
    assert {r["instrument"] for r in responses} == set(ACCEPTED["survey_responses"]["instrument"])
    shop = [r for r in responses if r["instrument"] == "mystery_shop"]
    assert shop and all(
        re.fullmatch(r"MS\d{4}", r["respondent_id"]) and r["branch_id"] for r in shop
    )
    transactional = [r for r in responses if r["instrument"] == "customer_transactional"]
    assert all(r["related_transaction_id"] and r["channel"] for r in transactional)
    employees = {r["employee_id"]: r for r in source_rows(out, "employees")}
    served = [r for r in tx if r["employee_id"]]
    assert served
    for r in served:  # the teller or agent was employed on that day
        e = employees[r["employee_id"]]
        assert e["hired_on"] <= r["occurred_at"][:10] and (
            not e["left_on"] or r["occurred_at"][:10] < e["left_on"]
        )
        assert e["role"] in ("teller", "call_center")
    codes = {r["question_code"] for r in source_rows(out, "survey_answers")}
    assert {
        "nps",
        "csat",
        "ces",
        "verbatim",
        "sq_tan_4_exp",
        "sq_rel_5_per",
        "sq_emp_5_exp",
        "esat",
        "isq_1",
        "isq_3",
        "stay",
        "ms_tan",
        "ms_emp",
    } <= codes
    assert len([c for c in codes if c.startswith("sq_")]) == 44


def test_gb18030_encoding(tmp_path: Path) -> None:
    generate(out=tmp_path / "landing", seed=3, encodings={"complaints": "gb18030"}, **SMALL)
    files = sorted((tmp_path / "landing" / "complaints").glob("*.csv"))
    data = b"".join(p.read_bytes() for p in files)
    text = data.decode("gb18030")
    assert re.search(r"[\u4e00-\u9fff]", text)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    # other sources stay UTF-8
    (tmp_path / "landing" / "branches" / "branches.csv").read_bytes().decode("utf-8")


@pytest.mark.parametrize("file_format", ["csv.gz", "parquet"])
def test_other_formats_are_readable(tmp_path: Path, small: Path, file_format: str) -> None:
    generate(out=tmp_path / "landing", seed=11, file_format=file_format, **SMALL)
    ext = ".csv.gz" if file_format == "csv.gz" else ".parquet"
    for source in SOURCES:
        csv_rows = source_rows(small / "landing", source)
        files = sorted((tmp_path / "landing" / source).iterdir())
        assert files and all(p.name.endswith(ext) for p in files)
        rows = []
        for path in files:
            header, part = read_rows(path)
            assert tuple(header) == COLUMNS[source]
            rows.extend(part)
        assert rows == csv_rows, source
    if file_format == "csv.gz":
        generate(out=tmp_path / "again" / "landing", seed=11, file_format=file_format, **SMALL)
        assert checksums(tmp_path / "again" / "landing") == checksums(tmp_path / "landing")
        table = pacsv.read_csv(tmp_path / "landing" / "customers" / "customers.csv.gz")
        assert table.num_rows == 300


def test_defects_are_exact(tmp_path: Path) -> None:
    generate(out=tmp_path / "landing", seed=9, defect_rate=0.03, **SMALL)
    out = tmp_path / "landing"
    with open(tmp_path / "truth" / "defects.csv", encoding="utf-8") as fh:
        recorded = list(csv.DictReader(fh))
    expected = defaultdict(set)
    for r in recorded:
        expected[r["source_file"]].add((int(r["row_number"]), r["expected_reason"]))
        assert r["source_file"].split("/")[0] == r["source"]
    assert sum(len(v) for v in expected.values()) == len(recorded)  # one defect per row
    kinds = {r["expected_reason"].split(":")[0] for r in recorded}
    assert kinds == {
        "missing_required",
        "invalid_type",
        "invalid_value",
        "out_of_range",
        "duplicate_key",
    }
    for source in SOURCES:
        assert any(r["source"] == source for r in recorded), source
    for path in sorted(out.rglob("*.csv")):
        rel = str(path.relative_to(out))
        found = set(violations(path.parent.name, read_rows(path)[1]))
        assert found == expected.get(rel, set()), rel


def test_cli_defaults_truth_beside_out(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(
        [
            "--customers",
            "200",
            "--months",
            "2",
            "--seed",
            "4",
            "--out",
            str(tmp_path / "landing"),
            "--encoding",
            "complaints=gb18030",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "month 2025-02" in printed and "transactions" in printed and "elapsed" in printed
    assert (tmp_path / "truth" / "parameters.json").is_file()
    assert (tmp_path / "truth" / "customer_months.parquet").is_file()
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path / "x"), "--encoding", "nosuch=utf-8"])
    assert main(["--out", str(tmp_path / "x"), "--encoding", "complaints=no-such-codec"]) == 2


def test_churners_are_less_satisfied_and_fade_out(medium: Path) -> None:
    truth = pacsv.read_csv(
        medium / "truth" / "customers.csv",
        convert_options=pacsv.ConvertOptions(strings_can_be_null=True),
    ).to_pylist()
    churn = {r["customer_id"]: r["churn_month"] for r in truth if r["churn_month"]}
    assert len(churn) > 50
    sat_churn = np.mean(
        [r["final_latent_satisfaction"] for r in truth if r["customer_id"] in churn]
    )
    sat_stay = np.mean(
        [r["final_latent_satisfaction"] for r in truth if r["customer_id"] not in churn]
    )
    assert sat_churn < sat_stay - 0.2

    out = medium / "landing"
    customers = {r["customer_id"]: r for r in source_rows(out, "customers")}
    assert all(customers[c]["closed_on"][:7] == m for c, m in churn.items())
    ci = defaultdict(int)
    for r in source_rows(out, "transactions"):
        if r["transaction_type"] in CUSTOMER_INITIATED:
            closed = customers[r["customer_id"]]["closed_on"]
            assert not closed or r["occurred_at"][:10] < closed
            ci[(r["customer_id"], r["occurred_at"][:7])] += 1
    months = [f"2025-0{m}" for m in range(1, 9)]
    # churners: activity in the two months before churning vs their own earlier months
    late, early = [], []
    for c, m in churn.items():
        i = months.index(m)
        if i >= 5:
            early.append(np.mean([ci[(c, months[j])] for j in range(i - 5, i - 3)]))
            late.append(np.mean([ci[(c, months[j])] for j in range(i - 2, i)]))
    assert len(late) > 20 and np.mean(late) < 0.7 * np.mean(early)

    balances = defaultdict(dict)
    for r in source_rows(out, "balances"):
        balances[r["customer_id"]][r["month"]] = float(r["deposit_balance"])
    ratios = []
    for c, m in churn.items():
        i = months.index(m)
        if i >= 4 and months[i - 4] in balances[c]:
            ratios.append(balances[c][months[i - 1]] / max(balances[c][months[i - 4]], 1e-9))
        assert m not in balances[c]  # no balance row once closed
    assert ratios and np.median(ratios) < 0.5


def test_dormant_customers_only_get_bank_rows(medium: Path) -> None:
    truth = pacsv.read_csv(
        medium / "truth" / "customers.csv",
        convert_options=pacsv.ConvertOptions(strings_can_be_null=True),
    ).to_pylist()
    dormant = {r["customer_id"]: r["dormant_from_month"] for r in truth if r["dormant_from_month"]}
    assert len(dormant) > 50
    bank_rows = 0
    for r in source_rows(medium / "landing", "transactions"):
        start = dormant.get(r["customer_id"])
        if start and r["occurred_at"][:7] >= start:
            assert r["transaction_type"] in {"fee", "interest"}
            bank_rows += 1
    assert bank_rows > 0
    months = pq.read_table(medium / "truth" / "customer_months.parquet")
    assert set(months.column("state").to_pylist()) == {"active", "declining", "dormant", "churned"}
    new = [r for r in truth if str(r["customer_since"]) >= "2025-01-01"]
    assert new  # customers joining inside the window


def _branch_means(rows, responses, codes):
    branch_of = {r["response_id"]: r["branch_id"] for r in responses}
    sums = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if r["question_code"] in codes and r["response_id"] in branch_of:
            sums[branch_of[r["response_id"]]][r["question_code"]].append(float(r["answer_numeric"]))
    return sums


def test_service_profit_chain_and_drivers(medium: Path) -> None:
    out = medium / "landing"
    responses = source_rows(out, "survey_responses")
    answers = source_rows(out, "survey_answers")
    pulse = [r for r in responses if r["instrument"] == "employee_pulse"]
    means = _branch_means(answers, pulse, {"esat", "isq_1", "isq_2", "isq_3"})
    esat = [np.mean(v["esat"]) for v in means.values()]
    isq = [np.mean(v["isq_1"] + v["isq_2"] + v["isq_3"]) for v in means.values()]
    assert len(esat) >= 20 and np.corrcoef(esat, isq)[0, 1] > 0.4

    relationship = {
        r["response_id"] for r in responses if r["instrument"] == "customer_relationship"
    }
    by_response = defaultdict(dict)
    for r in answers:
        if r["response_id"] in relationship and r["answer_numeric"]:
            by_response[r["response_id"]][r["question_code"]] = float(r["answer_numeric"])
    csat = np.array([v["csat"] for v in by_response.values()])

    def dim(d: str, n: int) -> np.ndarray:
        return np.array(
            [np.mean([v[f"sq_{d}_{i}_per"] for i in range(1, n + 1)]) for v in by_response.values()]
        )

    r_tan = np.corrcoef(csat, dim("tan", 4))[0, 1]
    r_rel = np.corrcoef(csat, dim("rel", 5))[0, 1]
    r_res = np.corrcoef(csat, dim("res", 4))[0, 1]
    assert r_rel > r_tan and r_res > r_tan
    exp = np.array([v["sq_tan_1_exp"] for v in by_response.values()])
    assert np.mean(exp >= 5) > 0.8


def test_answers_follow_latent_satisfaction_and_loops_close(medium: Path) -> None:
    out = medium / "landing"
    latent = {
        (r["customer_id"], r["month"]): r["latent_satisfaction"]
        for r in pq.read_table(medium / "truth" / "customer_months.parquet").to_pylist()
    }
    responses = {r["response_id"]: r for r in source_rows(out, "survey_responses")}
    pairs = defaultdict(list)
    for a in source_rows(out, "survey_answers"):
        resp = responses[a["response_id"]]
        if resp["instrument"] == "customer_relationship" and a["question_code"] in ("nps", "ces"):
            key = (resp["respondent_id"], resp["responded_at"][:7])
            pairs[a["question_code"]].append((latent[key], float(a["answer_numeric"])))
    nps, ces = np.array(pairs["nps"]), np.array(pairs["ces"])
    assert np.corrcoef(nps.T)[0, 1] > 0.3 and np.corrcoef(ces.T)[0, 1] < -0.3

    complaints = source_rows(out, "complaints")
    complained = [latent[(c["customer_id"], c["received_at"][:7])] for c in complaints]
    assert np.mean(complained) < np.mean(list(latent.values())) - 0.2
    assert any(not c["resolved_at"] for c in complaints)
    assert all(bool(c["outcome"]) == bool(c["resolved_at"]) for c in complaints)
    complaint_ids = {c["complaint_id"] for c in complaints}
    nps_of = {
        a["response_id"]: a["answer_numeric"]
        for a in source_rows(out, "survey_answers")
        if a["question_code"] == "nps"
    }
    reasons = defaultdict(int)
    for cb in source_rows(out, "callbacks"):
        reasons[cb["reason"]] += 1
        if cb["reason"] == "complaint_follow_up":
            assert cb["related_id"] in complaint_ids
        elif cb["reason"] == "detractor_follow_up":
            assert int(nps_of[cb["related_id"]]) <= 6
        if cb["outcome"] != "reached":
            assert cb["score"] == "" and cb["resolution_satisfied"] == ""
    assert set(reasons) == set(ACCEPTED["callbacks"]["reason"])
    post = [r for r in responses.values() if r["instrument"] == "post_complaint"]
    assert post and all(r["related_complaint_id"] in complaint_ids for r in post)


def test_start_month_across_a_year_end(tmp_path: Path) -> None:
    summary = generate(
        customers=120, months=3, seed=2, out=tmp_path / "landing", start_month="2024-11"
    )
    names = sorted(p.name for p in (tmp_path / "landing" / "balances").iterdir())
    assert names == ["balances_2024-11.csv", "balances_2024-12.csv", "balances_2025-01.csv"]
    assert summary.rows["transactions"] > 0 and len(summary.files) == 3 + 6 * 3
    for row in source_rows(tmp_path / "landing", "transactions"):
        assert "2024-11-01T00:00:00" <= row["occurred_at"] < "2025-02-01T00:00:00"
    with pytest.raises(ValueError):
        generate(customers=10, months=1, seed=1, out=tmp_path / "bad", file_format="xlsx")
