"""
Reference for the resume-screening template (examples/resume-screening.pipeline.json), with pandas and
scikit-learn: stratified 80/20 split, TF-IDF of 1-2-grams (min_df 2, sublinear tf, l2), logistic regression
(C=1, lbfgs) and a random forest of 100 trees (sqrt features, 2 jobs) on the TF-IDF, scored on the test set
with AUC, precision, recall and selection rates by gender; then, as the template's "before anonymising"
branch, a second TF-IDF + logistic regression and the words whose weights differ most. Anonymisation itself
is left out (no scikit-learn equivalent; it is cheap in both).

    python3 bench/python/resume_screening.py <folder with resumes.csv>
"""
import os
import sys

from common import report

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_score, recall_score, roc_auc_score
from sklearn.model_selection import train_test_split

data = sys.argv[1]
df = pd.read_csv(os.path.join(data, "resumes.csv"))
y = (df["label"] == "Interview").to_numpy().astype(np.int8)
train, test = train_test_split(np.arange(len(df)), test_size=0.2, stratify=y, random_state=42)


def tfidf_lr():
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    x_train = vec.fit_transform(df["resume_text"].iloc[train])
    x_test = vec.transform(df["resume_text"].iloc[test])
    lr = LogisticRegression(C=1.0, max_iter=1000, tol=1e-4).fit(x_train, y[train])
    return vec, x_train, x_test, lr


def scores(p):
    yt = y[test]
    labels = (p >= 0.5).astype(np.int8)
    gender = df["gender"].to_numpy()[test]
    rates = {g: float(labels[gender == g].mean()) for g in np.unique(gender)}
    return {"auc": round(roc_auc_score(yt, p), 4), "precision": round(precision_score(yt, labels), 4),
            "recall": round(recall_score(yt, labels), 4), "selectionRates": rates}


vec, x_train, x_test, lr = tfidf_lr()
lr_scores = scores(lr.predict_proba(x_test)[:, 1])
rf = RandomForestClassifier(n_estimators=100, max_features="sqrt", n_jobs=2, random_state=0).fit(x_train, y[train])
rf_scores = scores(rf.predict_proba(x_test)[:, 1])
vec_raw, _, x_test_raw, lr_raw = tfidf_lr()
terms = vec_raw.get_feature_names_out()
top = [terms[i] for i in np.argsort(-np.abs(lr_raw.coef_[0]))[:20]]
report("resume screening", rows=len(df), terms=len(vec.vocabulary_), lr=lr_scores, rf=rf_scores, topTermsRaw=top[:5])
