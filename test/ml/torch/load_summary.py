"""Prints summary.py's JSON of torch.load(path, weights_only=True) for each path given (one line each)."""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summary import summarize  # noqa: E402

for path in sys.argv[1:]:
    print(json.dumps(summarize(torch.load(path, weights_only=True))))
