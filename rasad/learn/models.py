"""The shipped models: linear scorers over named features, stored as JSON data (never pickles).

A model file holds its weights by feature name, its bias, its decision threshold and a card
(what it was trained on, when, with which figures). `score` is the calibrated probability;
`explain` the features that weighed most, for a reviewer.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

MODELS = ("gate", "subtype", "place", "date", "pair", "detector", "detector_subtype")


@dataclass
class LinearModel:
    """A logistic model over named features."""

    name: str
    version: str
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    card: dict = field(default_factory=dict)

    def margin(self, features: dict[str, float]) -> float:
        """The raw score (log-odds)."""
        w = self.weights
        return self.bias + sum(w.get(k, 0.0) * v for k, v in features.items())

    def score(self, features: dict[str, float]) -> float:
        """The probability that the answer is yes (calibrated when the card holds a Platt scaling
        `calibration: [a, b]` fitted on out-of-fold margins)."""
        z = self.margin(features)
        cal = self.card.get("calibration")
        if cal:
            z = cal[0] * z + cal[1]
        return 1.0 / (1.0 + math.exp(-z)) if z > -40 else 0.0

    def explain(self, features: dict[str, float], n: int = 5) -> list[tuple[str, float]]:
        """The n features that moved the score most, with their contributions."""
        parts = [(k, self.weights.get(k, 0.0) * v) for k, v in features.items() if self.weights.get(k)]
        return sorted(parts, key=lambda kv: -abs(kv[1]))[:n]

    def to_json(self) -> dict:
        """The JSON object the model is stored as."""
        return {"name": self.name, "version": self.version, "bias": self.bias, "threshold": self.threshold,
                "card": self.card, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, d: dict) -> "LinearModel":
        """A model from its JSON object."""
        return cls(d["name"], d["version"], {k: float(v) for k, v in d["weights"].items()}, float(d["bias"]),
                   float(d.get("threshold", 0.5)), d.get("card", {}))


@dataclass
class SoftmaxModel:
    """A multinomial logistic model over named features: one weight table per class."""

    name: str
    version: str
    classes: list[str]
    weights: dict[str, dict[str, float]]  # class -> feature -> weight
    bias: dict[str, float]
    card: dict = field(default_factory=dict)

    def _index(self) -> dict[str, list[tuple[int, float]]]:
        """feature -> [(class index, weight)], built once: one look-up per feature, not per class."""
        idx = self.__dict__.get("_by_feature")
        if idx is None:
            idx = {}
            for ci, c in enumerate(self.classes):
                for k, w in self.weights[c].items():
                    idx.setdefault(k, []).append((ci, w))
            self.__dict__["_by_feature"] = idx
        return idx

    def scores(self, features: dict[str, float]) -> dict[str, float]:
        """Probability of each class."""
        zs = [self.bias.get(c, 0.0) for c in self.classes]
        idx = self._index()
        for k, v in features.items():
            for ci, w in idx.get(k, ()):
                zs[ci] += w * v
        z = dict(zip(self.classes, zs))
        top = max(z.values())
        e = {c: math.exp(v - top) for c, v in z.items()}
        tot = sum(e.values())
        return {c: v / tot for c, v in e.items()}

    def best(self, features: dict[str, float]) -> tuple[str, float]:
        """The most probable class and its probability (ties: the first class)."""
        sc = self.scores(features)
        c = max(self.classes, key=lambda k: sc[k])
        return c, sc[c]

    def to_json(self) -> dict:
        """The JSON object the model is stored as."""
        return {"name": self.name, "version": self.version, "classes": self.classes, "bias": self.bias,
                "card": self.card, "weights": {c: dict(sorted(w.items())) for c, w in self.weights.items()}}

    @classmethod
    def from_json(cls, d: dict) -> "SoftmaxModel":
        """A model from its JSON object."""
        return cls(d["name"], d["version"], list(d["classes"]),
                   {c: {k: float(v) for k, v in w.items()} for c, w in d["weights"].items()},
                   {c: float(v) for c, v in d["bias"].items()}, d.get("card", {}))


@dataclass
class Models:
    """The trained layer's models; a missing one leaves its decision to the rules."""

    gate: Optional[LinearModel] = None
    subtype: Optional[SoftmaxModel] = None
    place: Optional[LinearModel] = None
    date: Optional[LinearModel] = None
    pair: Optional[LinearModel] = None
    detector: Optional[LinearModel] = None  # a sentence no trigger matched: does it tell an event?
    detector_subtype: Optional[SoftmaxModel] = None  # ... and of which sub-type


def _read(name: str):
    ref = resources.files("rasad") / "data" / "models" / f"{name}.json"
    if not ref.is_file():
        return None
    d = json.loads(ref.read_text(encoding="utf-8"))
    return SoftmaxModel.from_json(d) if "classes" in d else LinearModel.from_json(d)


@lru_cache(maxsize=1)
def shipped() -> Optional[Models]:
    """The models that ship inside the package (read once, lazily); None when there are none."""
    ms = Models(**{n: _read(n) for n in MODELS})
    return ms if any(getattr(ms, n) is not None for n in MODELS) else None


def save(models: Models, folder: Path) -> None:
    """Write each model of `models` as folder/<name>.json."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in MODELS:
        m = getattr(models, n)
        if m is not None:
            (folder / f"{n}.json").write_text(json.dumps(m.to_json(), ensure_ascii=False, indent=0) + "\n",
                                              encoding="utf-8")
