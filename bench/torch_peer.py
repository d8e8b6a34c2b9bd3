#!/usr/bin/python3
"""PyTorch CPU peer of `snip bench`: the same workloads and the same training step
(forward, softmax cross-entropy, backward, SGD momentum 0.9 at lr 0.1) on a fixed random batch,
or an inference pass at batch 1 / 100. For each sparsity > 0, also PyTorch's own sparse product:
SNIP masks (|g*w|, global top-k on the bench batch), Linear layers through torch.sparse.mm over
their kept weights (convolutions stay dense and masked: PyTorch has no sparse convolution).

Usage: torch_peer.py WORKLOAD [WORKLOAD...] --iters N --warmup N [--warmup-s S] --threads N [--budget-s S]
                     [--phases train,infer-b1,infer-b100] [--sparsities 0.9,0.98]
Prints one JSON line per measurement, in order, as each finishes:
{"workload", "phase", "sparsity", "kind" (dense | sparse-mm), "ms", "times_ms",
 "rss_mb" (peak of the process so far), "threads", "torch"}, or {..., "error"} if one failed.
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


def vgg(hidden):
    # The paper's VGG-D (hidden=2) and VGG-like (hidden=1) for CIFAR-10 (src/models/vgg.ts):
    # 3x3 SAME convs with bias + BN + ReLU, then `hidden` 512-wide dense + BN + ReLU layers.
    layers, cin = [], 3
    for block in [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]]:
        for cout in block:
            layers += [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]
            cin = cout
        layers.append(nn.MaxPool2d(2))
    layers.append(nn.Flatten())
    for _ in range(hidden):
        layers += [nn.Linear(512, 512), nn.BatchNorm1d(512), nn.ReLU()]
    layers.append(nn.Linear(512, 10))
    return nn.Sequential(*layers)


# name -> (model factory, batch, input shape NCHW per example)
WORKLOADS = {
    'W1': (lenet_300_100, 100, (1, 28, 28)),
    'W2': (lenet5_caffe, 100, (1, 28, 28)),
    'W3': (vgg_block, 64, (3, 32, 32)),
    'W4': (lambda: vgg(2), 128, (3, 32, 32)),
    'W5': (lambda: vgg(1), 128, (3, 32, 32)),
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('workloads', nargs='+', choices=sorted(WORKLOADS))
    p.add_argument('--iters', type=int, default=20)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--warmup-s', type=float, default=0.0, help='and warm up for at least this many seconds')
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--budget-s', type=float, default=60.0, help='stop timing after this many seconds')
    p.add_argument('--phases', default='train', help='comma-separated: train, infer-b1, infer-b100')
    p.add_argument('--sparsities', default='', help='comma-separated sparsities > 0 for the torch.sparse.mm rows')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    phases = [x for x in a.phases.split(',') if x]
    sparsities = [float(x) for x in a.sparsities.split(',') if x]
    for name in a.workloads:
        for phase in phases:
            print(json.dumps(measure(name, phase, 0.0, a)), flush=True)
            for sparsity in sparsities:
                print(json.dumps(measure(name, phase, sparsity, a)), flush=True)


class SparseLinear(nn.Module):
    """y = x Wᵀ + b with W's kept entries only: torch.sparse.mm over a COO matrix whose values
    are the trained parameter (its gradient is the nnz-long vector)."""

    def __init__(self, linear, mask):
        super().__init__()
        self.indices = mask.nonzero().t().contiguous()
        self.values = nn.Parameter(linear.weight.detach()[mask.bool()].clone())
        self.bias = nn.Parameter(linear.bias.detach().clone())
        self.shape = linear.weight.shape

    def forward(self, x):
        w = torch.sparse_coo_tensor(self.indices, self.values, self.shape)
        return torch.sparse.mm(w, x.t()).t() + self.bias


def snip_masks(model, x, y, sparsity):
    """Global top-k of |g*w| over Linear and Conv2d weights (SNIP's saliency)."""
    layers = [m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]
    model.zero_grad()
    F.cross_entropy(model(x), y).backward()
    scores = [(m.weight.grad * m.weight).abs().detach() for m in layers]
    flat = torch.cat([s.flatten() for s in scores])
    keep = max(1, round((1 - sparsity) * flat.numel()))
    threshold = torch.topk(flat, keep).values[-1]
    model.zero_grad(set_to_none=True)
    return {m: (s >= threshold).float() for m, s in zip(layers, scores)}


def sparsify(model, masks):
    """Linear → SparseLinear over its mask; Conv2d weights multiplied by theirs."""
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, nn.Linear):
                setattr(parent, name, SparseLinear(child, masks[child]))
            elif isinstance(child, nn.Conv2d):
                with torch.no_grad():
                    child.weight.mul_(masks[child])
    return model


def measure(name, phase, sparsity, a):
    head = {'workload': name, 'phase': phase, 'sparsity': sparsity, 'kind': 'sparse-mm' if sparsity > 0 else 'dense'}
    try:
        return {**head, **time_phase(name, phase, sparsity, a)}
    except Exception as err:  # one failed measurement must not hide the others
        return {**head, 'error': str(err).splitlines()[0] if str(err) else type(err).__name__}


def time_phase(name, phase, sparsity, a):
    torch.manual_seed(0)
    factory, batch, shape = WORKLOADS[name]
    model = factory()
    x = torch.rand(batch, *shape)
    y = torch.randint(0, 10, (batch,))
    if sparsity > 0:
        model = sparsify(model, snip_masks(model, x, y, sparsity))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    xb = torch.rand({'infer-b1': 1, 'infer-b100': 100}.get(phase, batch), *shape)

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    def infer():
        with torch.no_grad():
            return model(xb).sum().item()

    if phase != 'train':
        model.eval()
    step = train_step if phase == 'train' else infer
    warm_start, warmed = time.perf_counter(), 0
    while warmed < a.warmup or time.perf_counter() - warm_start < a.warmup_s:
        step()
        warmed += 1
    times = []
    start = time.perf_counter()
    while len(times) < a.iters and (not times or time.perf_counter() - start < a.budget_s):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {'ms': statistics.median(times), 'times_ms': times,
            'rss_mb': rss_mb, 'threads': torch.get_num_threads(), 'torch': torch.__version__}


if __name__ == '__main__':
    main()
