#!/usr/bin/python3
"""PyTorch CPU peer of `snip bench`: the same workloads and the same training step
(forward, softmax cross-entropy, backward, SGD momentum 0.9 at lr 0.1) on a fixed random batch.

Usage: torch_peer.py WORKLOAD [WORKLOAD...] --iters N --warmup N --threads N [--budget-s S]
Prints one JSON line per workload, in order, as each finishes:
{"workload", "ms", "times_ms", "rss_mb" (peak of the process so far), "threads", "torch"}.
Run it with Debian's python3 (python3-torch) and OMP_WAIT_POLICY=PASSIVE.
"""
import argparse
import json
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def lenet_300_100():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(),
                         nn.Linear(100, 10))


def lenet5_caffe():
    # No activation after the convolutions (Caffe's LeNet-5).
    return nn.Sequential(nn.Conv2d(1, 20, 5), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))


def vgg_block():
    def conv(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU()]
    return nn.Sequential(*conv(3, 64), *conv(64, 64), nn.MaxPool2d(2), *conv(64, 128), *conv(128, 128),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8192, 10))


def vgg_d():
    # The paper's VGG-D for CIFAR-10 (src/models/vgg.ts): 3x3 SAME convs with bias + BN + ReLU.
    layers, cin = [], 3
    for block in [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]]:
        for cout in block:
            layers += [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]
            cin = cout
        layers.append(nn.MaxPool2d(2))
    layers += [nn.Flatten(), nn.Linear(512, 512), nn.BatchNorm1d(512), nn.ReLU(),
               nn.Linear(512, 512), nn.BatchNorm1d(512), nn.ReLU(), nn.Linear(512, 10)]
    return nn.Sequential(*layers)


# name -> (model factory, batch, input shape NCHW per example)
WORKLOADS = {
    'W1': (lenet_300_100, 100, (1, 28, 28)),
    'W2': (lenet5_caffe, 100, (1, 28, 28)),
    'W3': (vgg_block, 64, (3, 32, 32)),
    'W4': (vgg_d, 128, (3, 32, 32)),
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('workloads', nargs='+', choices=sorted(WORKLOADS))
    p.add_argument('--iters', type=int, default=20)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--budget-s', type=float, default=60.0, help='stop timing after this many seconds')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    for name in a.workloads:
        print(json.dumps(measure(name, a)), flush=True)


def measure(name, a):
    torch.manual_seed(0)
    factory, batch, shape = WORKLOADS[name]
    model = factory()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    x = torch.rand(batch, *shape)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    times = []
    start = time.perf_counter()
    while len(times) < a.iters and (not times or time.perf_counter() - start < a.budget_s):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {'workload': name, 'ms': statistics.median(times), 'times_ms': times,
            'rss_mb': rss_mb, 'threads': torch.get_num_threads(), 'torch': torch.__version__}


if __name__ == '__main__':
    main()
