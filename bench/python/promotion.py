"""
Reference for the promotion template (examples/promotion.pipeline.json), with pandas, scikit-learn and numpy:
fairness of the historical labels by group with 1,000 bootstrap resamples; proxy check (mutual information of
each feature with the group); k-means capability clusters (k 4, 10 starts, standardised); stratified 70/30
split; logistic regression; adversarial debiasing (a 200-unit ReLU classifier trained against a logistic
adversary that predicts the group from its score, 50 epochs, batches of 128, adversary weight 0.1, Adam, in
numpy as scikit-learn has none); reweighing (Kamiran & Calders) and a weighted logistic regression; fairness of
each model's predictions (1,000 resamples); the recommended candidates written to CSV (the review panel's input).

    python3 bench/python/promotion.py <folder with promotion.csv> [output folder]
"""
import os
import sys

from common import report

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.feature_selection import mutual_info_classif
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

data = sys.argv[1]
out = sys.argv[2] if len(sys.argv) > 2 else None
df = pd.read_csv(os.path.join(data, "promotion.csv"))
rng = np.random.default_rng(0)
privileged = (df["group"] == "A").to_numpy()
y = df["promoted"].to_numpy().astype(np.int8)


def disparate_impact(labels, priv, resamples=1000):
    def di(idx):
        p, l = priv[idx], labels[idx]
        return l[~p].mean() / max(l[p].mean(), 1e-12)
    n = len(labels)
    boot = [di(rng.integers(0, n, n)) for _ in range(resamples)]
    return float(di(np.arange(n))), [float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))]


history = disparate_impact(y, privileged)
capability = ["tenure_years", "kpi_score", "training_score", "peer_rating", "projects_led", "awards"]
proxy_features = pd.get_dummies(df[["department"] + capability], columns=["department"]).to_numpy(dtype=float)
proxies = mutual_info_classif(proxy_features, privileged, random_state=0)
z = StandardScaler().fit_transform(df[capability])
df["cluster"] = KMeans(n_clusters=4, n_init=10, random_state=0).fit_predict(z)

features = pd.get_dummies(df[["cluster"] + capability].astype({"cluster": "category"}), columns=["cluster"]).to_numpy(dtype=float)
train, test = train_test_split(np.arange(len(df)), test_size=0.3, stratify=y, random_state=42)
scaler = StandardScaler().fit(features[train])
x_train, x_test = scaler.transform(features[train]), scaler.transform(features[test])

lr = LogisticRegression(C=1.0, max_iter=1000).fit(x_train, y[train])
p_lr = lr.predict_proba(x_test)[:, 1]


class Adam:
    def __init__(self, params, lr=0.001):
        self.params, self.lr, self.t = params, lr, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, grads):
        self.t += 1
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= self.lr * (m / (1 - 0.9 ** self.t)) / (np.sqrt(v / (1 - 0.999 ** self.t)) + 1e-8)


sigmoid = lambda a: 1 / (1 + np.exp(-a))


def adversarial_debiasing(x, y, s, epochs=50, batch=128, hidden=200, weight=0.1):
    d = x.shape[1]
    w1, b1 = rng.normal(0, np.sqrt(2 / d), (d, hidden)), np.zeros(hidden)
    w2, b2 = rng.normal(0, np.sqrt(1 / hidden), (hidden, 1)), np.zeros(1)
    u, c = np.zeros((1, 1)), np.zeros(1)
    clf, adv = Adam([w1, b1, w2, b2]), Adam([u, c])
    n = len(y)
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch):
            i = order[start:start + batch]
            xb, yb, sb = x[i], y[i, None].astype(float), s[i, None].astype(float)
            h = np.maximum(xb @ w1 + b1, 0)
            logit = h @ w2 + b2
            p = sigmoid(logit)
            q = sigmoid(logit * u + c)  # the adversary's guess of the group from the score
            m = len(i)
            g_adv_logit = (q - sb) / m
            adv.step([logit.T @ g_adv_logit, g_adv_logit.sum(0)])
            # Classifier: its own loss minus the adversary's (it tries to hide the group).
            g_logit = (p - yb) / m - weight * g_adv_logit * u
            g_h = (g_logit @ w2.T) * (h > 0)
            clf.step([xb.T @ g_h, g_h.sum(0), h.T @ g_logit, g_logit.sum(0)])
    return lambda xt: sigmoid(np.maximum(xt @ w1 + b1, 0) @ w2 + b2)[:, 0]


p_adv = adversarial_debiasing(x_train, y[train], privileged[train])(x_test)

# Reweighing: weight = P(group) P(label) / P(group, label).
g, yt = privileged[train], y[train]
weights = np.empty(len(train))
for gv in (False, True):
    for lv in (0, 1):
        cell = (g == gv) & (yt == lv)
        weights[cell] = (g == gv).mean() * (yt == lv).mean() / max(cell.mean(), 1e-12)
lr_rw = LogisticRegression(C=1.0, max_iter=1000).fit(x_train, yt, sample_weight=weights)
p_rw = lr_rw.predict_proba(x_test)[:, 1]

fairness = {name: disparate_impact((p >= 0.5).astype(np.int8), privileged[test])[0] for name, p in
            [("unmitigated", p_lr), ("adversarial", p_adv), ("reweighed", p_rw)]}
recommended = df.iloc[test][p_adv >= 0.5][["employee_id", "group"]]
if out:
    os.makedirs(out, exist_ok=True)
    recommended.to_csv(os.path.join(out, "promotion-recommendations.csv"), index=False)
report("promotion", rows=len(df), historyDisparateImpact=round(history[0], 3), auc={
    "unmitigated": round(roc_auc_score(y[test], p_lr), 4), "adversarial": round(roc_auc_score(y[test], p_adv), 4),
    "reweighed": round(roc_auc_score(y[test], p_rw), 4)}, disparateImpact={k: round(v, 3) for k, v in fairness.items()},
    strongestProxy=float(proxies.max()), recommended=len(recommended))
