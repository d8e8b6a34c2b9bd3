"""PyTorch CPU peer of workloads.ts: median ms per SGD training step.
Run with Debian's torch:  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 backends/native/bench/torch_step.py [--steps N] [--only W2]
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def lenet300():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(), nn.Linear(100, 10))


def lenet5_caffe():
    return nn.Sequential(nn.Conv2d(1, 20, 5), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))


def vgg_block():
    c = lambda i, o: [nn.Conv2d(i, o, 3, padding=1), nn.ReLU()]
    return nn.Sequential(*c(3, 64), *c(64, 64), nn.MaxPool2d(2), *c(64, 128), *c(128, 128), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(8192, 10))


WORKLOADS = [('W1 lenet-300-100 b100', lenet300, 100, (1, 28, 28)),
             ('W2 lenet5-caffe b100', lenet5_caffe, 100, (1, 28, 28)),
             ('W3 vgg-block b64', vgg_block, 64, (3, 32, 32))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--steps', type=int, default=20)
    ap.add_argument('--only', default='')
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    for name, build, batch, shape in WORKLOADS:
        if not name.startswith(args.only):
            continue
        model = build()
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        x, y = torch.randn(batch, *shape), torch.randint(0, 10, (batch,))

        def step():
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()

        for _ in range(3):
            step()
        times = []
        for _ in range(args.steps):
            t0 = time.perf_counter()
            step()
            times.append((time.perf_counter() - t0) * 1e3)
        times.sort()
        print(f'torch   {name:<24} median {times[len(times) // 2]:.2f} ms  min {times[0]:.2f} ms')


if __name__ == '__main__':
    main()
