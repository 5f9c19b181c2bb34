"""PyTorch peer of Rectifier's TrainingBenchmark: the same network, data and training on one machine.

TrainingBenchmark (org.rectifier.examples.bench) exports the exact rows Rectifier trains on in its
section 3 and runs this script with Debian's PyTorch (/usr/bin/python3, package python3-torch):

    /usr/bin/python3 torch_mlp_benchmark.py --data DIR --epochs 5 [--batch 256] [--seed 1]
        [--settings 1,2,1:2,2:2:passive]

DIR holds train_x.npy (float32, rows x 784, row-major), train_y.npy (int32 labels 0..9) and
test_x.npy / test_y.npy in the same format.

What it trains, matching Rectifier's MLPClassifier in the benchmark: 784-256-256-10, ReLU hidden
layers, softmax + cross-entropy (nn.CrossEntropyLoss on the logits), float32, minibatches of 256
rows from a new shuffle each epoch (the last batch of an epoch is smaller, as in Rectifier), Adam
with lr 0.001, betas 0.9/0.999 and eps 1e-7 (Keras's constants, which Rectifier uses; PyTorch adds
eps after the bias correction of sqrt(v), Keras before it, which differs only while sqrt(v) is
~1e-7). Weights use PyTorch's default nn.Linear init, not Rectifier's He-normal init.

A setting "T", "T:B" or "T:B:passive" trains with torch.set_num_threads(T),
torch.set_num_interop_threads(1), OMP_NUM_THREADS=T and OPENBLAS_NUM_THREADS=MKL_NUM_THREADS=B
(B defaults to T); "passive" adds OMP_WAIT_POLICY=PASSIVE. Debian's PyTorch does its float32 GEMMs
in the system BLAS (libblas.so.3: OpenBLAS's pthread build when libopenblas0-pthread is installed),
whose threads are not PyTorch's OpenMP threads: with T=2 and B=2 on 2 cores, OpenMP's idle workers
spin and take the cores from OpenBLAS's threads unless they wait passively. BLAS libraries read
their thread count from the environment once, when loaded: so each setting runs in a fresh child
process of this script with its own environment.

Timing covers the training loop only (shuffle, gather, forward, backward, Adam step), per epoch, as
Rectifier's per-epoch seconds do; rows/s is training rows / the median epoch of epochs 2..n (epoch 1
pays warm-up), the same statistic the benchmark takes for Rectifier. loop_seconds is the whole loop
incl. epoch 1. Output: one JSON line per setting, then one line with "final": true for the setting
with the most rows/s.
"""

import argparse
import json
import os
import subprocess
import sys
import time


def parse_settings(text):
    """'1,2:1,2:2:passive' -> [(1, 1, False), (2, 1, False), (2, 2, True)]:
    (torch threads, BLAS threads, passive OpenMP wait)."""
    settings = []
    for item in text.split(","):
        parts = item.strip().split(":")
        threads = int(parts[0])
        blas = int(parts[1]) if len(parts) > 1 else threads
        passive = len(parts) > 2 and parts[2] == "passive"
        settings.append((threads, blas, passive))
    return settings


def describe(threads, blas_threads, passive):
    return "threads=%d interop=1 blas=%d%s" % (
        threads, blas_threads, " omp_wait=passive" if passive else "")


def spec(threads, blas_threads, passive):
    return "%d:%d%s" % (threads, blas_threads, ":passive" if passive else "")


