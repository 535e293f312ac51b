"""Runs exported PyTorch modules for test/engine/export.test.ts.

argv[1]: a JSON list of {"module": model.py, "class": name, "weights": .safetensors, "images": raw
float32 NCHW file, "shape": [n, c, h, w]}. Prints one JSON object per entry: the eval-mode logits,
and the training losses of a few Adam steps on those images with fixed labels (the module must be
trainable from the exported weights, not just runnable).
"""
import importlib.util
import json
import sys

import torch

torch.manual_seed(0)
torch.set_num_threads(1)


def load(entry, index):
    spec = importlib.util.spec_from_file_location(f"exported_{index}", entry["module"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = getattr(module, entry["class"])()
    module.load_safetensors(model, entry["weights"])
    return model


for index, entry in enumerate(json.loads(sys.argv[1])):
    with open(entry["images"], "rb") as f:
        images = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(entry["shape"])
    model = load(entry, index)
    model.eval()
    with torch.no_grad():
        logits = model(images)
    model.train()
    labels = torch.arange(images.shape[0]) % logits.shape[1]
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    losses = []
    for _ in range(8):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    print(json.dumps({"logits": logits.flatten().tolist(), "losses": losses}), flush=True)
