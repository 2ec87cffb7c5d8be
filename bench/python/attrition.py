"""
Reference for the attrition template (examples/attrition.pipeline.json), with pandas and scikit-learn: load
the five tables; comment sentiment as an AFINN-165 score per word (the lexicon the template's `sentiment`
package uses, read from node_modules when present, else a small built-in list); trend features per employee
(change over 3 surveys, rolling mean, least-squares slope; change over 2 reviews); a quarterly snapshot panel
with a "left within 6 months" label; as-of joins of surveys, reviews and pay to each snapshot; tenure; Sales
only; time-series cross-validation (4 test quarters, 6-month gap) and a final fit with
HistGradientBoostingClassifier (200 trees, depth 6, 31 leaves, 20 per leaf); the current quarter's scores
written to CSV. SHAP explanations are left out (no shap package here).

    python3 bench/python/attrition.py <folder with the five CSV files> <output folder>
"""
import json
import os
import re
import sys

from common import report

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

data, out = sys.argv[1], sys.argv[2]
read = lambda name, dates: pd.read_csv(os.path.join(data, name), parse_dates=dates)
employees = read("employees.csv", ["hire_date"])
surveys = read("surveys.csv", ["survey_date"])
performance = read("performance.csv", ["review_date"])
compensation = read("compensation.csv", ["effective_date"])
terminations = read("terminations.csv", ["termination_date"])

# Sentiment: AFINN score per word, a preceding "not"/"no"/"don't" flips it.
lexicon_file = os.path.join(os.path.dirname(__file__), "../../node_modules/sentiment/languages/en/labels.json")
if os.path.exists(lexicon_file):
    with open(lexicon_file) as f:
        afinn = json.load(f)
else:
    afinn = {"good": 3, "great": 3, "love": 3, "happy": 3, "proud": 2, "bad": -3, "stressed": -2, "burned": -2, "disappointed": -2}
negators = {"not", "no", "don't", "dont", "never", "cannot", "can't"}
token = re.compile(r"[a-z']+")


def comparative(text):
    if not isinstance(text, str) or not text:
        return np.nan
    words = token.findall(text.lower())
    if not words:
        return 0.0
    score = 0
    for i, w in enumerate(words):
        s = afinn.get(w, 0)
        if s and i > 0 and words[i - 1] in negators:
            s = -s
        score += s
    return score / len(words)


surveys["comment_sentiment"] = surveys["comment"].map(comparative)


def trends(df, date, columns, k, delta=True, mean=False, trend=False):
    df = df.sort_values(["employee_id", date]).reset_index(drop=True)
    g = df.groupby("employee_id", sort=False)
    pos = g.cumcount().to_numpy().astype(float)
    for c in columns:
        if delta:
            df[f"{c}_delta_{k}"] = df[c] - g[c].shift(k - 1)
        if mean:
            df[f"{c}_mean_{k}"] = g[c].rolling(k).mean().reset_index(level=0, drop=True)
        if trend:
            # Least-squares slope over the last k records: cov(t, y) / var(t), t = record position.
            df["_t"], df["_ty"] = pos, pos * df[c]
            s_y = g[c].rolling(k).sum().reset_index(level=0, drop=True)
            s_ty = g["_ty"].rolling(k).sum().reset_index(level=0, drop=True)
            s_t = g["_t"].rolling(k).sum().reset_index(level=0, drop=True)
            t_var = k * (k * k - 1) / 12
            df[f"{c}_trend_{k}"] = (s_ty - s_t * s_y / k) / t_var
            df.drop(columns=["_t", "_ty"], inplace=True)
    return df


surveys = trends(surveys, "survey_date", ["engagement_score", "comment_sentiment"], 3, mean=True, trend=True)
performance = trends(performance, "review_date", ["rating"], 2)

# Snapshot panel: every 3 months back from the data end to the first snapshot date.
as_of, first = pd.Timestamp("2024-12-31"), pd.Timestamp("2023-03-01")
dates = []
d = as_of
while d >= first:
    dates.append(d)
    d = d - pd.DateOffset(months=3)
left = terminations.groupby("employee_id")["termination_date"].min()
emp = employees.join(left, on="employee_id")
parts = []
for d in sorted(dates):
    rows = emp[(emp["hire_date"] <= d) & ~(emp["termination_date"] <= d)].copy()
    rows["snapshot_date"] = d
    horizon = d + pd.DateOffset(months=6)
    label = ((rows["termination_date"] > d) & (rows["termination_date"] <= horizon)).astype(float)
    rows["left_within_6m"] = label if horizon <= as_of else np.nan
    parts.append(rows)
panel = pd.concat(parts, ignore_index=True).sort_values("snapshot_date")


def asof(left, right, time, columns):
    right = right.sort_values(time)[["employee_id", time] + columns]
    return pd.merge_asof(left, right, left_on="snapshot_date", right_on=time, by="employee_id").drop(columns=[time])


panel = asof(panel, surveys, "survey_date", ["engagement_score", "engagement_score_delta_3", "engagement_score_mean_3",
                                             "engagement_score_trend_3", "comment_sentiment", "comment_sentiment_mean_3"])
panel = asof(panel, performance, "review_date", ["rating", "rating_delta_2"])
panel = asof(panel, compensation, "effective_date", ["market_ratio", "base_salary"])
panel["tenure_years"] = (panel["snapshot_date"] - panel["hire_date"]).dt.days / 365.25
sales = panel[panel["department"] == "Sales"]
labelled = sales[sales["left_within_6m"].notna()]
current = sales[sales["snapshot_date"] == as_of]

features = ["age", "tenure_years", "location", "market_ratio", "engagement_score", "engagement_score_delta_3",
            "engagement_score_mean_3", "engagement_score_trend_3", "comment_sentiment", "comment_sentiment_mean_3",
            "rating", "rating_delta_2"]


def matrix(df):
    x = df[features].copy()
    x["location"] = x["location"].astype("category").cat.codes
    return x.to_numpy(dtype=np.float64)


params = dict(max_iter=200, learning_rate=0.1, max_depth=6, max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=0.0,
              categorical_features=[features.index("location")], random_state=0)
periods = sorted(labelled["snapshot_date"].unique())[-4:]
fold_auc = []
for start in periods:
    test = labelled[labelled["snapshot_date"] == start]
    train = labelled[labelled["snapshot_date"] + pd.DateOffset(months=6) <= start]
    if train["left_within_6m"].nunique() < 2 or test["left_within_6m"].nunique() < 2:
        continue
    m = HistGradientBoostingClassifier(early_stopping=False, **params).fit(matrix(train), train["left_within_6m"])
    fold_auc.append(round(roc_auc_score(test["left_within_6m"], m.predict_proba(matrix(test))[:, 1]), 4))

final = HistGradientBoostingClassifier(early_stopping="auto", validation_fraction=0.1, n_iter_no_change=10, **params)
final.fit(matrix(labelled), labelled["left_within_6m"])
scores = current[["employee_id"]].copy()
scores["score"] = final.predict_proba(matrix(current))[:, 1]
os.makedirs(out, exist_ok=True)
scores.to_csv(os.path.join(out, "attrition-scores.csv"), index=False)
report("attrition", employees=len(employees), panelRows=len(panel), labelledRows=len(labelled), foldAuc=fold_auc,
       trees=int(final.n_iter_))