def loaded_blas():
    """The BLAS libraries mapped into this process (what PyTorch's GEMMs actually ran on), as
    folder/file: e.g. openblas-pthread/libblas.so.3 for OpenBLAS, blas/libblas.so.3 for the
    reference BLAS."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    except OSError:
        return "unknown"
    names = sorted("%s/%s" % (os.path.basename(os.path.dirname(p)), os.path.basename(p))
                   for p in paths if not os.path.basename(p).startswith("liblapack"))
    return ",".join(names) or "none found"


def train_one(args, threads, blas_threads, passive):
    """Runs in the child process: trains once with this process's thread settings."""
    # Imported here: the parent must not load torch (and BLAS) before setting the child's env.
    import numpy as np
    import torch
    from torch import nn

    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)

    x = torch.from_numpy(np.load(os.path.join(args.data, "train_x.npy")))
    y = torch.from_numpy(np.load(os.path.join(args.data, "train_y.npy")).astype(np.int64))
    test_x = torch.from_numpy(np.load(os.path.join(args.data, "test_x.npy")))
    test_y = torch.from_numpy(np.load(os.path.join(args.data, "test_y.npy")).astype(np.int64))
    rows, features = x.shape

    model = nn.Sequential(
        nn.Linear(features, 256), nn.ReLU(),
        nn.Linear(256, 256), nn.ReLU(),
        nn.Linear(256, 10))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-7)

    epoch_seconds = []
    losses = []
    loop_start = time.perf_counter()
    for _ in range(args.epochs):
        start = time.perf_counter()
        # Index gathers per batch rather than a DataLoader: its per-row collation would make
        # PyTorch look slower than it can be.
        order = torch.randperm(rows)
        loss_sum = 0.0
        for first in range(0, rows, args.batch):
            index = order[first:first + args.batch]
            xb = x.index_select(0, index)
            yb = y.index_select(0, index)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            # Rows-weighted mean over the epoch's steps, as Rectifier's history reports it.
            loss_sum += loss.item() * len(index)
        epoch_seconds.append(time.perf_counter() - start)
        losses.append(loss_sum / rows)
    loop_seconds = time.perf_counter() - loop_start

    with torch.no_grad():
        predicted = model(test_x).argmax(dim=1)
        accuracy = (predicted == test_y).double().mean().item()

    later = sorted(epoch_seconds[1:] or epoch_seconds)
    median = later[len(later) // 2]  # the upper median, as the Java side takes for Rectifier
    return {
        "setting": describe(threads, blas_threads, passive),
        "threads": threads,
        "blas_threads": blas_threads,
        "omp_wait_passive": passive,
        "train_rows": rows,
        "test_rows": int(test_x.shape[0]),
        "epochs": args.epochs,
        "epoch_seconds": epoch_seconds,
        "median_epoch_seconds": median,
        "rows_per_second": rows / median,
        "loop_seconds": loop_seconds,
        "losses": losses,
        "final_loss": losses[-1],
        "test_accuracy": accuracy,
        "torch": torch.__version__,
        "blas": loaded_blas(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--settings", default="1,2,1:2,2:2:passive")
    parser.add_argument("--timeout-seconds", type=float, default=1800, help="per setting")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # one setting, set by the parent
    args = parser.parse_args()

    if args.child:
        (setting,) = parse_settings(args.child)
        print(json.dumps(train_one(args, *setting)), flush=True)
        return

    results = []
    for setting in parse_settings(args.settings):
        threads, blas_threads, passive = setting
        env = dict(os.environ, OMP_NUM_THREADS=str(threads),
                   OPENBLAS_NUM_THREADS=str(blas_threads), MKL_NUM_THREADS=str(blas_threads))
        env.pop("OMP_WAIT_POLICY", None)
        if passive:
            env["OMP_WAIT_POLICY"] = "PASSIVE"
        command = [sys.executable, os.path.abspath(__file__)] + sys.argv[1:] + [
            "--child", spec(*setting)]
        try:
            # stderr passes through, so PyTorch's warnings reach the benchmark's console.
            done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True,
                                  timeout=args.timeout_seconds, check=True)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            results.append(result)
        except (subprocess.SubprocessError, ValueError, IndexError) as e:
            result = {"setting": describe(*setting), "error": str(e)}
        print(json.dumps(result), flush=True)

    if not results:
        print(json.dumps({"final": True, "error": "no setting finished"}), flush=True)
        sys.exit(1)
    best = max(results, key=lambda r: r["rows_per_second"])
    print(json.dumps(dict(best, final=True, best_setting=best["setting"])), flush=True)


if __name__ == "__main__":
    main()
