"""PyTorch peer of Rectifier's ConvNetBenchmark: the ReLU tutorial's conv net, same shapes,
batch and optimizer, on the same machine.

    /usr/bin/python3 torch_convnet_benchmark.py [--images 1024] [--epochs 3] [--batch 64]
        [--settings 1,2,1:2,2:2:passive]

The network is the tutorial's Keras model, channels-last input 64x64x3 (PyTorch wants NCHW, so
the images are generated as NCHW, which is what a PyTorch user feeds):
Conv2d(3,32,3) ReLU MaxPool2d(2) Conv2d(32,64,3) ReLU MaxPool2d(2) Flatten Linear(12544,128)
ReLU Linear(128,10), nn.CrossEntropyLoss on the logits, Adam lr 0.001 (eps 1e-7, Keras's),
float32, minibatches of --batch from a new shuffle each epoch. The images are uniform noise and
the labels random: speed does not depend on them (no data-dependent branches besides ReLU and
max, whose cost does not change with the values).

A setting "T", "T:B" or "T:B:passive" trains with torch.set_num_threads(T),
set_num_interop_threads(1), OMP_NUM_THREADS=T, OPENBLAS_NUM_THREADS=B (B defaults to T), and
"passive" OMP_WAIT_POLICY=PASSIVE; each in a fresh child process, since BLAS reads its thread
count once when loaded. images/s is images / the median epoch of epochs 2..n (epoch 1 warms up).
Output: one JSON line per setting, then one with "final": true for the fastest.
"""

import argparse
import json
import os
import subprocess
import sys
import time


def parse_settings(text):
    out = []
    for item in text.split(","):
        parts = item.strip().split(":")
        threads = int(parts[0])
        blas = int(parts[1]) if len(parts) > 1 else threads
        out.append((threads, blas, len(parts) > 2 and parts[2] == "passive"))
    return out


def describe(threads, blas, passive):
    return "threads=%d interop=1 blas=%d%s" % (threads, blas, " omp_wait=passive" if passive else "")


def train_one(args, threads):
    import torch
    from torch import nn

    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    x = torch.rand(args.images, 3, 64, 64)
    y = torch.randint(0, 10, (args.images,))
    model = nn.Sequential(
        nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(14 * 14 * 64, 128), nn.ReLU(), nn.Linear(128, 10))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-7)
    epoch_seconds = []
    for _ in range(args.epochs):
        start = time.perf_counter()
        order = torch.randperm(args.images)
        for first in range(0, args.images, args.batch):
            index = order[first:first + args.batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x.index_select(0, index)), y.index_select(0, index))
            loss.backward()
            optimizer.step()
        epoch_seconds.append(time.perf_counter() - start)
    later = sorted(epoch_seconds[1:] or epoch_seconds)
    median = later[len(later) // 2]
    return {"images_per_second": args.images / median, "median_epoch_seconds": median,
            "epoch_seconds": epoch_seconds, "torch": torch.__version__}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--images", type=int, default=1024)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--settings", default="1,2,1:2,2:2:passive")
    p.add_argument("--child", default=None)
    args = p.parse_args()
    if args.child:
        threads = int(args.child)
        print(json.dumps(train_one(args, threads)))
        return
    best = None
    for threads, blas, passive in parse_settings(args.settings):
        env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(blas),
                   MKL_NUM_THREADS=str(blas))
        if passive:
            env["OMP_WAIT_POLICY"] = "PASSIVE"
        cmd = [sys.executable, __file__, "--images", str(args.images), "--epochs",
               str(args.epochs), "--batch", str(args.batch), "--child", str(threads)]
        run = subprocess.run(cmd, env=env, capture_output=True, text=True)
        line = {"setting": describe(threads, blas, passive)}
        if run.returncode != 0:
            line["error"] = (run.stderr.strip().splitlines() or ["exit %d" % run.returncode])[-1]
        else:
            line.update(json.loads(run.stdout.strip().splitlines()[-1]))
            if best is None or line["images_per_second"] > best["images_per_second"]:
                best = line
        print(json.dumps(line), flush=True)
    final = dict(best or {"error": "every setting failed"})
    final["final"] = True
    print(json.dumps(final))


if __name__ == "__main__":
    main()
