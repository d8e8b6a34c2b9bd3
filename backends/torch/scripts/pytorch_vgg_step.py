"""PyTorch reference for gpu_bench.ts: the same VGG-like / VGG-D training step (conv3x3+bias ->
BN -> ReLU blocks, 5 max pools, 512-wide dense+BN+ReLU, dense 10) and WRN-16-8 (src/models/wrn.ts:
3x3x16 stem, 3 groups of 2 pre-activation basic blocks of widths 128, 256, 512, no conv biases,
1x1 projection shortcuts from the pre-activated input, BN -> ReLU, global average pool, dense 10);
SGD momentum 0.9, weight decay 5e-4, batch 128 of 32x32x3, cuDNN autotuning on, TF32 off unless
TF32=1. MODELS (default vgg-like,vgg-d,wrn-16-8) picks the models. Prints JSON."""
import json, os, sys, time
import torch
import torch.nn as nn

D_BLOCKS = [[3, 3], [3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]]


def vgg(hidden):
    layers, c = [], 3
    for b, sizes in enumerate(D_BLOCKS):
        f = min(64 * 2 ** b, 512)
        for k in sizes:
            layers += [nn.Conv2d(c, f, k, padding=k // 2), nn.BatchNorm2d(f, eps=1e-5, momentum=0.1), nn.ReLU()]
            c = f
        layers.append(nn.MaxPool2d(2, 2))
    layers.append(nn.Flatten())
    for _ in range(hidden):
        layers += [nn.Linear(c, 512), nn.BatchNorm1d(512), nn.ReLU()]
        c = 512
    layers.append(nn.Linear(c, 10))
    return nn.Sequential(*layers)


class BasicBlock(nn.Module):
    """o = ReLU(BN(x)); y = conv(ReLU(BN(conv(o, stride)))); out = y + (projection(o) or x)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1, self.bn2 = nn.BatchNorm2d(cin), nn.BatchNorm2d(cout)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.shortcut = nn.Conv2d(cin, cout, 1, stride, 0, bias=False) if cin != cout or stride != 1 else None

    def forward(self, x):
        o = torch.relu(self.bn1(x))
        y = self.conv2(torch.relu(self.bn2(self.conv1(o))))
        return y + (self.shortcut(o) if self.shortcut is not None else x)


def wrn(depth, k):
    n = (depth - 4) // 6
    layers, c = [nn.Conv2d(3, 16, 3, 1, 1, bias=False)], 16
    for g, f in enumerate([16 * k, 32 * k, 64 * k]):
        for b in range(n):
            layers.append(BasicBlock(c, f, 2 if g > 0 and b == 0 else 1))
            c = f
    layers += [nn.BatchNorm2d(c), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, 10)]
    return nn.Sequential(*layers)


MODELS = {'vgg-like': lambda: vgg(1), 'vgg-d': lambda: vgg(2), 'wrn-16-8': lambda: wrn(16, 8)}


def time_steps(name, channels_last, steps):
    model = MODELS[name]().cuda()
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.rand(128, 3, 32, 32, device='cuda').to(memory_format=fmt)
    y = torch.arange(128, device='cuda') % 10
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    for _ in range(5):
        step()
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    torch.cuda.synchronize()
    return (time.perf_counter() - t0) / steps * 1e3


if __name__ == '__main__':
    tf32 = os.environ.get('TF32') == '1'
    torch.backends.cudnn.benchmark = True
    torch.backends.cudnn.allow_tf32 = tf32
    torch.backends.cuda.matmul.allow_tf32 = tf32
    steps = int(os.environ.get('STEPS', '30'))
    out = {'torch': torch.__version__, 'gpu': torch.cuda.get_device_name(), 'tf32': tf32, 'steps': steps}
    for name in os.environ.get('MODELS', 'vgg-like,vgg-d,wrn-16-8').split(','):
        for cl in (False, True):
            out[f"{name}_step_ms_b128{'_channels_last' if cl else ''}"] = time_steps(name, cl, steps)
    print(json.dumps(out, indent=1))
    if len(sys.argv) > 1:
        with open(sys.argv[1], 'w') as f:
            json.dump(out, f, indent=1)
