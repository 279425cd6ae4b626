#!/usr/bin/env python3
"""Reference PyTorch training/inference throughput for Atelier's `baseline` and `miniresnet` models.

The same architectures, batch size, optimizer (Adam) and data (real Fashion-MNIST, scaled to [0,1])
as `atelier bench`, run on Debian's python3-torch, so the two can be compared on one machine.
Prints one JSON object per model.

    /usr/bin/python3 bench/reference/bench_torch.py --model baseline --threads 2
"""
import argparse
import gzip
import json
import time

import numpy as np
import torch
from torch import nn


def load_images(path, limit):
    with gzip.open(path, "rb") as f:
        data = f.read()
    count = int.from_bytes(data[4:8], "big")
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 1, 28, 28)[:limit]
    return torch.from_numpy(pixels.astype(np.float32) / 255.0)


def load_labels(path, limit):
    with gzip.open(path, "rb") as f:
        data = f.read()
    return torch.from_numpy(np.frombuffer(data, dtype=np.uint8, offset=8)[:limit].astype(np.int64))


def baseline():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))


class Residual(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(),
            nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout))
        self.shortcut = (nn.Identity() if cin == cout
                         else nn.Sequential(nn.Conv2d(cin, cout, 1), nn.BatchNorm2d(cout)))

    def forward(self, x):
        return torch.relu(self.main(x) + self.shortcut(x))


def miniresnet():
    layers, cin = [], 1
    for stage, cout in enumerate([32, 64, 128, 256, 512]):
        layers.append(Residual(cin, cout))
        if stage < 2:
            layers.append(nn.MaxPool2d(2))
        cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(),
               nn.Linear(512, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.4),
               nn.Linear(256, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.5),
               nn.Linear(128, 10)]
    return nn.Sequential(*layers)


def bench(name, images, labels, batch, warmup, steps):
    torch.manual_seed(42)
    model = {"baseline": baseline, "miniresnet": miniresnet}[name]()
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    n = images.shape[0]
    start, seen = None, 0
    for i in range(warmup + steps):
        if i == warmup:
            start, seen = time.perf_counter(), 0
        lo = (i * batch) % (n - batch)
        x, y = images[lo:lo + batch], labels[lo:lo + batch]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        seen += batch
    train_rate = seen / (time.perf_counter() - start)
    model.eval()
    with torch.no_grad():
        x = images[:500]
        model(x)
        rounds = 10 if name == "baseline" else 4
        t0 = time.perf_counter()
        for _ in range(rounds):
            model(x)
        infer_rate = rounds * 500 / (time.perf_counter() - t0)
    return {"model": name, "framework": "pytorch " + torch.__version__, "threads": torch.get_num_threads(),
            "params": params, "batch_size": batch, "train_images_per_second": round(train_rate, 1),
            "infer_images_per_second": round(infer_rate, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["baseline", "miniresnet", "all"], default="all")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    images = load_images(args.data + "/train-images-idx3-ubyte.gz", 12000)
    labels = load_labels(args.data + "/train-labels-idx1-ubyte.gz", 12000)
    names = ["baseline", "miniresnet"] if args.model == "all" else [args.model]
    for name in names:
        steps = 90 if name == "baseline" else 15
        print(json.dumps(bench(name, images, labels, args.batch_size, 5, steps)), flush=True)


if __name__ == "__main__":
    main()
